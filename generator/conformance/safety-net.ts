// The safety net (seed §10): arbitrary snapshots, drawn from the engine's types beyond the
// model's bounds, and snapshots one slot away from reachable ones, on which the engine's
// reduced checks must decide as the IR interpreter's full checks do.

import fc from 'fast-check';
import { lastVersion } from '../lower/ir.ts';
import type { IrType } from '../lower/types.ts';
import { VERSION_SLOT } from '../semantics/compile.ts';
import { Model, opaqueValues, slotNames, slotType } from '../semantics/model.ts';
import {
  isMapValue,
  isSeqValue,
  makeMap,
  makeSet,
  mapGet,
  mapPut,
  mapRemove,
  valueEquals,
  valueKey,
  type Value,
} from '../semantics/values.ts';
import { ConformanceError, type EngineAdapter, type EngineSnapshot } from './adapter.ts';
import { paramsArbitrary } from './commands.ts';
import { START_TIME } from './plan.ts';
import { expectStoredReadAsModel } from './stored.ts';

/** seed §10 on snapshots no run reaches (a store can hand the engine anything its types
 *  allow): the engine checks each step only for what does not hold by construction
 *  (emit-ts/simplify.ts), and that must decide exactly as the IR interpreter's full checks.
 *  Every slot is drawn from its TypeScript type, beyond the model's bounds: ids from the
 *  model's values and one more, sets of up to four of them, integers one past their range,
 *  times around now; half the runs with other param values. In each snapshot every event
 *  is dispatched with every model payload, at three times. Versions are mostly small, some
 *  at or past the last one a step may start from (ir.ts dispatch rule 2). Returns how many
 *  steps were taken, how many became violations and how many were VERSION_EXHAUSTED. */
export function safetyNet<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  runs = Number(process.env['TETHER_SAFETY_NET_RUNS'] ?? 300),
): {
  taken: number;
  violations: number;
  exhausted: number;
} {
  const model = new Model(a.ir);
  const names = slotNames(a.oracle.layout);
  const typeOf = new Map<string, IrType>([
    ['state', { kind: 'state' }],
    ...[...a.ir.consts, ...a.ir.vars].map((d) => [d.name, d.type] as const),
  ]);
  const param = (
    b: { kind: 'literal'; value: number } | { kind: 'param'; name: string },
  ): number =>
    b.kind === 'literal'
      ? b.value
      : Number(a.ir.params.find((p) => p.name === b.name)?.modelValue ?? 0);
  const arbitrary = (t: IrType): fc.Arbitrary<Value> => {
    switch (t.kind) {
      case 'state':
        return fc.constantFrom(...a.ir.states.map((x) => x.name));
      case 'bool':
        return fc.boolean();
      case 'enum':
        return fc.constantFrom(...(a.ir.enums.find((x) => x.name === t.name)?.members ?? ['?']));
      case 'opaque':
        return fc.constantFrom(...opaqueValues(a.ir, t.name), `${t.name}Extra`);
      case 'time':
        return fc.integer({ min: START_TIME - 3, max: START_TIME + 3 });
      case 'int':
        return t.range
          ? fc.integer({ min: param(t.range.lo) - 1, max: param(t.range.hi) + 1 })
          : fc.integer({ min: -1, max: 6 });
      case 'duration':
        return fc.integer({ min: -1, max: 6 });
      case 'nullable':
        return fc.option(arbitrary(t.inner), { nil: null });
      case 'set':
        return fc
          .uniqueArray(arbitrary(t.element), {
            maxLength: 4,
            selector: valueKey,
          })
          .map((xs) => makeSet(xs));
      case 'map':
        return fc
          .uniqueArray(fc.tuple(arbitrary(t.key), arbitrary(t.value)), {
            maxLength: 4,
            selector: ([k]) => valueKey(k),
          })
          .map((entries) => makeMap(entries));
      case 'seq':
        // Up to one past the capacity (a stored sequence that is too long must be refused).
        return fc
          .array(arbitrary(t.element), {
            maxLength: (t.capacity ? param(t.capacity) : 2) + 1,
          })
          .map((items) => ({ items }));
      case 'null':
      case 'unknown':
        return fc.constant(null);
      default: {
        const unreachable: never = t;
        return unreachable;
      }
    }
  };
  // Versions: mostly small; sometimes at or past the last one a step may start from, or no
  // version at all (a corrupt store): ir.ts dispatch rule 2, VERSION_EXHAUSTED.
  const last = lastVersion(a.ir);
  const version = fc.oneof(
    { arbitrary: fc.nat(3), weight: 9 },
    {
      arbitrary: fc.constantFrom(
        last - 1,
        last,
        last + 1,
        Number.MAX_SAFE_INTEGER,
        2 ** 53,
        -1,
        0.5,
        Number.NaN,
        Number.POSITIVE_INFINITY,
      ),
      weight: 1,
    },
  );
  const snapshot = fc.tuple(
    ...names.map((name, i) =>
      i === VERSION_SLOT ? version : arbitrary(typeOf.get(name) ?? { kind: 'unknown' }),
    ),
  );
  let taken = 0;
  let violations = 0;
  let exhausted = 0;
  fc.assert(
    fc.property(paramsArbitrary(a.ir), snapshot, (params, slots) => {
      const oracle = params === null ? a.oracle : a.oracleWith(params);
      const engineParams = a.engineParams(params);
      for (const now of [START_TIME - 1, START_TIME, START_TIME + 2]) {
        // A store may hold it: parseSnapshot reads it back exactly when it is a snapshot.
        if (a.engine.parseSnapshot)
          expectStoredReadAsModel(
            a,
            a.engineSnapshot(slots, engineParams),
            now,
            oracle,
            engineParams,
          );
        for (let ev = 0; ev < a.ir.events.length; ev++)
          for (const payload of model.eventPayloads(ev)) {
            const s = a.engineSnapshot(slots, engineParams);
            const e = a.engineEvent(ev, payload);
            const o = a.engine.dispatch(s, e, now);
            a.expectOracle(s, e, now, o, oracle);
            // seed §9: a rejection returns the very snapshot it was given.
            if (!o.ok && o.snapshot !== s)
              throw new ConformanceError(
                `${a.showEvent(e)} in ${a.showSnapshot(s, now)}: rejected ${o.reason}, but another snapshot object came back`,
              );
            if (o.ok) taken++;
            // A violation move, or (`on violation -> reject`) the refusal of the step.
            if (o.reason === 'INVARIANT_VIOLATION') violations++;
            if (!o.ok && o.reason === 'VERSION_EXHAUSTED') exhausted++;
          }
      }
    }),
    { seed: 20261124, numRuns: runs, includeErrorInReport: true },
  );
  // Snapshots one slot away from reachable ones: a check that fails only on a narrow
  // combination (two map entries at the token, a window one failure short) is rarely drawn
  // at random, but it is one corrupted field away from a state the engine reaches.
  for (const slots of nearReachable(a, model))
    for (const now of [START_TIME, START_TIME + 2])
      for (let ev = 0; ev < a.ir.events.length; ev++)
        for (const payload of model.eventPayloads(ev)) {
          const s = a.engineSnapshot(slots);
          const e = a.engineEvent(ev, payload);
          const o = a.engine.dispatch(s, e, now);
          a.expectOracle(s, e, now, o, a.oracle);
          if (o.ok) taken++;
          if (o.reason === 'INVARIANT_VIOLATION') violations++;
        }
  return { taken, violations, exhausted };
}

/** How many reachable snapshots the near-reachable phase starts from. */
const NEAR_REACHABLE_STATES = 60;

/** The slot arrays one slot away from the snapshots the engine reaches from its creation
 *  (breadth first, every event with every model payload, at the start time and 2 ms later),
 *  each slot changed to its neighbours (neighbours below). */
function nearReachable<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  model: Model,
): Value[][] {
  const key = (slots: readonly Value[]): string => slots.map(valueKey).join('|');
  const seen = new Set<string>();
  const reached: S[] = [];
  for (const m of model.initialStates()) {
    const s = a.create(a.startOf(m));
    if (!seen.has(key(a.slots(s)))) (seen.add(key(a.slots(s))), reached.push(s));
  }
  for (let i = 0; i < reached.length && reached.length < NEAR_REACHABLE_STATES; i++)
    for (const now of [START_TIME, START_TIME + 2])
      for (let ev = 0; ev < a.ir.events.length; ev++)
        for (const payload of model.eventPayloads(ev)) {
          const o = a.engine.dispatch(reached[i]!, a.engineEvent(ev, payload), now);
          if (!o.ok || reached.length >= NEAR_REACHABLE_STATES) continue;
          const k = key(a.slots(o.snapshot));
          if (!seen.has(k)) (seen.add(k), reached.push(o.snapshot));
        }
  const types = slotNames(a.oracle.layout).map((name) =>
    name === 'state' || name === 'version' ? null : slotType(a.ir, name),
  );
  const out: Value[][] = [];
  const done = new Set<string>();
  for (const s of reached) {
    const slots = a.slots(s);
    types.forEach((t, i) => {
      if (!t) return;
      for (const v of neighbours(t, slots[i]!, model)) {
        const next = [...slots];
        next[i] = v;
        const k = key(next);
        if (!done.has(k) && !seen.has(k)) (done.add(k), out.push(next));
      }
    });
  }
  return out;
}

/** A few values next to v in its type: an integer one off, the other Bool, null, another
 *  member; a set, a map or a sequence with one element more, less or changed. */
function neighbours(t: IrType, v: Value, model: Model): Value[] {
  const values = (u: IrType): readonly Value[] => {
    try {
      return model.domain(u).slice(0, 4);
    } catch {
      return []; // no finite model domain (an unbounded Int, a time)
    }
  };
  const inner = t.kind === 'nullable' ? t.inner : t;
  const out: Value[] = t.kind === 'nullable' && v !== null ? [null] : [];
  // A number NaN too: a corrupt store can hold one (parseSnapshot refuses it, dispatch does
  // not look), and the reduced checks must still decide as the full ones (NaN == NaN fails).
  if (typeof v === 'number') out.push(v - 1, v + 1, Number.NaN);
  else if (typeof v === 'boolean') out.push(!v);
  else if (typeof v === 'string')
    out.push(
      ...values(inner)
        .filter((x) => x !== v)
        .slice(0, 2),
    );
  else if (Array.isArray(v) && inner.kind === 'set') {
    out.push(...v.map((x) => v.filter((y) => y !== x)));
    out.push(
      ...values(inner.element)
        .filter((x) => !v.includes(x))
        .map((x) => makeSet([...v, x])),
    );
  } else if (isMapValue(v) && inner.kind === 'map') {
    out.push(...v.entries.map(([k]) => mapRemove(v, k)));
    for (const k of values(inner.key))
      for (const x of values(inner.value))
        if (!valueEquals(mapGet(v, k), x)) out.push(mapPut(v, k, x));
  } else if (isSeqValue(v) && inner.kind === 'seq') {
    if (v.items.length > 0) out.push({ items: v.items.slice(1) }, { items: v.items.slice(0, -1) });
    // One past its capacity (a store's or a bad append's), filled with each of two values.
    const cap =
      inner.capacity?.kind === 'literal'
        ? inner.capacity.value
        : inner.capacity
          ? Number(model.params.get(inner.capacity.name))
          : null;
    const missing = cap === null ? 0 : cap + 1 - v.items.length;
    if (missing > 0)
      for (const x of values(inner.element).slice(0, 2))
        out.push({ items: [...v.items, ...Array.from({ length: missing }, () => x)] });
    for (const x of values(inner.element)) out.push({ items: [...v.items, x] });
    v.items.forEach((y, i) => {
      for (const x of values(inner.element))
        if (!valueEquals(x, y)) out.push({ items: v.items.map((z, j) => (j === i ? x : z)) });
    });
  }
  return out;
}
