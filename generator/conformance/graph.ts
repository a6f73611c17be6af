// Graph equivalence: the engine's reachable graph (engine-graph.ts) or TLC's against the
// explorer's, under one canonical encoding (the model's state key) with labelled edges
// (transition and payload, or Tick). The first difference is told in spec terms.

import type { ReachableGraph } from '../explore/explore.ts';
import { STATE_SLOT, VERSION_SLOT } from '../semantics/compile.ts';
import { showTime, showValue, valueKey, type Value } from '../semantics/values.ts';

/** An edge's label: the transition and its payload, in the model's value encoding. */
export function edgeLabel(transition: string, payload: readonly Value[]): string {
  return `${transition}(${payload.map(valueKey).join(',')})`;
}

/** The explorer's edges of state `id`: "label -> target key" mapped to their spec reading. */
export function modelEdges(g: ReachableGraph, id: number): Map<string, () => string> {
  const out = new Map<string, () => string>();
  const clock = g.model.transitions.length;
  for (let e = g.edgeStart[id]!; e < g.edgeStart[id + 1]!; e++) {
    const target = g.key(g.states[g.edgeTarget[e]!]!);
    const label = g.edgeLabel[e]!;
    if (label === clock) {
      out.set(`Tick -> ${target}`, () => 'Tick (time passes)');
      continue;
    }
    const t = g.model.transitions[label]!;
    const payload = g.model.eventPayloads(t.eventIndex)[g.edgePayload[e]!]!;
    out.set(`${edgeLabel(t.ir.name, payload)} -> ${target}`, () => showStep(g, t.ir.name, payload));
  }
  return out;
}

/** A transition with its payload in spec terms: `reattach on REATTACH { transport: TransportId1, ... }`. */
export function showStep(g: ReachableGraph, transition: string, payload: readonly Value[]): string {
  const t = g.model.transitions.find((x) => x.ir.name === transition);
  if (!t) return transition;
  const event = g.model.ir.events[t.eventIndex]!;
  const fields = event.fields.map((f, i) => `${f.name}: ${showValue(payload[i] ?? null)}`);
  return `${transition} on ${event.name}${fields.length ? ` { ${fields.join(', ')} }` : ''}`;
}

/** A model state in spec terms (times relative to now, version mod 2). */
export function showModelState(g: ReachableGraph, s: readonly Value[]): string {
  const time = new Set(g.model.timeSlots);
  const parts = [
    `state = ${showValue(s[STATE_SLOT]!)}`,
    `version mod 2 = ${showValue(s[VERSION_SLOT]!)}`,
  ];
  for (const [name, slot] of g.model.layout.slots)
    parts.push(`${name} = ${time.has(slot) ? showTime(s[slot]!) : showValue(s[slot]!)}`);
  return parts.join(', ');
}

/** A graph to compare with the explorer's: states by canonical key, in discovery order. */
export interface OtherGraph {
  /** Who this graph is from, in messages: "the engine", "TLC". */
  readonly who: string;
  readonly order: readonly string[];
  /** "label -> target key" edges of a state, each with its spec reading. */
  readonly edges: (key: string) => ReadonlyMap<string, () => string> | undefined;
  /** A state of this graph that the model lacks, in spec terms. */
  readonly show: (key: string) => string;
}

/** Null when the graphs are the same; else the first differing state or edge, explained. */
export function graphDifference(g: ReachableGraph, other: OtherGraph): string | null {
  const modelIds = new Map<string, number>();
  g.states.forEach((s, i) => modelIds.set(g.key(s), i));
  const showKey = (k: string): string => {
    const id = modelIds.get(k);
    return id !== undefined ? showModelState(g, g.states[id]!) : other.show(k);
  };
  for (let id = 0; id < g.states.length; id++)
    if (!other.edges(g.key(g.states[id]!)))
      return `the model reaches a state ${other.who} does not: ${showModelState(g, g.states[id]!)}`;
  for (const k of other.order)
    if (!modelIds.has(k)) return `${other.who} reaches a state the model does not: ${showKey(k)}`;
  for (let id = 0; id < g.states.length; id++) {
    const k = g.key(g.states[id]!);
    const want = modelEdges(g, id);
    const got = other.edges(k)!;
    const target = (edge: string): string => showKey(edge.slice(edge.indexOf(' -> ') + 4));
    for (const [edge, text] of want)
      if (!got.has(edge))
        return `in ${showKey(k)}: the model steps by ${text()} to ${target(edge)}; ${other.who} does not`;
    for (const [edge, text] of got)
      if (!want.has(edge))
        return `in ${showKey(k)}: ${other.who} steps by ${text()} to ${target(edge)}; the model does not`;
  }
  return null;
}
