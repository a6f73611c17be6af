// The safety net (seed §10): arbitrary snapshots, drawn from the engine's types beyond the
// model's bounds, on which the engine's reduced checks must decide as the IR interpreter's
// full checks do.

import fc from 'fast-check';
import { lastVersion } from '../lower/ir.ts';
import type { IrType } from '../lower/types.ts';
import { VERSION_SLOT } from '../semantics/compile.ts';
import { Model, opaqueValues, slotNames } from '../semantics/model.ts';
import { makeMap, makeSet, valueKey, type Value } from '../semantics/values.ts';
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
  return { taken, violations, exhausted };
}
