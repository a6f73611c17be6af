// The value adapter of the conformance runtime: what the suites need of a generated engine,
// and the conversions between its snapshots and events and the IR interpreter's slot arrays
// (camelCase fields, Sets, absolute times), with the one check every job shares: the
// engine's outcome is the IR interpreter's. Printing is in spec terms (times as now+N).

import { camel } from '../names/ts.ts';
import { exploreGraph, type ReachableGraph } from '../explore/explore.ts';
import type { IrMachine } from '../lower/ir.ts';
import { isTimeType } from '../lower/types.ts';
import { STATE_SLOT, VERSION_SLOT } from '../semantics/compile.ts';
import { slotNames, TIME_PASSED, VERSION_MODULUS } from '../semantics/model.ts';
import { Runtime, type RuntimeEvent, type RuntimeOutcome } from '../semantics/runtime.ts';
import {
  isMapValue,
  isSeqValue,
  makeMap,
  makeSet,
  showTime,
  showValue,
  valueKey,
  type Value,
} from '../semantics/values.ts';
import { START_TIME } from './plan.ts';
import type { TraceEntry } from './itf.ts';

/** Whether an engine value is a set or a map: a Set or a Map, or the engine's persistent
 *  set or map (runtime-helpers.ts), which has their methods and is neither (`instanceof`).
 *  A map has `get`, a set does not. */
function collectionKind(v: unknown): 'set' | 'map' | null {
  if (v instanceof Set) return 'set';
  if (v instanceof Map) return 'map';
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const c = v as { has?: unknown; size?: unknown; get?: unknown; entries?: unknown };
  if (typeof c.has !== 'function' || typeof c.size !== 'number' || typeof c.entries !== 'function')
    return null;
  return typeof c.get === 'function' ? 'map' : 'set';
}

/** A value of the engine (a ReadonlySet for a set, a ReadonlyMap for a map, at every depth)
 *  as the model's value. */
function fromEngine(v: unknown): Value {
  const kind = collectionKind(v);
  if (kind === 'set') return makeSet([...(v as ReadonlySet<unknown>)].map(fromEngine));
  if (Array.isArray(v)) return { items: (v as unknown[]).map(fromEngine) };
  if (kind === 'map')
    return makeMap(
      [...(v as ReadonlyMap<unknown, unknown>)].map(([k, x]) => [fromEngine(k), fromEngine(x)]),
    );
  return v as Value;
}

/** A model value as the engine holds it: a set, at every depth, is a Set, a map a Map. */
function toEngine(v: Value): unknown {
  if (Array.isArray(v)) return new Set(v.map(toEngine));
  if (isSeqValue(v)) return v.items.map(toEngine);
  if (isMapValue(v)) return new Map(v.entries.map(([k, x]) => [toEngine(k), toEngine(x)]));
  return v;
}

/** A disagreement between the engine and the model, told in spec terms. */
export class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
}

/** An outcome as the suites compare and show it: taken by which transition, or rejected why. */
export const showOutcome = (x: EngineOutcome<unknown> | RuntimeOutcome): string =>
  x.ok ? `taken by ${x.transition}, ${x.from} -> ${x.to} (${x.reason})` : `rejected ${x.reason}`;

/** A dispatch time, relative to the suite's start time. */
export const atTime = (now: number): string =>
  now >= START_TIME ? `now+${now - START_TIME}` : `now-${START_TIME - now}`;

/** What the suites need of a snapshot and an outcome (every generated engine has these). */
export interface EngineSnapshot {
  readonly state: string;
  readonly version: number;
}

export type EngineOutcome<S> =
  | {
      readonly ok: true;
      readonly snapshot: S;
      readonly from: string;
      readonly to: string;
      readonly transition: string;
      readonly reason: string;
    }
  | { readonly ok: false; readonly snapshot: S; readonly reason: string };

export interface EngineUnderTest<S extends EngineSnapshot, E extends { readonly type: string }, I> {
  readonly create: (init: I) => S;
  readonly dispatch: (s: S, e: E, now: number) => EngineOutcome<S>;
  readonly parseEvent: (
    raw: unknown,
  ) => { readonly ok: true; readonly event: E } | { readonly ok: false; readonly error: string };
  /** The engine's stored-snapshot functions (every engine has them; tests may leave them out). */
  readonly serializeSnapshot?: (s: S, options: { readonly params?: boolean }) => unknown;
  readonly parseSnapshot?: (
    raw: unknown,
    options: { readonly params?: ParamsOf<I>; readonly now: number },
  ) => { readonly ok: true; readonly snapshot: S } | { readonly ok: false; readonly error: string };
}

/** The params of an engine's init. */
export type ParamsOf<I> = I extends { readonly params: infer P } ? P : never;

/** The consts of the machine (its init without params and now). */
export type Start<I> = Omit<I, 'params' | 'now'>;

/** Param values by name (spec names for the IR interpreter, camelCase for the engine). */
export type Params = Readonly<Record<string, number | boolean>>;

/** A generated engine next to the IR interpreter of its machine. */
export class EngineAdapter<S extends EngineSnapshot, E extends { readonly type: string }, I> {
  readonly ir: IrMachine;
  readonly oracle: Runtime;
  /** The engine runs with the params' model values: one model tick is one millisecond. */
  readonly params: Params;
  readonly engine: EngineUnderTest<S, E, I>;
  /** The slots that hold times. */
  readonly timeSlots: readonly number[];
  /** The engine's field name of each slot. */
  readonly #fields: readonly (readonly [string, number])[];
  readonly #oracles = new Map<string, Runtime>();
  #graph: ReachableGraph | null = null;

  constructor(ir: IrMachine, engine: EngineUnderTest<S, E, I>) {
    this.ir = ir;
    this.engine = engine;
    this.oracle = new Runtime(ir, Object.fromEntries(ir.params.map((p) => [p.name, p.modelValue])));
    this.params = Object.fromEntries(ir.params.map((p) => [camel(p.name), p.modelValue]));
    this.#fields = [...this.oracle.layout.slots].map(
      ([name, slot]) => [camel(name), slot] as const,
    );
    this.timeSlots = [...ir.consts, ...ir.vars].flatMap((d) =>
      isTimeType(d.type) ? [this.oracle.layout.slots.get(d.name)!] : [],
    );
  }

  /** The model's reachable graph (explored once per suite). */
  get graph(): ReachableGraph {
    this.#graph ??= exploreGraph(this.ir);
    return this.#graph;
  }

  // ---- conversions between the engine and the IR interpreter ----

  create(start: Start<I>, now = START_TIME, params: Params = this.params): S {
    return this.engine.create({ ...start, params, now } as unknown as I);
  }

  /** The first initial state of the model, created with the model's params or others. */
  create0(params: Params | null = null): S {
    return this.create(this.startOf(this.graph.states[0]!), START_TIME, this.engineParams(params));
  }

  /** The invariants the initial snapshot of `create0(params)` breaks, by the IR interpreter
   *  (createX refuses such a snapshot: README, "Using the generated engine"). None for the
   *  model's params of a spec whose check passes. */
  initialViolations(params: Params | null = null): string[] {
    const oracle = params === null ? this.oracle : this.oracleWith(params);
    const m = this.graph.states[0]!;
    const consts = Object.fromEntries(
      this.ir.consts.map((c) => [c.name, m[this.oracle.layout.slots.get(c.name)!] ?? null]),
    );
    return oracle.violatedInvariants(oracle.create(consts, START_TIME), START_TIME);
  }

  /** createX refuses the initial snapshot for these params with a RangeError naming each
   *  invariant it breaks (`broken`, from initialViolations). */
  expectRefusedCreation(params: Params | null, broken: readonly string[]): void {
    let thrown: unknown = null;
    try {
      this.create0(params);
    } catch (error) {
      thrown = error;
    }
    const shown = JSON.stringify(this.engineParams(params));
    if (!(thrown instanceof RangeError))
      throw new ConformanceError(
        `with params ${shown} the initial snapshot breaks ${broken.join(', ')}, but create did not throw a RangeError${thrown === null ? '' : ` (it threw ${String(thrown)})`}`,
      );
    const missing = broken.filter((name) => !thrown.message.includes(name));
    if (missing.length > 0)
      throw new ConformanceError(
        `with params ${shown} create refused the initial snapshot without naming ${missing.join(', ')}: ${thrown.message}`,
      );
  }

  /** The engine's params for param values by spec name (null: the model's). */
  engineParams(params: Params | null): Params {
    return params === null
      ? this.params
      : Object.fromEntries(Object.entries(params).map(([k, v]) => [camel(k), v]));
  }

  /** The IR interpreter with other param values (by spec name), cached. */
  oracleWith(params: Params): Runtime {
    const key = JSON.stringify(params);
    let o = this.#oracles.get(key);
    if (!o) {
      o = new Runtime(this.ir, params);
      this.#oracles.set(key, o);
    }
    return o;
  }

  /** The engine's consts (its init without params and now) of a model state; a set-valued
   *  const is a ReadonlySet there. */
  startOf(m: readonly Value[]): Start<I> {
    return Object.fromEntries(
      this.ir.consts.map((c) => [
        camel(c.name),
        toEngine(m[this.oracle.layout.slots.get(c.name)!] ?? null),
      ]),
    ) as Start<I>;
  }

  /** The engine event of a trace step (by its event, so a counterexample still replays once
   *  the spec no longer has its transition). */
  traceEvent(entry: TraceEntry, file: string): E {
    const ev = this.ir.events.findIndex((x) => x.name === entry.event);
    if (ev < 0)
      throw new ConformanceError(
        `${file}: the spec has no event ${entry.event ?? '(none)'} any more`,
      );
    return this.engineEvent(
      ev,
      this.ir.events[ev]!.fields.map((f) => entry.payload[f.name] ?? null),
    );
  }

  /** The oracle's slot array for an engine snapshot (absolute times, sorted sets). */
  slots(s: S): Value[] {
    const out: Value[] = new Array<Value>(this.oracle.layout.size).fill(null);
    out[STATE_SLOT] = s.state;
    out[VERSION_SLOT] = s.version;
    const record = s as unknown as Record<string, unknown>;
    for (const [field, slot] of this.#fields) {
      const v = record[field];
      out[slot] = fromEngine(v);
    }
    return out;
  }

  /** The engine snapshot of an oracle slot array (the params' model values). */
  engineSnapshot(slots: readonly Value[], params: Params = this.params): S {
    const out: Record<string, unknown> = {
      state: slots[STATE_SLOT],
      version: slots[VERSION_SLOT],
      params,
    };
    for (const [field, slot] of this.#fields) out[field] = toEngine(slots[slot] ?? null);
    return out as unknown as S;
  }

  /** The model state an engine snapshot stands for at time `now` (relative times clamped at
   *  "passed", version mod 2): the one canonical encoding both graphs are compared under. */
  abstract(s: S, now: number): Value[] {
    const out = this.slots(s);
    out[VERSION_SLOT] = (out[VERSION_SLOT] as number) % VERSION_MODULUS;
    for (const slot of this.timeSlots) {
      const v = out[slot];
      if (typeof v === 'number') out[slot] = Math.max(v - now, TIME_PASSED);
    }
    return out;
  }

  /** The oracle's view of an engine event (spec field names). */
  runtimeEvent(e: E): RuntimeEvent {
    const decl = this.ir.events.find((x) => x.name === e.type);
    const record = e as unknown as Record<string, unknown>;
    const payload: Record<string, Value> = {};
    for (const f of decl?.fields ?? []) {
      const v = record[camel(f.name)];
      payload[f.name] = fromEngine(v ?? null);
    }
    const expectedVersion = record.expectedVersion;
    return typeof expectedVersion === 'number'
      ? { type: e.type, payload, expectedVersion }
      : { type: e.type, payload };
  }

  /** An engine event from a model payload (spec field order). */
  engineEvent(eventIndex: number, payload: readonly Value[], expectedVersion?: number): E {
    const decl = this.ir.events[eventIndex]!;
    const out: Record<string, unknown> = { type: decl.name };
    decl.fields.forEach((f, i) => {
      out[camel(f.name)] = toEngine(payload[i] ?? null);
    });
    if (expectedVersion !== undefined) out.expectedVersion = expectedVersion;
    return out as unknown as E;
  }

  // ---- printing in spec terms ----

  showEvent(e: E): string {
    const r = this.runtimeEvent(e);
    const fields = Object.entries(r.payload).map(([k, v]) => `${k}: ${showValue(v)}`);
    const version = r.expectedVersion === undefined ? '' : ` expectedVersion ${r.expectedVersion}`;
    return `${e.type}${fields.length ? ` { ${fields.join(', ')} }` : ''}${version}`;
  }

  showSnapshot(s: S, now: number): string {
    const slots = this.slots(s);
    const time = new Set(this.timeSlots);
    const parts = [`state = ${s.state}`, `version = ${s.version}`];
    for (const [name, slot] of this.oracle.layout.slots) {
      const v = slots[slot]!;
      parts.push(
        `${name} = ${time.has(slot) && typeof v === 'number' ? showTime(v - now) : showValue(v)}`,
      );
    }
    return parts.join(', ');
  }

  // ---- the check every job shares ----

  /** The engine's outcome is the IR interpreter's, snapshot included. */
  expectOracle(
    s: S,
    e: E,
    now: number,
    o: EngineOutcome<S>,
    oracle: Runtime = this.oracle,
  ): RuntimeOutcome {
    const want = oracle.dispatch(this.slots(s), this.runtimeEvent(e), now);
    const where = `${this.showEvent(e)} at ${atTime(now)} in ${this.showSnapshot(s, now)}`;
    if (showOutcome(o) !== showOutcome(want))
      throw new ConformanceError(
        `${where}: the engine says ${showOutcome(o)}; the IR interpreter says ${showOutcome(want)}`,
      );
    const got = this.slots(o.snapshot);
    const names = slotNames(this.oracle.layout);
    const differ = names.flatMap((_, i) =>
      valueKey(got[i]!) === valueKey(want.snapshot[i]!) ? [] : [i],
    );
    const showSlots = (s: readonly Value[]): string =>
      differ.map((i) => `${names[i]} = ${showValue(s[i]!)}`).join(', ');
    if (differ.length > 0)
      throw new ConformanceError(
        `${where}: after the step the engine has ${showSlots(got)}; the IR interpreter has ${showSlots(want.snapshot)} (absolute times)`,
      );
    return want;
  }
}
