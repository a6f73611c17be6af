// The conformance plan of a machine: from the model's reachable graph (explore/explore.ts,
// BFS order, so every path below is a shortest one), the concrete cases the generated
// conformance suite replays against the engine:
//   - one accepted case per transition (reach a source state, fire an enabling event);
//   - one rejection per require clause, in a state where that clause is the one the dispatch
//     rule reports (lower/ir.ts, step 5), and one per built-in rejection;
//   - clauses that fail somewhere but are never the reported one (shadowed: another
//     candidate is taken, or gets further) get a case showing what happens instead;
//   - clauses that never fail in a reachable state are dead (a warning, TTH6001).
// Model paths become engine steps at absolute times: the clock starts at START_TIME and each
// model Tick is one millisecond (the suite runs the engine with the params' model values).

import { targetFrom, type IrLoc, type IrMachine } from '../lower/ir.ts';
import { STATE_SLOT } from '../semantics/compile.ts';
import type { ClauseRef } from '../semantics/model.ts';
import type { Value } from '../semantics/values.ts';
import type { ReachableGraph } from '../explore/explore.ts';

/** The engine's clock at creation in every conformance case (not 0: absolute and relative
 *  times must not coincide by accident). */
export const START_TIME = 1000;

export interface PlanEvent {
  readonly type: string;
  /** Field values by spec name, model values (ids are the model's names: TransportId1). */
  readonly payload: Readonly<Record<string, Value>>;
  readonly expectedVersion?: number;
}

/** One accepted step on the way to a case's state. */
export interface PlanStep {
  readonly at: number;
  readonly event: PlanEvent;
  readonly transition: string;
  readonly to: string;
}

export interface PlanStart {
  /** Const values by spec name. */
  readonly consts: Readonly<Record<string, Value>>;
}

/**
 * A case: the machine created from a start, a path of accepted steps to the case's state,
 * then the event under test at its dispatch time. The one definition of the case shapes,
 * generic in how starts, steps and events are written: model values here (PlanStart,
 * PlanStep, PlanEvent, the defaults), the engine's own types in a generated suite, where the
 * runtime checks them (cases.ts).
 */
export interface CaseBase<TStart = PlanStart, TStep = PlanStep, TEvent = PlanEvent> {
  readonly start: TStart;
  readonly path: readonly TStep[];
  /** The event under test and its dispatch time. */
  readonly at: number;
  readonly event: TEvent;
}

/** The event is accepted by the transition. */
export interface AcceptCase<
  TStart = PlanStart,
  TStep = PlanStep,
  TEvent = PlanEvent,
> extends CaseBase<TStart, TStep, TEvent> {
  readonly transition: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

/** The event is rejected with the reason. */
export interface RejectCase<
  TStart = PlanStart,
  TStep = PlanStep,
  TEvent = PlanEvent,
> extends CaseBase<TStart, TStep, TEvent> {
  readonly reason: string;
}

/** A clause fails here but does not name the outcome: what the dispatch rule does instead. */
export interface ShadowCase<
  TStart = PlanStart,
  TStep = PlanStep,
  TEvent = PlanEvent,
> extends CaseBase<TStart, TStep, TEvent> {
  readonly outcome:
    | { readonly ok: true; readonly transition: string; readonly reason: string }
    | { readonly ok: false; readonly reason: string };
}

export interface ClauseId {
  readonly transition: string;
  /** 0-based index among the transition's require clauses. */
  readonly clause: number;
  readonly reason: string;
  readonly loc: IrLoc;
}

/** An accept case of the plan, with the transition's place in the spec. */
export interface PlannedAccept extends AcceptCase {
  readonly loc: IrLoc;
}

/** A reject case of the plan, with its state and the clause that names the rejection. */
export interface PlannedReject extends RejectCase {
  readonly state: string;
  /** The require clause that names the rejection; null for a built-in rejection. */
  readonly clause: ClauseId | null;
}

/** A clause that fails in a reachable state but never names the rejection. */
export interface PlannedShadow extends ShadowCase {
  readonly clause: ClauseId;
  readonly state: string;
  /** What the dispatch rule does instead. */
  readonly outcome:
    | { readonly ok: true; readonly transition: string; readonly reason: string }
    | { readonly ok: false; readonly reason: string; readonly by: ClauseId };
}

export interface ConformancePlan {
  readonly machine: string;
  readonly accepts: readonly PlannedAccept[];
  readonly rejects: readonly PlannedReject[];
  readonly shadowed: readonly PlannedShadow[];
  readonly dead: readonly ClauseId[];
  /** Transitions no reachable state can take (the spec's TTH3 warnings say why). */
  readonly untaken: readonly string[];
  /** Built-in rejections no reachable state can produce (e.g. NO_TRANSITION when every
   *  event has a candidate everywhere; VERSION_EXHAUSTED always). */
  readonly impossible: readonly string[];
  /** Shadowed clauses that only ever fail where a candidate tried before theirs is taken:
   *  whether they hold is never observed. */
  readonly preempted: readonly ClauseId[];
  /** Events for which, in some reachable state, two candidates fail at the same clause index
   *  with different reasons (so the tie rule decides the reported reason). */
  readonly tieSensitiveEvents: readonly string[];
}

export function clauseId(ref: ClauseRef): ClauseId {
  const t = ref.transition.ir;
  const r = t.requires[ref.clause]!;
  return { transition: t.name, clause: ref.clause, reason: r.reason, loc: r.loc };
}

export function buildPlan(graph: ReachableGraph): ConformancePlan {
  const { model } = graph;
  const ir = model.ir;
  const path = (id: number): { start: PlanStart; steps: PlanStep[]; now: number } => {
    const chain: number[] = [];
    for (let i = id; i >= 0; i = graph.parent[i]!) chain.push(i);
    chain.reverse();
    const root = graph.states[chain[0]!]!;
    const consts = Object.fromEntries(
      ir.consts.map((c) => [c.name, root[model.layout.slots.get(c.name)!]!]),
    );
    let now = START_TIME;
    const steps: PlanStep[] = [];
    for (const i of chain.slice(1)) {
      const label = graph.parentLabel[i]!;
      if (label.kind === 'clock') now++;
      else
        steps.push({
          at: now,
          event: planEvent(ir, label.transition.eventIndex, label.payload),
          transition: label.transition.ir.name,
          to: targetFrom(
            label.transition.ir,
            graph.states[graph.parent[i]!]![STATE_SLOT] as string,
          ),
        });
    }
    return { start: { consts }, steps, now };
  };
  const caseAt = (id: number, ev: number, payload: readonly Value[]): CaseBase => {
    const p = path(id);
    return { start: p.start, path: p.steps, at: p.now, event: planEvent(ir, ev, payload) };
  };
  const key = (r: ClauseRef): string => `${r.transition.ir.name}#${r.clause}`;

  const accepts = new Map<string, PlannedAccept>();
  const deciding = new Map<string, PlannedReject>();
  const failing = new Map<
    string,
    { id: number; ev: number; payload: readonly Value[]; outcome: PlannedShadow['outcome'] }
  >();
  /** Clauses seen failing where no earlier candidate was taken. */
  const observed = new Set<string>();
  const tieSensitive = new Set<string>();
  let versionMismatch: PlannedReject | null = null;
  let terminated: PlannedReject | null = null;
  let noTransition: PlannedReject | null = null;
  const refused = new Map<string, PlannedReject>(); // `${event} ${reason}` → its case

  for (let id = 0; id < graph.states.length; id++) {
    const s = graph.states[id]!;
    const state = s[STATE_SLOT] as string;
    if (model.terminal.has(state)) {
      if (!terminated && ir.events.length > 0) {
        const payload = model.eventPayloads(0)[0] ?? [];
        terminated = { ...caseAt(id, 0, payload), state, reason: 'TERMINATED', clause: null };
      }
      continue;
    }
    for (let ev = 0; ev < ir.events.length; ev++) {
      for (const payload of model.eventPayloads(ev)) {
        const d = model.decide(s, ev, payload);
        if (d.kind === 'none') {
          const c = { ...caseAt(id, ev, payload), state, reason: d.reason, clause: null };
          // A refusal's reason, once per event and reason (ir.ts, rule 3).
          if (d.reason === 'NO_TRANSITION') noTransition ??= c;
          else if (!refused.has(`${ir.events[ev]!.name} ${d.reason}`))
            refused.set(`${ir.events[ev]!.name} ${d.reason}`, c);
          break; // every payload of this event is the same case
        }
        if (d.kind === 'accept') {
          const t = d.transition.ir;
          if (!accepts.has(t.name))
            accepts.set(t.name, {
              ...caseAt(id, ev, payload),
              transition: t.name,
              from: state,
              to: targetFrom(t, state),
              reason: t.reason,
              loc: t.loc,
            });
          // An event the machine would accept shows that a stale version is checked first.
          if (!versionMismatch) {
            const c = caseAt(id, ev, payload);
            versionMismatch = {
              ...c,
              event: { ...c.event, expectedVersion: c.path.length + 1 },
              state,
              reason: 'VERSION_MISMATCH',
              clause: null,
            };
          }
        } else {
          const k = key(d.deciding);
          if (!deciding.has(k))
            deciding.set(k, {
              ...caseAt(id, ev, payload),
              state,
              reason: d.deciding.transition.ir.requires[d.deciding.clause]!.reason,
              clause: clauseId(d.deciding),
            });
        }
        const order = model.candidates(state, ev);
        if (d.kind === 'reject') {
          const top = d.failures.filter((f) => f.clause === d.deciding.clause);
          if (new Set(top.map((f) => f.transition.ir.requires[f.clause]!.reason)).size > 1)
            tieSensitive.add(ir.events[ev]!.name);
        }
        for (const f of d.failures) {
          if (d.kind !== 'accept' || order.indexOf(d.transition) > order.indexOf(f.transition))
            observed.add(key(f));
          if (failing.has(key(f))) continue;
          const outcome: PlannedShadow['outcome'] =
            d.kind === 'accept'
              ? { ok: true, transition: d.transition.ir.name, reason: d.transition.ir.reason }
              : {
                  ok: false,
                  reason: d.deciding.transition.ir.requires[d.deciding.clause]!.reason,
                  by: clauseId(d.deciding),
                };
          failing.set(key(f), { id, ev, payload, outcome });
        }
      }
    }
  }

  const rejects: PlannedReject[] = [];
  const shadowed: PlannedShadow[] = [];
  const dead: ClauseId[] = [];
  for (const t of model.transitions)
    t.ir.requires.forEach((_, clause) => {
      const ref = { transition: t, clause };
      const found = deciding.get(key(ref));
      if (found) return void rejects.push(found);
      const fails = failing.get(key(ref));
      if (!fails) return void dead.push(clauseId(ref));
      const s = graph.states[fails.id]!;
      shadowed.push({
        ...caseAt(fails.id, fails.ev, fails.payload),
        clause: clauseId(ref),
        state: s[STATE_SLOT] as string,
        outcome: fails.outcome,
      });
    });
  const impossible: string[] = [];
  // ir.ts dispatch rule 2: the model counts the version modulo 2, so no reachable state
  // produces VERSION_EXHAUSTED (the safety net, on arbitrary snapshots, does).
  for (const [name, c] of [
    ['VERSION_EXHAUSTED', null],
    ['VERSION_MISMATCH', versionMismatch],
    ['TERMINATED', terminated],
    ['NO_TRANSITION', noTransition],
  ] as const)
    if (c) rejects.push(c);
    else impossible.push(name);
  // In refusal order, each (event, reason) once: a case, or why there is none.
  for (const key of new Set(ir.refusals.map((r) => `${r.event} ${r.reason}`))) {
    const c = refused.get(key);
    const [event, reason] = key.split(' ') as [string, string];
    if (c) rejects.push(c);
    else impossible.push(`${reason} (refusing ${event})`);
  }
  return {
    machine: ir.name,
    accepts: model.transitions.flatMap((t) => accepts.get(t.ir.name) ?? []),
    rejects,
    shadowed,
    dead,
    untaken: model.transitions.filter((t) => !accepts.has(t.ir.name)).map((t) => t.ir.name),
    impossible,
    preempted: shadowed
      .filter((c) => !observed.has(`${c.clause.transition}#${c.clause.clause}`))
      .map((c) => c.clause),
    tieSensitiveEvents: ir.events.map((e) => e.name).filter((e) => tieSensitive.has(e)),
  };
}

/** An event with a model payload (spec field order) as the plan records it. */
function planEvent(ir: IrMachine, ev: number, payload: readonly Value[]): PlanEvent {
  const e = ir.events[ev]!;
  return {
    type: e.name,
    payload: Object.fromEntries(e.fields.map((f, i) => [f.name, payload[i]!])),
  };
}
