// `tether diagram --model`: the reachable graph of the model (the explorer's, as `check` walks
// it), one node per distinct model state labelled with its variables, one edge per transition
// (or clock tick) between two states, whatever the payloads. For small models: past the node
// limit the search stops and the command says so.

import { exploreGraph } from '../explore/explore.ts';
import type { IrMachine } from '../lower/ir.ts';
import { STATE_SLOT } from '../semantics/compile.ts';
import { slotNames } from '../semantics/model.ts';
import { showTime, showValue } from '../semantics/values.ts';

/** The most states `--model` draws (a picture of more is no longer read). */
export const MODEL_NODE_LIMIT = 200;

/** The model has more reachable states than the limit. */
export class ModelTooBigError extends Error {
  override readonly name = 'ModelTooBigError';
}

interface ModelGraph {
  readonly nodes: readonly { readonly label: string; readonly initial: boolean }[];
  readonly edges: readonly { readonly from: number; readonly to: number; readonly label: string }[];
}

function modelGraph(ir: IrMachine, limit: number): ModelGraph {
  const g = exploreGraph(ir, { limits: { maxStates: limit } });
  if (g.result.stopped !== undefined || g.states.length > limit)
    throw new ModelTooBigError(
      `the model of ${ir.name} has more than ${limit} reachable states: --model draws at most ${limit} (lower the model's values, or draw the machine without --model)`,
    );
  const names = slotNames(g.model.layout);
  const times = new Set(g.model.timeSlots);
  const nodes = g.states.map((s, i) => ({
    label: [
      String(s[STATE_SLOT]),
      // Every other slot, the version too (counted modulo 2 in the model).
      ...s.flatMap((v, slot) =>
        slot === STATE_SLOT
          ? []
          : [`${names[slot]} = ${times.has(slot) ? showTime(v) : showValue(v)}`],
      ),
    ].join('\n'),
    initial: g.parent[i] === -1,
  }));
  const edges: { from: number; to: number; label: string }[] = [];
  const seen = new Set<string>();
  for (let from = 0; from < g.states.length; from++)
    for (let k = g.edgeStart[from]!; k < g.edgeStart[from + 1]!; k++) {
      const t = g.edgeLabel[k]!;
      const label = t === g.model.transitions.length ? 'Tick' : g.model.transitions[t]!.ir.name;
      const to = g.edgeTarget[k]!;
      const key = `${from} ${to} ${label}`;
      if (seen.has(key)) continue;
      seen.add(key);
      edges.push({ from, to, label });
    }
  return { nodes, edges };
}

/** The reachable model graph as DOT (node labels: the state, then each variable). */
export function modelDotOf(ir: IrMachine, limit = MODEL_NODE_LIMIT): string {
  const { nodes, edges } = modelGraph(ir, limit);
  const q = (s: string): string => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  const lines = [
    `digraph ${q(`${ir.name} model`)} {`,
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
    `  ${q('[*]')} [shape=point, width=0.15, label=""];`,
  ];
  nodes.forEach((n, i) => lines.push(`  m${i} [label=${q(n.label).replaceAll('\n', '\\n')}];`));
  nodes.forEach((n, i) => {
    if (n.initial) lines.push(`  ${q('[*]')} -> m${i};`);
  });
  for (const e of edges) lines.push(`  m${e.from} -> m${e.to} [label=${q(e.label)}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** The reachable model graph as Mermaid (a node's variables on one line, after its state). */
export function modelMermaidOf(ir: IrMachine, limit = MODEL_NODE_LIMIT): string {
  const { nodes, edges } = modelGraph(ir, limit);
  const lines = ['stateDiagram-v2'];
  nodes.forEach((n, i) =>
    lines.push(`  state "${n.label.replaceAll('\n', ', ').replaceAll('"', "'")}" as m${i}`),
  );
  nodes.forEach((n, i) => {
    if (n.initial) lines.push(`  [*] --> m${i}`);
  });
  for (const e of edges) lines.push(`  m${e.from} --> m${e.to}: ${e.label}`);
  return `${lines.join('\n')}\n`;
}
