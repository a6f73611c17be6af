// A safety-net mutant that removes one runtime check of a step (emit-ts/simplify.ts's
// residuals, one `if (…) return violation(s, 't')` per line) changes nothing when, on every
// snapshot the step can start from, the check fails only where another check of the same
// step fails too: every check returns the same violation (ir.ts, rule 7), so the step is a
// violation exactly when it was. Decided here by enumeration over the model's types, reachable
// or not: the snapshots the safety net draws from (conformance/safety-net.ts), without its
// extra ids.

import type { IrMachine } from '../lower/ir.ts';
import type { IrBound, IrRange, IrType } from '../lower/types.ts';
import { START_TIME } from '../conformance/plan.ts';
import { STATE_SLOT, VERSION_SLOT } from '../semantics/compile.ts';
import { layoutOf, Model, slotNames } from '../semantics/model.ts';
import { Runtime } from '../semantics/runtime.ts';
import type { Value } from '../semantics/values.ts';
import type { Mutant } from './mutants.ts';

/** Past this many snapshot-and-payload pairs, no rule is tried (the mutant counts as missed). */
const LIMIT = 2_000_000;

/** Per transition, the distinct sets of checks its steps fail on the enumerated snapshots
 *  (only those failing at least one), and how many steps were tried; null when the domain is
 *  too large or has no finite enumeration. */
type Failures = { readonly sets: readonly (readonly string[])[]; readonly steps: number } | null;
const cache = new WeakMap<IrMachine, Map<string, Failures>>();

/** Why removing this check cannot change the engine's outcome, or null. */
export function whySubsumed(m: Mutant, ir: IrMachine): string | null {
  if (!m.safetyNet || m.operator !== 'safety-net' || !m.checks || !m.where.startsWith('take_'))
    return null;
  const transition = m.where.slice('take_'.length);
  if (!ir.transitions.some((t) => t.name === transition)) return null;
  let byTransition = cache.get(ir);
  if (!byTransition) cache.set(ir, (byTransition = new Map()));
  if (!byTransition.has(transition)) byTransition.set(transition, failures(ir, transition));
  const f = byTransition.get(transition)!;
  if (f === null || f.steps === 0) return null;
  const removed = new Set(m.checks);
  const alone = f.sets.find(
    (set) => set.some((c) => removed.has(c)) && set.every((c) => removed.has(c)),
  );
  if (alone) return null;
  const hits = f.sets.filter((set) => set.some((c) => removed.has(c)));
  const what = m.checks.join(', ');
  const others = hits.map((set) => set.filter((c) => !removed.has(c)));
  const always = others[0]?.filter((c) => others.every((o) => o.includes(c))) ?? [];
  const named =
    always.length > 0 ? always.join(', ') : `one of ${[...new Set(others.flat())].join(', ')}`;
  const over = `on the ${f.steps} steps it takes from the model's types and the suite's params (reachable or not; integers one past their ranges, unbounded ones and times also far past)`;
  return hits.length === 0
    ? `${what} never fails after ${transition} ${over}`
    : `wherever ${what} fails after ${transition}, another of its checks fails too (${named}), ${over}: the step is a violation either way`;
}

function failures(ir: IrMachine, transition: string): Failures {
  const t = ir.transitions.find((x) => x.name === transition)!;
  const model = new Model(ir);
  const eventIndex = ir.events.findIndex((e) => e.name === t.event);
  const event = ir.events[eventIndex]!;
  const payloads = model.eventPayloads(eventIndex);
  const nows = [START_TIME, START_TIME + 2];
  // The params the suite tries (conformance/commands.ts paramsArbitrary): the model's, and
  // each param in turn at the values around its model value.
  const model0 = ir.params.map((p) => p.modelValue as Value);
  const around = (p: IrMachine['params'][number]): Value[] =>
    typeof p.modelValue === 'boolean'
      ? [!p.modelValue]
      : (p.type.kind === 'duration'
          ? [1, p.modelValue + 1, 3 * p.modelValue + 3]
          : between(Math.max(0, p.modelValue - 1), p.modelValue + 2)
        ).filter((v) => v !== p.modelValue);
  const assignments = [
    model0,
    ...ir.params.flatMap((p, i) =>
      [...new Set(around(p))].map((v) => model0.map((x, j) => (j === i ? v : x))),
    ),
  ];
  const sets = new Map<string, string[]>();
  let steps = 0;
  let budget = LIMIT;
  for (const assignment of assignments) {
    const params = Object.fromEntries(ir.params.map((p, i) => [p.name, assignment[i]!]));
    const domains = snapshotDomains(ir, model, t.sources, params);
    if (domains === null) return null;
    budget -= domains.reduce((n, d) => n * d.length, payloads.length * nows.length);
    if (budget < 0) return null;
    const runtime = new Runtime(ir, params);
    for (const slots of product(domains))
      for (const payload of payloads) {
        const e = {
          type: event.name,
          payload: Object.fromEntries(event.fields.map((f, k) => [f.name, payload[k] ?? null])),
        };
        for (const now of nows) {
          const failed = runtime.failedChecks(transition, slots, e, now);
          if (failed === null) continue;
          steps++;
          if (failed.length > 0) sets.set(failed.join(','), failed);
        }
      }
  }
  return { sets: [...sets.values()], steps };
}

/** lo .. hi. */
function between(lo: number, hi: number): number[] {
  return Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);
}

/** lo - 1 .. hi + 1. */
function ints(lo: number, hi: number): number[] {
  return between(lo - 1, hi + 1);
}

/** Every combination, one value from each list (lazily). */
function* product(lists: readonly (readonly Value[])[]): Generator<Value[]> {
  const at = lists.map(() => 0);
  if (lists.some((l) => l.length === 0)) return;
  for (;;) {
    yield at.map((i, k) => lists[k]![i]!);
    let k = lists.length - 1;
    while (k >= 0 && at[k] === lists[k]!.length - 1) at[k--] = 0;
    if (k < 0) return;
    at[k]!++;
  }
}

/** Per slot, the values it takes in the enumeration: the step's sources, version 0, and each
 *  const's and var's type (the model's values; integers one past their ranges, or -1..3 for
 *  an unbounded one; a few times around now). Null when a type has no finite enumeration. */
function snapshotDomains(
  ir: IrMachine,
  model: Model,
  sources: readonly string[],
  params: Readonly<Record<string, Value>>,
): Value[][] | null {
  const bound = (b: IrBound): number => (b.kind === 'literal' ? b.value : Number(params[b.name]));
  // An integer unbounded at runtime (`Nat model 0..3`): its model range one past each end, and
  // values far past it, which a run can reach (a check that fails only there is no equivalent).
  const unbounded = (modelRange: IrRange | null): Value[] => {
    const lo = modelRange ? bound(modelRange.lo) : 0;
    const hi = modelRange ? bound(modelRange.hi) : 2;
    return [lo - 100, ...ints(lo, hi), hi + 100, hi + 10_000];
  };
  const values = (ty: IrType, modelRange: IrRange | null = null): Value[] => {
    switch (ty.kind) {
      case 'nullable':
        return [null, ...values(ty.inner, modelRange)];
      case 'int':
        if (ty.range) return ints(bound(ty.range.lo), bound(ty.range.hi));
        return unbounded(modelRange);
      case 'duration':
        return unbounded(modelRange);
      case 'time':
        // Around now, and far from it (a deadline hours away, one long past).
        return [
          START_TIME - 10_000,
          START_TIME - 1,
          START_TIME,
          START_TIME + 1,
          START_TIME + 3,
          START_TIME + 10_000,
        ];
      default:
        return [...model.domain(ty)];
    }
  };
  try {
    return slotNames(layoutOf(ir)).map((name, slot) => {
      if (slot === STATE_SLOT) return [...sources];
      if (slot === VERSION_SLOT) return [0];
      const c = ir.consts.find((x) => x.name === name);
      if (c) return values(c.type);
      const v = ir.vars.find((x) => x.name === name)!;
      return values(v.type, v.model);
    });
  } catch {
    return null; // a type with no finite model domain, or too many values
  }
}
