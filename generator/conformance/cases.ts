// The planned cases of a generated suite (plan.ts finds them, emit.ts writes them): each
// replays a shortest path on the engine, then checks one outcome — a transition taken, a
// rejection with its reason and the very same snapshot, or what the dispatch rule does
// where a clause fails without naming the outcome — and that the IR interpreter agrees.

import { expect } from 'vitest';
import {
  atTime,
  type EngineAdapter,
  type EngineOutcome,
  type EngineSnapshot,
  type Start,
} from './adapter.ts';
import type { AcceptCase, CaseBase, RejectCase, ShadowCase } from './plan.ts';

/** One step of a case's path, in the engine's terms (the plan's PlanStep, as a suite writes it). */
export interface Step<E> {
  readonly at: number;
  readonly event: E;
  /** The state the step must move to. */
  readonly to: string;
}

/** Creates the machine and replays a case's path, checking every step is accepted. */
export function replay<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  c: CaseBase<Start<I>, Step<E>, E>,
): S {
  let s = a.create(c.start);
  c.path.forEach((step, i) => {
    const o = a.engine.dispatch(s, step.event, step.at);
    const where = `path step ${i + 1}: ${a.showEvent(step.event)} at ${atTime(step.at)} in ${a.showSnapshot(s, step.at)}`;
    expect(o.ok ? `accepted → ${o.to}` : `rejected ${o.reason}`, where).toBe(
      `accepted → ${step.to}`,
    );
    s = o.snapshot;
  });
  return s;
}

/** The transition is taken: target, reason, version + 1, every ensure, the oracle's snapshot. */
export function accepts<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  c: AcceptCase<Start<I>, Step<E>, E>,
): void {
  const s = replay(a, c);
  const o = a.engine.dispatch(s, c.event, c.at);
  const where = `${a.showEvent(c.event)} in ${a.showSnapshot(s, c.at)}`;
  expect(
    o.ok ? `taken by ${o.transition}, ${o.from} -> ${o.to} (${o.reason})` : `rejected ${o.reason}`,
    where,
  ).toBe(`taken by ${c.transition}, ${c.from} -> ${c.to} (${c.reason})`);
  expect(o.snapshot.state, where).toBe(c.to);
  expect(o.snapshot.version, `${where}: version + 1`).toBe(s.version + 1);
  const event = a.runtimeEvent(c.event);
  expect(
    a.oracle.failedEnsures(c.transition, a.slots(o.snapshot), event, c.at),
    `${where}: ensures of ${c.transition} (indices of those failing)`,
  ).toEqual([]);
  expect(
    a.oracle.violatedInvariant(a.slots(o.snapshot), c.at),
    `${where}: invariants after the step`,
  ).toBeNull();
  a.expectOracle(s, c.event, c.at, o);
}

/** The event is rejected with the reason, and the very same, unchanged snapshot comes back. */
export function rejects<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  c: RejectCase<Start<I>, Step<E>, E>,
): void {
  const s = replay(a, c);
  const before = structuredClone(s);
  const o = a.engine.dispatch(s, c.event, c.at);
  const where = `${a.showEvent(c.event)} in ${a.showSnapshot(s, c.at)}`;
  expect(o.ok ? `accepted by ${o.transition}` : `rejected ${o.reason}`, where).toBe(
    `rejected ${c.reason}`,
  );
  expect(o.snapshot, `${where}: a rejection returns the same snapshot object`).toBe(s);
  expect(s, `${where}: a rejection changes nothing`).toEqual(before);
  a.expectOracle(s, c.event, c.at, o);
}

/** A clause that fails here but does not name the outcome: what the dispatch rule does instead. */
export function shadowed<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  c: ShadowCase<Start<I>, Step<E>, E>,
): void {
  const s = replay(a, c);
  const o = a.engine.dispatch(s, c.event, c.at);
  const where = `${a.showEvent(c.event)} in ${a.showSnapshot(s, c.at)}`;
  const show = (x: ShadowCase<Start<I>, Step<E>, E>['outcome'] | EngineOutcome<S>): string =>
    x.ok ? `taken by ${x.transition} (${x.reason})` : `rejected ${x.reason}`;
  expect(show(o), where).toBe(show(c.outcome));
  if (!o.ok) expect(o.snapshot, `${where}: a rejection returns the same snapshot object`).toBe(s);
  a.expectOracle(s, c.event, c.at, o);
}
