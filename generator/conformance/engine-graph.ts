// Graph equivalence (graph.ts compares): the engine's reachable graph, found by
// breadth-first search over its dispatch with the model's payloads, and TLC's state graph
// of the emitted module, each against the explorer's; and on the way, every outcome of the
// engine against the dispatch rule on the model.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { STATE_SLOT } from '../semantics/compile.ts';
import type { Value } from '../semantics/values.ts';
import { parseTlcDot } from '../tlc/dot.ts';
import { javaCommand, runTlc } from '../tlc/run.ts';
import type { TlaModule } from './tla-module.ts';
import {
  ConformanceError,
  type EngineAdapter,
  type EngineOutcome,
  type EngineSnapshot,
} from './adapter.ts';
import { edgeLabel, graphDifference, showModelState, showStep } from './graph.ts';
import { START_TIME } from './plan.ts';

/** A state name no machine has (state names are identifiers). */
const UNKNOWN_STATE = 'NOT A STATE';

export interface EngineGraph<S> {
  /** Edges: "label -> target key" mapped to how the step reads in spec terms. */
  readonly nodes: ReadonlyMap<
    string,
    {
      readonly snapshot: S;
      readonly now: number;
      readonly edges: ReadonlyMap<string, () => string>;
    }
  >;
  /** Keys in BFS order. */
  readonly order: readonly string[];
  readonly edgeCount: number;
  /** The first outcome (acceptance reason, rejection reason, same object) that differs from
   *  the dispatch rule on the model, in spec terms; null when all agree. */
  readonly mismatch: string | null;
  /** The first initial state the engine's creation does not give, in spec terms; or null. */
  readonly initial: string | null;
}

/** Breadth-first search over the engine with payloads from the model's finite domains: it
 *  must yield exactly the explorer's graph (states and labelled edges, from the model's
 *  initial states), and every outcome
 *  on the way (every event and payload in every reachable state, a stale expectedVersion
 *  too) must be the dispatch rule's: the same acceptance or rejection reason, and a
 *  rejection must return the very same snapshot. */
export function expectGraphMatchesExplorer<
  S extends EngineSnapshot,
  E extends { readonly type: string },
  I,
>(a: EngineAdapter<S, E, I>): { states: number; edges: number } {
  const engine = engineGraph(a);
  const diff = graphDifference(a.graph, {
    who: 'the engine',
    order: engine.order,
    edges: (k) => engine.nodes.get(k)?.edges,
    show: (k) => {
      const node = engine.nodes.get(k)!;
      return a.showSnapshot(node.snapshot, node.now);
    },
  });
  // Thrown as they are (not through expect, which would shorten them): they are the story.
  if (engine.initial !== null)
    throw new ConformanceError(`the engine does not start where the model does: ${engine.initial}`);
  if (diff !== null)
    throw new ConformanceError(`the engine's graph is not the explorer's: ${diff}`);
  if (engine.mismatch !== null)
    throw new ConformanceError(`an outcome is not the dispatch rule's: ${engine.mismatch}`);
  return { states: engine.order.length, edges: engine.edgeCount };
}

/** TLC's state graph of the emitted module (`-dump dot,actionlabels`) must be exactly the
 *  explorer's: same states, same labelled edges (TLC's Done stutter on terminal states is the
 *  explorer's implicit one and is left out; TLC repeats some edges, counted once). */
export async function expectGraphMatchesTlc<
  S extends EngineSnapshot,
  E extends { readonly type: string },
  I,
>(
  a: EngineAdapter<S, E, I>,
  jar: string,
  files: TlaModule,
): Promise<{ states: number; edges: number }> {
  const g = a.graph;
  let dot = '';
  const run = await runTlc(
    { moduleName: files.moduleName, tla: files.module, cfg: files.cfg },
    () => javaCommand(jar, files.moduleName, 1, ['-dump', 'dot,actionlabels', 'states.dot']),
    () => {},
    (dir) => (dot = readFileSync(join(dir, 'states.dot'), 'utf8')),
  );
  expect(run.exitCode, `TLC exit code (${run.stderr.slice(-400)})`).toBe(0);
  const parsed = parseTlcDot(a.ir, g.model.layout, dot);
  const keyOf = new Map([...parsed.states].map(([id, s]) => [id, g.key(s)]));
  const edges = new Map<string, Map<string, () => string>>();
  const order: string[] = [];
  for (const k of keyOf.values())
    if (!edges.has(k)) {
      edges.set(k, new Map());
      order.push(k);
    }
  let count = 0;
  for (const e of parsed.edges) {
    if (e.action === 'Done') continue;
    const from = edges.get(keyOf.get(e.from)!)!;
    const to = keyOf.get(e.to)!;
    let label = 'Tick';
    let text = (): string => 'Tick (time passes)';
    if (e.action !== 'Tick') {
      const t = a.ir.transitions.find((x) => x.name === e.action);
      const fields = a.ir.events.find((x) => x.name === t?.event)?.fields ?? [];
      const payload = fields.map((f) => e.payload[f.name] ?? null);
      label = edgeLabel(e.action, payload);
      text = () => showStep(g, e.action, payload);
    }
    const edge = `${label} -> ${to}`;
    if (!from.has(edge)) count++;
    from.set(edge, text);
  }
  const diff = graphDifference(g, {
    who: 'TLC',
    order,
    edges: (k) => edges.get(k),
    show: (k) =>
      showModelState(
        g,
        [...parsed.states.values()].find((s) => g.key(s) === k)!,
      ),
  });
  if (diff !== null) throw new ConformanceError(`TLC's state graph is not the explorer's: ${diff}`);
  return { states: order.length, edges: count };
}

/** The engine's reachable graph: one concrete snapshot (with its clock) per model state. */
export function engineGraph<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
): EngineGraph<S> {
  const g = a.graph;
  const key = g.key;
  const model = g.model;
  const terminal = new Set(a.ir.states.filter((s) => s.terminal).map((s) => s.name));
  const nodes = new Map<string, { snapshot: S; now: number; edges: Map<string, () => string> }>();
  const order: string[] = [];
  const queue: string[] = [];
  // A snapshot past the model's bounds (IR rule 10) is not in the explorer's graph: the
  // search stops there, as the explorer's and TLC's do (null: no node, no edge).
  const add = (s: S, now: number): string | null => {
    const abstract = a.abstract(s, now);
    if (!model.inBounds(abstract)) return null;
    const k = key(abstract);
    if (!nodes.has(k)) {
      nodes.set(k, { snapshot: s, now, edges: new Map() });
      order.push(k);
      queue.push(k);
    }
    return k;
  };
  let mismatch: string | null = null;
  let initial: string | null = null;
  // Each initial state is the one the model starts in: a graph that differs only in where it
  // starts (an engine created with retries 1, a state the model reaches later) is not equal.
  for (const init of g.states.filter((_, i) => g.parent[i] === -1)) {
    const created = a.create(a.startOf(init));
    const k = add(created, START_TIME);
    if (k !== key(init))
      initial ??= `the model starts in ${showModelState(g, init)}; created from it, the engine's snapshot is ${a.showSnapshot(created, START_TIME)}`;
    // A snapshot in a state the machine does not have (a cast, a store read without
    // parseSnapshot): no candidate and no refusal, so rejected NO_TRANSITION (ir.ts, rule 3),
    // the very snapshot returned (seed §9) — also where every state has a row for every event.
    const stray = { ...created, state: UNKNOWN_STATE } as S;
    for (let ev = 0; ev < a.ir.events.length && mismatch === null; ev++) {
      const e = a.engineEvent(ev, g.model.eventPayloads(ev)[0] ?? []);
      const o = a.engine.dispatch(stray, e, START_TIME);
      if (o.ok || o.reason !== 'NO_TRANSITION' || o.snapshot !== stray)
        mismatch = `in state ${UNKNOWN_STATE}, which the machine does not have: ${a.showEvent(e)} is ${o.ok ? `taken by ${o.transition}` : `rejected ${o.reason}`}${o.snapshot !== stray ? ' (another snapshot object)' : ''}; the dispatch rule says rejected NO_TRANSITION`;
    }
  }
  const events = a.ir.events.map((_, ev) =>
    model.eventPayloads(ev).map((p) => a.engineEvent(ev, p)),
  );
  const modelStates = new Map(g.states.map((s) => [key(s), s]));
  let edgeCount = 0;
  for (let q = 0; q < queue.length; q++) {
    const node = nodes.get(queue[q]!)!;
    const { snapshot: s, now } = node;
    const m = modelStates.get(queue[q]!);
    // Every outcome, rejections included, is the dispatch rule's (lower/ir.ts) on the model.
    const compare = (ev: number, payload: readonly Value[], o: EngineOutcome<S>): void => {
      if (mismatch !== null || !m) return;
      const want = modelOutcome(a, m, ev, payload);
      const got = o.ok ? `${o.transition} (${o.reason})` : `rejected ${o.reason}`;
      if (got !== want)
        mismatch = `in ${a.showSnapshot(s, now)}: ${a.showEvent(a.engineEvent(ev, payload))} is ${got} by the engine, ${want} by the model`;
      else if (!o.ok && o.snapshot !== s)
        mismatch = `in ${a.showSnapshot(s, now)}: rejecting ${a.showEvent(a.engineEvent(ev, payload))}, the engine returns another snapshot object`;
    };
    // A stale expectedVersion, for every event type (the first payload of each).
    for (let ev = 0; ev < a.ir.events.length && mismatch === null; ev++) {
      const e = a.engineEvent(ev, model.eventPayloads(ev)[0] ?? [], s.version + 1);
      const stale = a.engine.dispatch(s, e, now);
      const want = terminal.has(s.state) ? 'TERMINATED' : 'VERSION_MISMATCH';
      if (stale.ok || stale.reason !== want || stale.snapshot !== s)
        mismatch = `in ${a.showSnapshot(s, now)}: ${a.showEvent(e)} is ${stale.ok ? `taken by ${stale.transition}` : `rejected ${stale.reason}`}${stale.snapshot !== s ? ' (another snapshot object)' : ''}; the model says rejected ${want}`;
    }
    for (let ev = 0; ev < a.ir.events.length; ev++) {
      model.eventPayloads(ev).forEach((payload, p) => {
        const o = a.engine.dispatch(s, events[ev]![p]!, now);
        compare(ev, payload, o);
        if (!o.ok) return;
        const target = add(o.snapshot, now);
        if (target === null) return;
        node.edges.set(
          `${edgeLabel(o.transition, payload)} -> ${target}`,
          () => `${o.transition} on ${a.showEvent(a.engineEvent(ev, payload))}`,
        );
        edgeCount++;
      });
    }
    if (!terminal.has(s.state)) {
      const k = key(a.abstract(s, now + 1));
      // Time passing that changes nothing the model sees is stuttering, not a step.
      const target = k === queue[q] ? null : add(s, now + 1);
      if (target !== null) {
        node.edges.set(`Tick -> ${target}`, () => 'Tick (time passes)');
        edgeCount++;
      }
    }
  }
  return { nodes, order, edgeCount, mismatch, initial };
}

/** What the dispatch rule does with an event in a model state, as the engine graph reads
 *  an outcome: `transition (REASON)` or `rejected REASON`. */
export function modelOutcome<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  m: readonly Value[],
  ev: number,
  payload: readonly Value[],
): string {
  const model = a.graph.model;
  if (model.terminal.has(m[STATE_SLOT] as string)) return 'rejected TERMINATED';
  const d = model.decide(m, ev, payload);
  if (d.kind === 'accept') return `${d.transition.ir.name} (${d.transition.ir.reason})`;
  if (d.kind === 'none') return `rejected ${d.reason}`;
  return `rejected ${d.deciding.transition.ir.requires[d.deciding.clause]!.reason}`;
}
