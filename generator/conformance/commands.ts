// The model-based property test (modelBased) and its commands: each runs on the engine and
// the IR interpreter together through step, which checks after
// every step that both give the same outcome and snapshot, that invariants hold, that the
// version rises by one on acceptance and that a rejection returns the same, unchanged object.

import fc from 'fast-check';
import { expect } from 'vitest';
import { neverNegative, type IrField, type IrMachine } from '../lower/ir.ts';
import type { Runtime } from '../semantics/runtime.ts';
import type { Value } from '../semantics/values.ts';
import {
  atTime,
  type EngineAdapter,
  type EngineOutcome,
  type EngineSnapshot,
  type EngineUnderTest,
} from './adapter.ts';
import { START_TIME } from './plan.ts';

/** The system under test's side: the engine snapshot, the clock, the accepted events. */
export class Run<S extends EngineSnapshot, E extends { readonly type: string }, I> {
  snapshot: S;
  now = START_TIME;
  readonly accepted: E[] = [];
  /** The IR interpreter with this run's params. */
  readonly oracle: Runtime;
  /** The params are the model's, for which the model check proved the invariants. */
  readonly modelParams: boolean;
  /** `params`: values by spec name; null for the model values. */
  constructor(
    suite: EngineAdapter<S, E, I>,
    params: Readonly<Record<string, number | boolean>> | null = null,
  ) {
    this.modelParams = params === null;
    this.oracle = params === null ? suite.oracle : suite.oracleWith(params);
    this.snapshot = suite.create0(params);
  }
}

/** Param values other than the model's: durations and counts around them (the engine and
 *  the IR interpreter must agree for any values, not only those TLC explored). */
export function paramsArbitrary(
  ir: IrMachine,
): fc.Arbitrary<Record<string, number | boolean> | null> {
  const one = (p: IrMachine['params'][number]): fc.Arbitrary<number | boolean> =>
    typeof p.modelValue === 'boolean'
      ? fc.boolean()
      : p.type.kind === 'duration'
        ? fc.integer({ min: 1, max: 3 * p.modelValue + 3 })
        : fc.integer({ min: Math.max(0, p.modelValue - 1), max: p.modelValue + 2 });
  const varied = fc.record(
    Object.fromEntries(ir.params.map((p) => [p.name, one(p)])),
  ) as fc.Arbitrary<Record<string, number | boolean>>;
  return ir.params.length === 0 ? fc.constant(null) : fc.oneof(fc.constant(null), varied);
}

/** fast-check command sequences against the engine (the system under test) and the IR
 *  interpreter (the model): ticks, events with model or adversarial payloads and right,
 *  wrong or no expectedVersion, replays of accepted events, untrusted JSON through
 *  parseEvent. Half the runs use the params' model values, half other values (the two
 *  must agree for any params; invariants are asserted for the model's, which TLC proved). The seed is printed; TETHER_SEED replays it, TETHER_CONFORMANCE_RUNS sets
 *  the number of runs (default 3000, a few seconds on the flagship). */
export function modelBased<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
): { seed: number; runs: number } {
  const seed =
    process.env['TETHER_SEED'] !== undefined
      ? Number(process.env['TETHER_SEED'])
      : Math.floor(Math.random() * 0x7fffffff);
  const runs = Number(process.env['TETHER_CONFORMANCE_RUNS'] ?? 3000);
  if (!Number.isInteger(seed) || !Number.isInteger(runs) || runs < 1)
    throw new Error('TETHER_SEED and TETHER_CONFORMANCE_RUNS must be integers');
  console.log(
    `${a.ir.name} model-based test: seed ${seed}, ${runs} runs (replay: TETHER_SEED=${seed})`,
  );
  const commands = modelCommands(a);
  fc.assert(
    fc.property(
      paramsArbitrary(a.ir),
      fc.commands(commands, { maxCommands: 60, size: 'max' }),
      (params, cmds) => {
        // Params for which the initial snapshot breaks an invariant: createX refuses it.
        const broken = params === null ? [] : a.initialViolations(params);
        if (broken.length > 0) a.expectRefusedCreation(params, broken);
        else fc.modelRun(() => ({ model: {}, real: new Run(a, params) }), cmds);
      },
    ),
    { seed, numRuns: runs, includeErrorInReport: true },
  );
  return { seed, runs };
}

/** One step on both sides, with every check of the model-based test. */
export function step<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  run: Run<S, E, I>,
  e: E,
): EngineOutcome<S> {
  const before = run.snapshot;
  const copy = structuredClone(before);
  const got = a.engine.dispatch(before, e, run.now);
  a.expectOracle(before, e, run.now, got, run.oracle);
  const where = `${a.showEvent(e)} at ${atTime(run.now)}`;
  if (got.ok) {
    expect(got.snapshot.version, `${where}: version strictly increases`).toBe(before.version + 1);
    // The invariants are proved for the model's params; with others, agreeing is what counts.
    if (run.modelParams)
      expect(
        a.oracle.violatedInvariant(a.slots(got.snapshot), run.now),
        `${where}: invariants after the step`,
      ).toBeNull();
    run.accepted.push(e);
  } else {
    expect(got.snapshot, `${where}: a rejection returns the same snapshot object`).toBe(before);
    expect(before, `${where}: a rejection changes nothing`).toEqual(copy);
  }
  run.snapshot = got.snapshot;
  return got;
}

/** parseEvent on untrusted input: never throws, and what it accepts is dispatched. */
export function parse<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  run: Run<S, E, I>,
  raw: unknown,
  mustAccept: E | null,
): void {
  let result: ReturnType<EngineUnderTest<S, E, I>['parseEvent']>;
  try {
    result = a.engine.parseEvent(raw);
  } catch (error) {
    throw new Error(`parseEvent threw on ${safeShow(raw)}: ${(error as Error).message}`);
  }
  if (mustAccept) {
    expect(result.ok, `parseEvent accepts the valid event ${safeShow(raw)}`).toBe(true);
    if (result.ok) expect(result.event).toEqual(mustAccept);
  }
  if (result.ok) step(a, run, result.event);
}

/** The engine's parseEvent, unwrapped (for input it must refuse). */
export function parseOnly<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  raw: unknown,
): ReturnType<EngineUnderTest<S, E, I>['parseEvent']> {
  return a.engine.parseEvent(raw);
}

/** The payloads of an event that get furthest through the guards in the current snapshot
 *  (per the oracle): those accepted if any, else the near misses, whose rejection is
 *  decided by the last clauses (time bounds, rate limits) that random payloads rarely reach. */
export function guidedPayloads<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  run: Run<S, E, I>,
  ev: number,
): readonly (readonly Value[])[] {
  const all = a.graph.model.eventPayloads(ev);
  const slots = a.slots(run.snapshot);
  const reach = all.map((p) =>
    run.oracle.furthest(slots, a.runtimeEvent(a.engineEvent(ev, p)), run.now),
  );
  const best = Math.max(...reach);
  return all.filter((_, i) => reach[i] === best);
}

/** An event's fields in the order of the spec, each with its IR type. */
export function eventFields<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  ev: number,
): readonly IrField[] {
  return a.ir.events[ev]!.fields;
}

type Cmd<S extends EngineSnapshot, E extends { readonly type: string }, I> = fc.Command<
  object,
  Run<S, E, I>
>;

/** JSON.stringify that survives anything (for messages). */
export function safeShow(v: unknown): string {
  try {
    const s = JSON.stringify(v, (_, x: unknown) =>
      typeof x === 'number' && !Number.isFinite(x)
        ? String(x)
        : typeof x === 'string' && x.length > 40
          ? `${x.slice(0, 20)}…(${x.length} chars)`
          : x,
    );
    return s ?? String(v);
  } catch {
    return String(v);
  }
}

/** Untrusted input that parseEvent must refuse: a valid event spoiled in one way. */
const SPOILERS = [
  'extra',
  'badType',
  'wrongType',
  'drop',
  'proto',
  'constructor',
  'huge',
  'nan',
  'fraction',
  'negative',
  'stringVersion',
  'array',
  'arrayWithFields',
  'null',
  'inherited',
  'inheritedField',
  'outOfType',
] as const;
type Spoiler = (typeof SPOILERS)[number];

export function modelCommands<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  suite: EngineAdapter<S, E, I>,
): fc.Arbitrary<Cmd<S, E, I>>[] {
  const ir = suite.ir;
  const events = ir.events.map((_, i) => i);
  const ends = (ev: number): boolean =>
    ir.transitions
      .filter((t) => t.event === ir.events[ev]!.name)
      .every(
        (t) => ir.states.find((s) => t.target !== null && s.name === t.target)?.terminal === true,
      );
  // Events that only end the machine are drawn rarely, so runs get somewhere.
  const eventIndex = fc.oneof(
    ...events.map((ev) => ({ weight: ends(ev) ? 1 : 8, arbitrary: fc.constant(ev) })),
  );

  const pickPayload = (
    run: Run<S, E, I>,
    ev: number,
    pick: number,
    guided: boolean,
  ): readonly Value[] => {
    const accepted = guided ? guidedPayloads(suite, run, ev) : [];
    const from = accepted.length > 0 ? accepted : suite.graph.model.eventPayloads(ev);
    return from[pick % from.length]!;
  };
  /** Replaces the first id field with an id the model never uses. */
  const foreign = (ev: number, payload: readonly Value[], id: string): readonly Value[] => {
    const fields = eventFields(suite, ev);
    const i = fields.findIndex((f) => f.type.kind === 'opaque');
    return i < 0 ? payload : payload.map((v, j) => (j === i ? id : v));
  };

  /** Replaces a field with a model range by a value the model never sends: the engine and
   *  the IR interpreter must agree on any value the field can carry at runtime. */
  const widen = (ev: number, payload: readonly Value[], k: number): readonly Value[] => {
    const fields = eventFields(suite, ev);
    const ranged = fields.flatMap((f, i) => (f.model ? [i] : []));
    if (ranged.length === 0) return payload;
    const i = ranged[k % ranged.length]!;
    const f = fields[i]!;
    const m = payload[i] as number; // the model's value
    const values =
      f.type.kind === 'duration'
        ? [m + 1, m * 1000 + 7, 0, 0.5]
        : f.natural
          ? [m + 1, m * 1000 + 7, 0]
          : [m + 1, m * 1000 + 7, -m - 1, -1_000_000];
    const v = values[Math.floor(k / ranged.length) % values.length]!;
    return payload.map((x, j) => (j === i ? v : x));
  };

  const tick = fc.integer({ min: 1, max: 4 }).map((ms): Cmd<S, E, I> => ({
    check: () => true,
    run: (_m, r) => void (r.now += ms),
    toString: () => `tick +${ms}ms`,
  }));

  const send = fc
    .record({
      ev: eventIndex,
      pick: fc.nat(),
      guided: fc.boolean(),
      version: fc.constantFrom('none', 'none', 'right', 'stale', 'ahead'),
      foreignId: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { freq: 6 }),
      wide: fc.option(fc.nat(), { freq: 3 }),
    })
    .map((c): Cmd<S, E, I> => ({
      check: () => true,
      run: (_m, r) => {
        let payload = pickPayload(r, c.ev, c.pick, c.guided);
        if (c.foreignId !== null) payload = foreign(c.ev, payload, `foreign:${c.foreignId}`);
        if (c.wide !== null) payload = widen(c.ev, payload, c.wide);
        const v = r.snapshot.version;
        const expected =
          c.version === 'none'
            ? undefined
            : c.version === 'right'
              ? v
              : c.version === 'ahead'
                ? v + 1
                : v === 0
                  ? 2
                  : v - 1;
        step(suite, r, suite.engineEvent(c.ev, payload, expected));
      },
      toString: () =>
        `send ${ir.events[c.ev]!.name} (pick ${c.pick}${c.guided ? ', guided' : ''}, version ${c.version}${c.foreignId !== null ? ', foreign id' : ''}${c.wide !== null ? `, wide ${c.wide}` : ''})`,
    }));

  const replay = fc.record({ k: fc.nat(), keepVersion: fc.boolean() }).map((c): Cmd<S, E, I> => ({
    check: () => true,
    run: (_m, r) => {
      if (r.accepted.length === 0) return;
      const e = r.accepted[c.k % r.accepted.length]!;
      if (c.keepVersion) return void step(suite, r, e);
      const { expectedVersion: _, ...rest } = e as E & { expectedVersion?: number };
      step(suite, r, rest as unknown as E);
    },
    toString: () =>
      `replay accepted event #${c.k}${c.keepVersion ? ' with its expectedVersion' : ''}`,
  }));

  const json = (e: E): Record<string, unknown> =>
    JSON.parse(
      JSON.stringify(e, (_, x: unknown) => (x instanceof Set ? [...(x as Set<unknown>)] : x)),
    ) as Record<string, unknown>;
  const hasSetField = (ev: number): boolean =>
    eventFields(suite, ev).some((f) => f.type.kind === 'set');

  const validJson = fc
    .record({ ev: eventIndex, pick: fc.nat(), guided: fc.boolean() })
    .map((c): Cmd<S, E, I> => ({
      check: () => true,
      run: (_m, r) => {
        const e = suite.engineEvent(c.ev, pickPayload(r, c.ev, c.pick, c.guided));
        parse(suite, r, json(e), hasSetField(c.ev) ? null : e);
      },
      toString: () => `parseEvent(valid ${ir.events[c.ev]!.name} as JSON, pick ${c.pick})`,
    }));

  const spoiled = fc
    .record({ ev: eventIndex, pick: fc.nat(), how: fc.constantFrom(...SPOILERS), field: fc.nat() })
    .map((c): Cmd<S, E, I> => ({
      check: () => true,
      run: (_m, r) => {
        const e = suite.engineEvent(c.ev, pickPayload(r, c.ev, c.pick, false));
        const raw = spoil(json(e), c.how, c.field, eventFields(suite, c.ev));
        if (raw === undefined) return; // this event has nothing to spoil that way
        let result;
        try {
          result = parseOnly(suite, raw);
        } catch (error) {
          throw new Error(`parseEvent threw on ${safeShow(raw)}: ${(error as Error).message}`);
        }
        if (result.ok)
          throw new Error(`parseEvent accepted a spoiled event (${c.how}): ${safeShow(raw)}`);
        // Fields found on the prototype are not fields: `type` is the first one missing.
        if (c.how === 'inherited')
          expect(result.error, `parseEvent on an inherited ${ir.events[c.ev]!.name}`).toBe(
            'missing field type',
          );
      },
      toString: () => `parseEvent(${ir.events[c.ev]!.name} spoiled: ${c.how})`,
    }));

  const garbage = fc.jsonValue().map((raw): Cmd<S, E, I> => ({
    check: () => true,
    run: (_m, r) => parse(suite, r, raw, null),
    toString: () => `parseEvent(${safeShow(raw)})`,
  }));

  return [tick, tick, send, send, send, send, send, replay, validJson, spoiled, garbage];
}

/** A JSON event spoiled one way, or undefined when the event offers nothing to spoil so. */
function spoil(
  e: Record<string, unknown>,
  how: Spoiler,
  pick: number,
  types: readonly IrField[],
): unknown {
  const fields = Object.keys(e).filter((k) => k !== 'type' && k !== 'expectedVersion');
  const field = fields.length > 0 ? fields[pick % fields.length]! : null;
  switch (how) {
    // A number outside its field's type: a fraction for an integer, a negative Nat or Duration.
    case 'outOfType': {
      const numeric = types.flatMap((f, i) => {
        const bad = neverNegative(f) ? -1 : f.type.kind === 'int' ? 0.5 : null;
        return bad === null || fields[i] === undefined ? [] : [[fields[i], bad] as const];
      });
      if (numeric.length === 0) return undefined;
      const [k, bad] = numeric[pick % numeric.length]!;
      return { ...e, [k]: bad };
    }
    case 'extra':
      return { ...e, unexpected: 1 };
    case 'badType':
      return { ...e, type: `${String(e['type'])}_NOT_AN_EVENT` };
    case 'wrongType': {
      if (!field) return undefined;
      const v = e[field];
      return {
        ...e,
        [field]:
          typeof v === 'string'
            ? 42
            : typeof v === 'number'
              ? String(v)
              : typeof v === 'boolean'
                ? 'true'
                : { v },
      };
    }
    case 'drop': {
      if (!field) return undefined;
      const { [field]: _, ...rest } = e;
      return rest;
    }
    case 'proto':
      return JSON.parse(
        `{"__proto__": {"polluted": true}, ${JSON.stringify(e).slice(1)}`,
      ) as unknown;
    case 'constructor':
      return { ...e, constructor: { prototype: {} } };
    case 'huge': {
      const s = fields.find((k) => typeof e[k] === 'string');
      return s ? { ...e, [s]: 'x'.repeat(1_000_000) } : undefined;
    }
    case 'nan':
      return { ...e, expectedVersion: Number.NaN };
    case 'fraction':
      return { ...e, expectedVersion: 1.5 };
    case 'negative':
      return { ...e, expectedVersion: -1 };
    case 'stringVersion':
      return { ...e, expectedVersion: '0' };
    case 'array':
      return [e];
    // Not JSON either: an array that carries the event's fields as its own properties.
    case 'arrayWithFields':
      return Object.assign([], e);
    case 'null':
      return null;
    // Not JSON, but parseEvent takes `unknown`: fields found on the prototype are not fields.
    case 'inherited':
      return Object.create(e) as unknown;
    case 'inheritedField': {
      if (!field) return undefined;
      const { [field]: value, ...rest } = e;
      return Object.assign(Object.create({ [field]: value }) as object, rest);
    }
    default: {
      const unreachable: never = how;
      return unreachable;
    }
  }
}
