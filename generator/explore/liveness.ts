// Temporal properties on the explored state graph, under the spec's fairness, with TLA+'s
// meaning: behaviours may stutter; WF(A) forbids A staying enabled forever untaken; SF(A)
// forbids A being enabled infinitely often untaken. ENABLED A at s ⇔ s has an A-edge, or an
// A-step past the model's bounds (StateGraph.cut). An action is a transition (any payload), one
// payload of it (`fairness weak each t`, one action per payload), or the clock.
//
// Supported forms (conjunctions of them too); anything else is reported as unsupported:
//   []p                       every reachable state satisfies p
//   p ~> q, [](p => <>q)      from every reachable p ∧ ¬q state, every fair path reaches q
//   <>p                       every fair behaviour from an initial state reaches p
//   []<>p                     true ~> p
//   <>[]p                     no fair behaviour visits ¬p infinitely often
//   [](p => []q)              no ¬q state is reachable from a p state
// A fair "bad" behaviour is found as a fair strongly connected component (Emerson–Lei: an SF
// action enabled in the component but never taken in it removes its enabling states) or a
// state where stuttering forever is fair (no fair action enabled).

import type { IrProperty, IrTemporal } from '../lower/ir.ts';
import type { Compiled } from '../semantics/compile.ts';
import type { Model } from '../semantics/model.ts';
import type { Value } from '../semantics/values.ts';

/** What an edge is a step of: a transition (or the clock) and its payload. */
export interface EdgeLabels {
  readonly edgeLabel: Int32Array;
  /** The payload's index in model.eventPayloads of the edge's event (0 for the clock). */
  readonly edgePayload: Int32Array;
}

export interface StateGraph extends EdgeLabels {
  readonly states: readonly (readonly Value[])[];
  /** CSR: the edges of state i are edgeStart[i] .. edgeStart[i+1]-1. */
  readonly edgeStart: readonly number[];
  readonly edgeTarget: Int32Array;
  /** The steps of state i to states past the model's bounds (rule 10), cut.start[i] ..
   *  cut.start[i+1]-1: not in the graph, but their actions are ENABLED there (as in TLC, where
   *  ENABLED is evaluated on the action, not on the constrained graph). */
  readonly cut: EdgeLabels & { readonly start: readonly number[] };
  readonly initialCount: number;
  readonly parent: readonly number[];
  /** The label of clock edges (transition labels are 0..clockLabel-1). */
  readonly clockLabel: number;
}

/** A counterexample: the BFS path to `prefixEnd`, then `path`. A lasso's last state steps
 *  back to `path[loopStart]`; a stuttering one stays in its last state; a finite one (a
 *  property broken by a finite prefix, like []p) has neither. */
export interface LivenessViolation {
  readonly message: string;
  /** The last state of the prefix (reached by its BFS path). */
  readonly prefixEnd: number;
  /** The states after prefixEnd, each with the label of the edge into it. */
  readonly path: readonly { readonly id: number; readonly label: number }[];
  /** The index in `path` of the state the last state steps back to; null unless a lasso. */
  readonly loopStart: number | null;
  readonly stutters: boolean;
}

type FairPath = Omit<LivenessViolation, 'message'>;

export class UnsupportedPropertyError extends Error {
  override readonly name = 'UnsupportedPropertyError';
}

type Check =
  | { readonly kind: 'always'; readonly p: Compiled }
  | { readonly kind: 'initially'; readonly p: Compiled }
  | {
      readonly kind: 'leadsTo';
      readonly p: Compiled;
      readonly q: Compiled;
      readonly fromInit: boolean;
    }
  | { readonly kind: 'eventuallyAlways'; readonly p: Compiled }
  | { readonly kind: 'alwaysImpliesAlways'; readonly p: Compiled; readonly q: Compiled };

const TRUE: Compiled = () => true;

function normalize(model: Model, f: IrTemporal, top: boolean): Check[] {
  const pred = (x: IrTemporal): Compiled | null =>
    x.kind === 'predicate' ? model.compileStatePredicate(x.expr) : null;
  const unsupported = (): never => {
    throw new UnsupportedPropertyError(
      'this form of temporal formula is not supported by the built-in explorer (it supports []p, <>p, []<>p, <>[]p, p ~> q, [](p => <>q), [](p => []q) and conjunctions); check it with TLC',
    );
  };
  if (f.kind === 'binary' && f.op === 'and')
    return [...normalize(model, f.left, top), ...normalize(model, f.right, top)];
  if (f.kind === 'leadsTo') {
    const p = pred(f.left);
    const q = pred(f.right);
    if (p && q) return [{ kind: 'leadsTo', p, q, fromInit: false }];
    return unsupported();
  }
  if (f.kind === 'eventually') {
    const p = pred(f.body);
    if (p) return [{ kind: 'leadsTo', p: TRUE, q: p, fromInit: true }];
    if (f.body.kind === 'always') {
      const q = pred(f.body.body);
      if (q) return [{ kind: 'eventuallyAlways', p: q }];
    }
    return unsupported();
  }
  if (f.kind === 'always') {
    const body = f.body;
    const p = pred(body);
    if (p) return [{ kind: 'always', p }];
    if (body.kind === 'eventually') {
      const q = pred(body.body);
      if (q) return [{ kind: 'leadsTo', p: TRUE, q, fromInit: false }];
    }
    if (body.kind === 'binary' && body.op === '=>') {
      const lhs = pred(body.left);
      if (lhs && body.right.kind === 'eventually') {
        const q = pred(body.right.body);
        if (q) return [{ kind: 'leadsTo', p: lhs, q, fromInit: false }];
      }
      if (lhs && body.right.kind === 'always') {
        const q = pred(body.right.body);
        if (q) return [{ kind: 'alwaysImpliesAlways', p: lhs, q }];
      }
    }
    if (body.kind === 'binary' && body.op === 'and')
      return normalize(
        model,
        {
          kind: 'binary',
          op: 'and',
          left: { kind: 'always', body: body.left },
          right: { kind: 'always', body: body.right },
        },
        top,
      );
    return unsupported();
  }
  if (f.kind === 'predicate' && top) {
    // A state predicate as a property holds when every initial state satisfies it.
    return [{ kind: 'initially', p: model.compileStatePredicate(f.expr) }];
  }
  return unsupported();
}

/** Returns a violation of the property, or null when it holds. */
export function checkTemporal(
  model: Model,
  g: StateGraph,
  property: IrProperty,
): LivenessViolation | null {
  const checks = normalize(model, property.formula, true);
  const holds = (p: Compiled, id: number): boolean => Boolean(p(model.frame(g.states[id]!)));
  const fairness = fairActions(model, g);
  const n = g.states.length;

  const enabledAt = (id: number, f: Fairness): boolean => {
    for (let e = g.edgeStart[id]!; e < g.edgeStart[id + 1]!; e++) if (f.takes(g, e)) return true;
    const cut = g.cut;
    for (let e = cut.start[id]!; e < cut.start[id + 1]!; e++) if (f.takes(cut, e)) return true;
    return false;
  };

  for (const check of checks) {
    switch (check.kind) {
      case 'always':
      case 'initially': {
        const limit = check.kind === 'initially' ? g.initialCount : n;
        for (let id = 0; id < limit; id++)
          if (!holds(check.p, id))
            return {
              message: `property ${property.name} is violated`,
              prefixEnd: id,
              path: [],
              loopStart: null,
              stutters: false,
            };
        break;
      }
      case 'alwaysImpliesAlways': {
        // BFS from every p-state; the first ¬q state reached is a counterexample.
        const from = new Int32Array(n).fill(-2);
        const fromLabel = new Int32Array(n).fill(-1);
        const queue: number[] = [];
        for (let id = 0; id < n; id++)
          if (holds(check.p, id)) {
            from[id] = -1;
            queue.push(id);
          }
        for (let h = 0; h < queue.length; h++) {
          const id = queue[h]!;
          if (!holds(check.q, id)) {
            // A finite counterexample: a p state, then a path to a ¬q state.
            const path: { id: number; label: number }[] = [];
            let cur = id;
            while (from[cur] !== -1) {
              path.push({ id: cur, label: fromLabel[cur]! });
              cur = from[cur]!;
            }
            return {
              message: `property ${property.name} is violated: a state where the right-hand side fails is reachable after one where the left-hand side holds`,
              prefixEnd: cur,
              path: path.reverse(),
              loopStart: null,
              stutters: false,
            };
          }
          for (let e = g.edgeStart[id]!; e < g.edgeStart[id + 1]!; e++) {
            const t = g.edgeTarget[e]!;
            if (from[t] === -2) {
              from[t] = id;
              fromLabel[t] = g.edgeLabel[e]!;
              queue.push(t);
            }
          }
        }
        break;
      }
      case 'leadsTo': {
        const starts: number[] = [];
        const limit = check.fromInit ? g.initialCount : n;
        for (let id = 0; id < limit; id++)
          if (holds(check.p, id) && !holds(check.q, id)) starts.push(id);
        if (starts.length === 0) break;
        const allowed = (id: number): boolean => !holds(check.q, id);
        const found = findFairPath(g, starts, allowed, fairness, enabledAt);
        if (found)
          return {
            message: `property ${property.name} is violated: ${found.stutters ? 'a behaviour can stop in a state where no fair step is left' : 'a fair behaviour can loop forever'} without reaching ${check.fromInit ? 'its goal' : 'the right-hand side'}`,
            ...found,
          };
        break;
      }
      case 'eventuallyAlways': {
        const all = Array.from({ length: g.initialCount }, (_, i) => i);
        const found = findFairPath(
          g,
          all,
          () => true,
          fairness,
          enabledAt,
          (id) => !holds(check.p, id),
        );
        // The explanation follows the counterexample: a stop outside the goal, or a loop through it.
        if (found)
          return {
            message: `property ${property.name} is violated: ${found.stutters ? 'a behaviour can stop, with no fair step left, in a state outside its goal' : 'a fair behaviour can loop forever through a state outside its goal'}`,
            ...found,
          };
        break;
      }
      default: {
        const unreachable: never = check;
        return unreachable;
      }
    }
  }
  return null;
}

interface Fairness {
  readonly strong: boolean;
  /** Is edge e a step of this action? */
  readonly takes: (g: EdgeLabels, e: number) => boolean;
}

/** The fairness clauses as actions on the graph's edges: `each t` gives one per payload. */
function fairActions(model: Model, g: StateGraph): Fairness[] {
  return model.ir.fairness.flatMap((fc): Fairness[] => {
    const strong = fc.strength === 'strong';
    const target = fc.target;
    if (target.kind === 'clock') {
      const clock = g.clockLabel;
      return [{ strong, takes: (x, e) => x.edgeLabel[e] === clock }];
    }
    const t = model.transitions.find((x) => x.ir.name === target.name)!;
    const label = t.index;
    if (!target.each) return [{ strong, takes: (x, e) => x.edgeLabel[e] === label }];
    return model.eventPayloads(t.eventIndex).map((_, payload) => ({
      strong,
      takes: (x, e) => x.edgeLabel[e] === label && x.edgePayload[e] === payload,
    }));
  });
}

/**
 * Searches, from `starts`, through `allowed` states only, for a fair infinite behaviour
 * (optionally one whose loop contains a state satisfying `mustVisit`).
 */
function findFairPath(
  g: StateGraph,
  starts: readonly number[],
  allowed: (id: number) => boolean,
  fairness: readonly Fairness[],
  enabledAt: (id: number, f: Fairness) => boolean,
  mustVisit?: (id: number) => boolean,
): FairPath | null {
  const n = g.states.length;
  // Region: allowed states reachable from the starts through allowed states.
  const from = new Int32Array(n).fill(-2);
  const fromLabel = new Int32Array(n).fill(-1);
  const region: number[] = [];
  for (const s of starts)
    if (from[s] === -2 && allowed(s)) {
      from[s] = -1;
      region.push(s);
    }
  for (let h = 0; h < region.length; h++) {
    const id = region[h]!;
    for (let e = g.edgeStart[id]!; e < g.edgeStart[id + 1]!; e++) {
      const t = g.edgeTarget[e]!;
      if (from[t] === -2 && allowed(t)) {
        from[t] = id;
        fromLabel[t] = g.edgeLabel[e]!;
        region.push(t);
      }
    }
  }
  const inRegion = new Uint8Array(n);
  for (const id of region) inRegion[id] = 1;

  const pathFromStart = (
    target: number,
  ): { start: number; steps: { id: number; label: number }[] } => {
    const steps: { id: number; label: number }[] = [];
    let cur = target;
    while (from[cur] !== -1) {
      steps.push({ id: cur, label: fromLabel[cur]! });
      cur = from[cur]!;
    }
    return { start: cur, steps: steps.reverse() };
  };

  // 1. Fair stuttering: a state where no fair action is enabled.
  for (const id of region) {
    if (mustVisit && !mustVisit(id)) continue;
    if (fairness.every((f) => !enabledAt(id, f))) {
      const { start, steps } = pathFromStart(id);
      return { prefixEnd: start, path: steps, loopStart: null, stutters: true };
    }
  }
  // 2. A fair cycle in a strongly connected component of the region, entered after the
  // path from a start to its entry state: the loop starts right after that path (the cycle
  // ends back at the entry, whose successor is the cycle's first state).
  const component = fairComponent(
    g,
    region,
    inRegion,
    fairness,
    enabledAt,
    { marks: new Int32Array(n), stamp: 0 },
    mustVisit,
  );
  if (!component) return null;
  const members = new Set(component);
  const entry = component[0]!;
  const { start, steps } = pathFromStart(entry);
  const cycle = cycleThrough(g, entry, members, fairness, enabledAt);
  return { prefixEnd: start, path: [...steps, ...cycle], loopStart: steps.length, stutters: false };
}

/** Component membership by stamp, in one array per search (no allocation per component,
 *  and nothing kept between searches). */
interface Marks {
  readonly marks: Int32Array;
  stamp: number;
}

/** Emerson–Lei: a set of states forming a fair SCC (restricted to `candidates`), or null. */
function fairComponent(
  g: StateGraph,
  candidates: readonly number[],
  inSet: Uint8Array,
  fairness: readonly Fairness[],
  enabledAt: (id: number, f: Fairness) => boolean,
  scratch: Marks,
  mustVisit?: (id: number) => boolean,
): number[] | null {
  const marks = scratch.marks;
  for (const scc of stronglyConnected(g, candidates, inSet)) {
    if (!hasInternalEdge(g, scc, inSet)) continue;
    const stamp = ++scratch.stamp;
    for (const id of scc) marks[id] = stamp;
    const takenInside = (f: Fairness): boolean =>
      scc.some((id) => {
        for (let e = g.edgeStart[id]!; e < g.edgeStart[id + 1]!; e++)
          if (f.takes(g, e) && marks[g.edgeTarget[e]!] === stamp) return true;
        return false;
      });
    // Weak fairness: an action enabled in every state of the component must be taken in it.
    if (fairness.some((f) => !f.strong && scc.every((id) => enabledAt(id, f)) && !takenInside(f)))
      continue;
    // Strong fairness: an action enabled somewhere in it must be taken in it; otherwise
    // only the part where it is never enabled can host a fair cycle.
    const violatedStrong = fairness.find(
      (f) => f.strong && scc.some((id) => enabledAt(id, f)) && !takenInside(f),
    );
    if (violatedStrong) {
      const rest = scc.filter((id) => !enabledAt(id, violatedStrong));
      const restSet = new Uint8Array(g.states.length);
      for (const id of rest) restSet[id] = 1;
      const inner = fairComponent(g, rest, restSet, fairness, enabledAt, scratch, mustVisit);
      if (inner) return inner;
      continue;
    }
    if (mustVisit && !scc.some(mustVisit)) continue;
    return scc;
  }
  return null;
}

function hasInternalEdge(g: StateGraph, scc: readonly number[], inSet: Uint8Array): boolean {
  if (scc.length > 1) return true;
  const id = scc[0]!;
  for (let e = g.edgeStart[id]!; e < g.edgeStart[id + 1]!; e++)
    if (g.edgeTarget[e] === id && inSet[id]) return true;
  return false;
}

/** Tarjan's algorithm, iterative, over the subgraph induced by `inSet`. */
function stronglyConnected(g: StateGraph, nodes: readonly number[], inSet: Uint8Array): number[][] {
  const n = g.states.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index[root] !== -1) continue;
    const work: { id: number; edge: number }[] = [{ id: root, edge: g.edgeStart[root]! }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const end = g.edgeStart[top.id + 1]!;
      if (top.edge < end) {
        const t = g.edgeTarget[top.edge++]!;
        if (!inSet[t]) continue;
        if (index[t] === -1) {
          index[t] = low[t] = counter++;
          stack.push(t);
          onStack[t] = 1;
          work.push({ id: t, edge: g.edgeStart[t]! });
        } else if (onStack[t]) low[top.id] = Math.min(low[top.id]!, index[t]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent.id] = Math.min(low[parent.id]!, low[top.id]!);
      if (low[top.id] === index[top.id]) {
        const scc: number[] = [];
        let x: number;
        do {
          x = stack.pop()!;
          onStack[x] = 0;
          scc.push(x);
        } while (x !== top.id);
        out.push(scc.sort((a, b) => a - b));
      }
    }
  }
  return out;
}

/**
 * A cycle from `entry` back to `entry` inside the component that takes, for every fairness
 * constraint enabled somewhere in it, an edge of that action (so the loop is fair).
 */
function cycleThrough(
  g: StateGraph,
  entry: number,
  members: ReadonlySet<number>,
  fairness: readonly Fairness[],
  enabledAt: (id: number, f: Fairness) => boolean,
): { id: number; label: number }[] {
  const goals = fairness.filter((f) => [...members].some((id) => enabledAt(id, f)));
  const out: { id: number; label: number }[] = [];
  const taken: number[] = []; // the edge of each step of `out`
  let cur = entry;
  const walk = (target: (e: number) => boolean): void => {
    // BFS over edges inside the component until an edge satisfying `target` is taken.
    const prev = new Map<number, { from: number; edge: number }>();
    const queue = [cur];
    const seen = new Set([cur]);
    for (let h = 0; h < queue.length; h++) {
      const id = queue[h]!;
      for (let e = g.edgeStart[id]!; e < g.edgeStart[id + 1]!; e++) {
        const t = g.edgeTarget[e]!;
        if (!members.has(t)) continue;
        if (target(e)) {
          const edges = [e];
          for (let x = id; x !== cur;) {
            const p = prev.get(x)!;
            edges.push(p.edge);
            x = p.from;
          }
          for (const edge of edges.reverse()) {
            out.push({ id: g.edgeTarget[edge]!, label: g.edgeLabel[edge]! });
            taken.push(edge);
          }
          cur = t;
          return;
        }
        if (!seen.has(t)) {
          seen.add(t);
          prev.set(t, { from: id, edge: e });
          queue.push(t);
        }
      }
    }
  };
  for (const goal of goals) if (!taken.some((e) => goal.takes(g, e))) walk((e) => goal.takes(g, e));
  // Close the cycle at the entry (unless the last fair step already came back to it).
  if (out.length === 0 || cur !== entry) walk((e) => g.edgeTarget[e] === entry);
  return out;
}
