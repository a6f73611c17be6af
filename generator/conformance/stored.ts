// Stored snapshots (the engine's serializeSnapshot and parseSnapshot, issue 12): every
// snapshot the engine reaches survives a trip through JSON and behaves the same after it; a
// stored snapshot no snapshot of the machine could be is refused with a message, never a throw.

import { lastVersion, readsTime } from '../lower/ir.ts';
import { camel } from '../names/ts.ts';
import type { IrBound, IrType } from '../lower/types.ts';
import { STATE_SLOT, VERSION_SLOT } from '../semantics/compile.ts';
import { Model } from '../semantics/model.ts';
import type { Runtime } from '../semantics/runtime.ts';
import { isMapValue, isSeqValue, valueKey, type Value } from '../semantics/values.ts';
import {
  ConformanceError,
  showOutcome,
  type EngineAdapter,
  type EngineSnapshot,
  type Params,
} from './adapter.ts';
import { engineGraph } from './engine-graph.ts';

type Read<S> =
  { readonly ok: true; readonly snapshot: S } | { readonly ok: false; readonly error: string };

/** The engine's two functions, or a clear error when the suite was given neither. */
function codec<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
): {
  serialize: (s: S, params: boolean) => unknown;
  parse: (raw: unknown, params: Params | undefined, now: number) => Read<S>;
} {
  const { serializeSnapshot, parseSnapshot } = a.engine;
  if (!serializeSnapshot || !parseSnapshot)
    throw new ConformanceError(
      `the suite of ${a.ir.name} was given no serializeSnapshot and parseSnapshot (regenerate it with \`tether generate\`)`,
    );
  return {
    serialize: (s, params) => serializeSnapshot(s, { params }),
    parse: (raw, params, now) =>
      parseSnapshot(raw, {
        ...(params === undefined ? {} : { params: params as never }),
        now,
      }),
  };
}

/** Through JSON, as a database column or a file would hold it. */
const throughJson = (x: unknown): unknown => JSON.parse(JSON.stringify(x)) as unknown;

/** Every snapshot of the engine's reachable graph, stored with and without its params, reads
 *  back as the same snapshot (slot for slot), and every model event then has the same
 *  outcome on it as on the original. Hostile variants of the first snapshot of each state are
 *  refused (a message, never a throw). Returns how many snapshots and variants were tried. */
export function expectStoredSnapshotsRoundTrip<
  S extends EngineSnapshot,
  E extends { readonly type: string },
  I,
>(a: EngineAdapter<S, E, I>): { snapshots: number; refused: number } {
  const { serialize, parse } = codec(a);
  const graph = engineGraph(a);
  const model = new Model(a.ir);
  const params = a.engineParams(null);
  const firstOfState = new Map<string, { s: S; now: number }>();
  for (const key of graph.order) {
    const { snapshot: s, now } = graph.nodes.get(key)!;
    if (!firstOfState.has(s.state)) firstOfState.set(s.state, { s, now });
    for (const withParams of [false, true]) {
      const stored = throughJson(serialize(s, withParams));
      const back = parse(stored, withParams ? undefined : params, now);
      const where = `${a.showSnapshot(s, now)}, stored ${withParams ? 'with' : 'without'} its params as ${JSON.stringify(stored)}`;
      if (!back.ok) throw new ConformanceError(`${where}: parseSnapshot refuses it: ${back.error}`);
      expectSameSnapshot(a, s, back.snapshot, where);
      if (withParams) continue;
      for (let ev = 0; ev < a.ir.events.length; ev++)
        for (const payload of model.eventPayloads(ev)) {
          const e = a.engineEvent(ev, payload);
          const want = a.engine.dispatch(s, e, now);
          const got = a.engine.dispatch(back.snapshot, e, now);
          if (showOutcome(got) !== showOutcome(want))
            throw new ConformanceError(
              `${a.showEvent(e)} in ${where}: read back, the engine says ${showOutcome(got)}; before, ${showOutcome(want)}`,
            );
          expectSameSnapshot(a, want.snapshot, got.snapshot, `${a.showEvent(e)} in ${where}`);
        }
    }
  }
  // Near the reachable snapshots, where an invariant is about to break: each slot of the first
  // NEIGHBOURHOOD of them moved one step (a time or integer by one, a flag flipped, an id
  // dropped, another state), read back exactly when the model says it is a snapshot.
  const oracle = a.oracle;
  for (const key of graph.order.slice(0, NEIGHBOURHOOD)) {
    const { snapshot: s, now } = graph.nodes.get(key)!;
    for (const n of neighbours(a, s)) expectStoredReadAsModel(a, n, now, oracle, params);
  }
  let refused = 0;
  for (const { s, now } of firstOfState.values()) {
    const stored = throughJson(serialize(s, false)) as Record<string, unknown>;
    const withParams = throughJson(serialize(s, true)) as Record<string, unknown>;
    const cases: Hostile[] = [
      ...hostileVariants(a, stored).map((h) => ({ ...h, given: params, at: now })),
      ...paramVariants(a, withParams).map((h) => ({
        ...h,
        given: h.readWithParams ? params : undefined,
        at: now,
      })),
      ...(a.ir.params.length > 0
        ? [
            {
              what: 'no params, stored or given',
              variant: stored,
              mentions: 'options.params',
              given: undefined,
              at: now,
            },
            {
              what: 'params given that are not the params',
              variant: stored,
              mentions: 'options.params',
              given: {} as Params,
              at: now,
            },
          ]
        : []),
      // Every machine, with params or none: the given params are checked like stored ones.
      {
        what: 'params given with an unknown field',
        variant: stored,
        mentions: 'options.params',
        given: { ...params, 'not-a-param': 1 }, // no spec name has a hyphen
        at: now,
      },
      ...(readsNow(a)
        ? [
            {
              what: 'a time to read it at that is not a number',
              variant: stored,
              mentions: 'options.now',
              given: params,
              at: Number.NaN,
            },
          ]
        : []),
    ];
    for (const { what, variant, mentions, given, at } of cases) {
      let read: Read<S>;
      try {
        read = parse(variant, given, at);
      } catch (error) {
        throw new ConformanceError(
          `parseSnapshot threw on a stored snapshot with ${what} (it must return an error): ${String(error)}`,
        );
      }
      if (read.ok || typeof read.error !== 'string')
        throw new ConformanceError(
          `parseSnapshot accepts a stored snapshot with ${what}: ${JSON.stringify(variant)}`,
        );
      // The message names what is wrong.
      if (!read.error.includes(mentions))
        throw new ConformanceError(
          `parseSnapshot refuses a stored snapshot with ${what}, but its message does not name ${mentions}: ${read.error}`,
        );
      refused++;
    }
  }
  return { snapshots: graph.order.length, refused };
}

/** A stored snapshot that is none, what it is, and what the refusal's message must name. */
interface Variant {
  readonly what: string;
  readonly variant: unknown;
  readonly mentions: string;
  /** Read with the params given (a stored param that differs from them); else with none. */
  readonly readWithParams?: true;
}

/** A variant, read with these params (undefined: none given) at this time. */
interface Hostile extends Variant {
  readonly given: Params | undefined;
  readonly at: number;
}

/** How many reachable snapshots (in breadth-first order) have their neighbours read back. */
const NEIGHBOURHOOD = 2000;

/** The snapshots one slot away from `s`: see expectStoredSnapshotsRoundTrip. */
function neighbours<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  s: S,
): S[] {
  const slots = a.slots(s);
  const params = a.engineParams(null);
  const out: S[] = [];
  const put = (slot: number, v: Value): void => {
    const next = [...slots];
    next[slot] = v;
    out.push(a.engineSnapshot(next, params));
  };
  for (const st of a.ir.states) if (st.name !== s.state) put(STATE_SLOT, st.name);
  for (const d of [...a.ir.consts, ...a.ir.vars]) {
    const slot = a.oracle.layout.slots.get(d.name)!;
    const v = slots[slot]!;
    if (typeof v === 'number') {
      put(slot, v - 1);
      put(slot, v + 1);
    } else if (typeof v === 'boolean') put(slot, !v);
    else if (Array.isArray(v) && v.length > 0) put(slot, v.slice(1));
    else if (isMapValue(v) && v.entries.length > 0) put(slot, { entries: v.entries.slice(1) });
    else if (isSeqValue(v) && v.items.length > 0) put(slot, { items: v.items.slice(1) });
    if (d.type.kind === 'nullable' && v !== null) put(slot, null);
  }
  return out;
}

function expectSameSnapshot<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  want: S,
  got: S,
  where: string,
): void {
  const w = a.slots(want);
  const g = a.slots(got);
  const differ = w.flatMap((x, i) => (valueKey(x) === valueKey(g[i]!) ? [] : [i]));
  const wp = JSON.stringify((want as unknown as { params: unknown }).params);
  const gp = JSON.stringify((got as unknown as { params: unknown }).params);
  if (differ.length > 0 || wp !== gp)
    throw new ConformanceError(
      `${where}: read back as ${a.showSnapshot(got, 0)}${wp === gp ? '' : ` with params ${gp} (not ${wp})`}, not as the snapshot stored`,
    );
}

/** Stored snapshots no snapshot of the machine is, each named: every field missing, every
 *  field an object (`{}` for a set), an unknown field, a `__proto__` key, versions that are no
 *  safe non-negative integer, an unknown state, a repeated set member, integers past their
 *  range, a number for an id. */
function hostileVariants<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  stored: Readonly<Record<string, unknown>>,
): Variant[] {
  const v = (what: string, variant: unknown, mentions: string): Variant => ({
    what,
    variant,
    mentions,
  });
  const out: Variant[] = [
    v('null in place of the snapshot', null, 'must be an object'),
    v('an array in place of the snapshot', [stored], 'must be an object'),
    v('an unknown field', { ...stored, extra: 1 }, 'extra'),
    v(
      'a __proto__ key',
      JSON.parse(`{"__proto__": {"state": "x"}, ${JSON.stringify(stored).slice(1)}`),
      '__proto__',
    ),
    v('an unknown state', { ...stored, state: `${String(stored['state'])}_NOT` }, 'state'),
  ];
  for (const x of [1e400, -1, 0.5, '1', null, 2 ** 53])
    out.push(v(`version ${JSON.stringify(x) ?? String(x)}`, { ...stored, version: x }, 'version'));
  for (const key of Object.keys(stored)) {
    const { [key]: _dropped, ...rest } = stored;
    out.push(v(`no field ${key}`, rest, key));
    out.push(v(`{} for ${key}`, { ...stored, [key]: {} }, key));
  }
  for (const slot of [...a.ir.consts, ...a.ir.vars]) {
    const key = camel(slot.name);
    for (const [what, bad] of badValues(slot.type, stored[key], a.oracle))
      out.push(v(`${key} ${what}`, { ...stored, [key]: bad }, key));
    // A Nat variable (IrVar.natural) is an integer that is never negative.
    if ('natural' in slot && slot.natural)
      out.push(v(`${key} negative`, { ...stored, [key]: -1 }, key));
  }
  return out;
}

/** A stored snapshot's params gone wrong: not an object, a param missing, of the wrong type,
 *  an unknown one, and values that differ from those parseSnapshot is given. */
function paramVariants<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  stored: Readonly<Record<string, unknown>>,
): Variant[] {
  const params = stored['params'] as Readonly<Record<string, unknown>>;
  const v = (what: string, p: unknown, mentions: string): Variant => ({
    what,
    variant: { ...stored, params: p },
    mentions,
  });
  const out: Variant[] = [
    v('params null', null, 'params must be an object'),
    v('params an array', [params], 'params must be an object'),
    v('an unknown param', { ...params, extra: 1 }, 'extra'),
  ];
  for (const p of a.ir.params) {
    const key = camel(p.name);
    const { [key]: _dropped, ...rest } = params;
    const x = params[key];
    out.push(v(`no param ${key}`, rest, key));
    out.push(v(`param ${key} {}`, { ...params, [key]: {} }, key));
    if (p.type.kind === 'duration')
      out.push(v(`param ${key} negative`, { ...params, [key]: -1 }, key));
    if (p.type.kind === 'int')
      out.push(v(`param ${key} a fraction`, { ...params, [key]: 0.5 }, key));
    const other = typeof x === 'number' ? x + 1 : typeof x === 'boolean' ? !x : null;
    if (other !== null)
      out.push({
        ...v(`param ${key} other than the params given`, { ...params, [key]: other }, key),
        readWithParams: true,
      });
  }
  return out;
}

/** Whether an invariant reads the time (now, or enabled(), which is decided at now): then
 *  parseSnapshot checks the invariants at the time it is given. */
function readsNow<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
): boolean {
  return a.ir.invariants.some((i) => readsTime(i.expr));
}

/** Values of a field's stored type that are out of it, given its stored value `v`. */
function badValues(t: IrType, v: unknown, oracle: Runtime): [string, unknown][] {
  const bound = (b: IrBound): number => boundAt(b, oracle);
  switch (t.kind) {
    case 'int':
      return [
        ['a fraction', 0.5],
        ...(t.range
          ? ([
              ['below its range', bound(t.range.lo) - 1],
              ['above its range', bound(t.range.hi) + 1],
            ] as [string, unknown][])
          : []),
      ];
    case 'opaque':
      return [['a number for an id', 1]];
    case 'set': {
      // An empty set repeats a good member of its type (found by mutation: a set-valued const
      // stored empty never tried the check).
      const good = goodStored(t.element, oracle);
      return Array.isArray(v) && v.length > 0
        ? [
            ['repeating a member', [...v, v[0]]],
            ['with a member of the wrong type', [...v, {}]],
          ]
        : [
            ['with a member of the wrong type', [{}]],
            ...(good === null
              ? []
              : ([['repeating a member', [good, good]]] as [string, unknown][])),
          ];
    }
    case 'seq': {
      // Each bad in one way only: a sequence too long is made of good elements.
      const items = Array.isArray(v) ? (v as unknown[]) : [];
      const cap = t.capacity ? bound(t.capacity) : 0;
      const good = items[0] ?? goodStored(t.element, oracle);
      const more = Array.from({ length: Math.max(1, cap + 1 - items.length) }, () => good);
      return [
        ['an object for a sequence', {}],
        ['longer than its capacity', [...items, ...more]],
        ['with an element of the wrong type', [...items, {}]],
      ];
    }
    case 'map': {
      // Each bad in one way only: a pair-like object of a good key and value, a bad key with a
      // good value.
      const entries = Array.isArray(v) ? (v as unknown[]) : [];
      const first = entries[0];
      const [key, value] = Array.isArray(first)
        ? (first as unknown[])
        : [goodStored(t.key, oracle), goodStored(t.value, oracle)];
      // A good key with a value of the wrong type replaces the first entry's value (a key
      // added again would repeat it); an empty map repeats a good entry (found by mutation:
      // maps stored empty never tried either check).
      const repeated = Array.isArray(first)
        ? [...entries, first]
        : key !== null && value !== null
          ? [
              [key, value],
              [key, value],
            ]
          : null;
      return [
        ['an object for a map', {}],
        ['with an entry that is no pair', [...entries, [key]]],
        ['with an entry that is an object', [...entries, { 0: key, 1: value, length: 2 }]],
        ...(repeated === null ? [] : ([['repeating a key', repeated]] as [string, unknown][])),
        ['with a key of the wrong type', [...entries, [{}, value]]],
        ['with a value of the wrong type', [[key, {}], ...entries.slice(1)]],
      ];
    }
    case 'nullable':
      return badValues(t.inner, v, oracle);
    case 'bool':
      return [['a string for a Bool', 'true']];
    case 'time':
    case 'duration':
      return [['a string for a time', '1']];
    case 'enum':
    case 'state':
      return [['not a member', '\u0000none']];
    default:
      return [];
  }
}

/** seed §10 on stored data (the safety net's arbitrary snapshots): parseSnapshot accepts a
 *  stored snapshot exactly when the model says it is one: a version that is a non-negative
 *  safe integer, every slot in its declared type, and every invariant holding at `now`
 *  (except in the violation state, which keeps the values of the step it refused). When it
 *  accepts, it reads back the snapshot stored. Returns whether it accepted. */
export function expectStoredReadAsModel<
  S extends EngineSnapshot,
  E extends { readonly type: string },
  I,
>(a: EngineAdapter<S, E, I>, s: S, now: number, oracle: Runtime, params: Params): boolean {
  const { serialize, parse } = codec(a);
  const slots = a.slots(s);
  const version = slots[VERSION_SLOT];
  const inTypes = [...a.ir.consts, ...a.ir.vars].every((d) => {
    const v = slots[oracle.layout.slots.get(d.name)!]!;
    // A Nat variable is never negative (IrVar.natural).
    if ('natural' in d && d.natural && typeof v === 'number' && v < 0) return false;
    return holds(d.type, v, oracle);
  });
  const storable =
    typeof version === 'number' && Number.isSafeInteger(version) && version >= 0 && inTypes;
  // The invariants it breaks (none are checked in the violation state).
  const broken =
    storable && slots[STATE_SLOT] !== a.ir.violationState
      ? oracle.violatedInvariants(slots, now)
      : [];
  const want = storable && broken.length === 0;
  const stored = throughJson(serialize(s, false));
  const read = parse(stored, params, now);
  const where = `${a.showSnapshot(s, now)} (last version ${lastVersion(a.ir)}), stored as ${JSON.stringify(stored)}`;
  if (read.ok !== want)
    throw new ConformanceError(
      read.ok
        ? `${where}: parseSnapshot accepts it, but the model says no snapshot is that`
        : `${where}: parseSnapshot refuses it (${read.error}), but the model says it is a snapshot`,
    );
  if (read.ok) expectSameSnapshot(a, s, read.snapshot, where);
  // Refused for its invariants: the message names exactly those the model says it breaks.
  else if (broken.length > 0) {
    const named = a.ir.invariants
      .map((i) => i.name)
      .filter((n) => new RegExp(`(^|[^\\w])${n}([^\\w]|$)`).test(read.error));
    if (named.join(', ') !== broken.join(', '))
      throw new ConformanceError(
        `${where}: parseSnapshot refuses it naming invariants ${named.join(', ') || '(none)'} (${read.error}), but the model says it breaks ${broken.join(', ')}`,
      );
  }
  return read.ok;
}

/** A stored value of type t (a map's key or value, a sequence's element): a scalar. */
function goodStored(t: IrType, oracle: Runtime): unknown {
  switch (t.kind) {
    case 'bool':
      return true;
    case 'int':
      return t.range ? boundAt(t.range.lo, oracle) : 0;
    case 'enum':
      return oracle.ir.enums.find((e) => e.name === t.name)?.members[0] ?? null;
    case 'state':
      return oracle.ir.states[0]?.name ?? null;
    case 'opaque':
      return 'id';
    default:
      return null;
  }
}

/** A range's bound at the oracle's params. */
const boundAt = (b: IrBound, oracle: Runtime): number =>
  b.kind === 'literal' ? b.value : Number(oracle.params[b.name]);

/** Whether a slot's value is in its declared type (ranges at the oracle's params). */
function holds(t: IrType, v: Value, oracle: Runtime): boolean {
  switch (t.kind) {
    case 'int': {
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) return false;
      if (!t.range) return true;
      return v >= boundAt(t.range.lo, oracle) && v <= boundAt(t.range.hi, oracle);
    }
    case 'duration':
      return typeof v === 'number' && Number.isFinite(v) && v >= 0;
    case 'time':
      return typeof v === 'number' && Number.isFinite(v);
    case 'nullable':
      return v === null || holds(t.inner, v, oracle);
    case 'set':
      return Array.isArray(v) && v.every((x) => holds(t.element, x, oracle));
    case 'seq':
      return (
        isSeqValue(v) &&
        v.items.length <= (t.capacity ? boundAt(t.capacity, oracle) : 0) &&
        v.items.every((x) => holds(t.element, x, oracle))
      );
    case 'map':
      return (
        isMapValue(v) &&
        v.entries.every(([k, x]) => holds(t.key, k, oracle) && holds(t.value, x, oracle))
      );
    case 'opaque':
      return typeof v === 'string';
    default:
      return v !== null;
  }
}
