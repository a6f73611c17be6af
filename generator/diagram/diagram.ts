// The machine as a picture (issue 14 item 4), from its IR: the states (the initial one entered
// from a start mark, terminal ones leading to an end mark, the violation target marked) and
// one edge per source of each transition, labelled with its event and reason; a `stay`
// transition is a loop on each of its sources. Mermaid (`stateDiagram-v2`) and Graphviz DOT,
// as text; svg.ts renders the DOT. Deterministic: states and transitions in declaration order.

import { targetFrom, type IrMachine } from '../lower/ir.ts';

/** One drawn edge: a transition from one of its sources. */
interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** The edges of a machine, one per (transition, source), in declaration order. */
function edgesOf(ir: IrMachine): Edge[] {
  return ir.transitions.flatMap((t) =>
    t.sources.map((from) => ({
      from,
      to: targetFrom(t, from),
      label: `${t.event} / ${t.reason}`,
    })),
  );
}

/** Mermaid's `stateDiagram-v2`. Each state is declared with an id of its own (`s_<name>`), so
 *  that a state named like a Mermaid keyword (`end`, `note`, `state`) is still a state. */
export function mermaidOf(ir: IrMachine): string {
  const id = (state: string): string => `s_${state}`;
  const lines = ['stateDiagram-v2'];
  for (const s of ir.states) lines.push(`  state "${s.name}" as ${id(s.name)}`);
  lines.push(`  [*] --> ${id(ir.initialState)}`);
  for (const e of edgesOf(ir)) lines.push(`  ${id(e.from)} --> ${id(e.to)}: ${e.label}`);
  for (const s of ir.states) if (s.terminal) lines.push(`  ${id(s.name)} --> [*]`);
  if (ir.violationState !== null) {
    lines.push('  classDef violation stroke:#c00,stroke-width:3px,color:#c00');
    lines.push(`  class ${id(ir.violationState)} violation`);
  }
  return `${lines.join('\n')}\n`;
}

/** Graphviz DOT. State ids are quoted (any spec name is one); the start mark is `"[*]"`,
 *  which no state can be named. Terminal states are drawn with a double border, the violation
 *  target in red. The edges between one pair of states are drawn as one, a line of its label
 *  each (Graphviz draws parallel edges apart, a fan of them to a terminal state). */
export function dotOf(ir: IrMachine): string {
  const q = (s: string): string => `"${s}"`;
  const lines = [
    `digraph ${q(ir.name)} {`,
    '  rankdir=LR;',
    '  node [shape=box, style=rounded, fontname="Helvetica"];',
    '  edge [fontname="Helvetica", fontsize=10];',
    `  ${q('[*]')} [shape=point, width=0.15, label=""];`,
  ];
  for (const s of ir.states) {
    const attrs = [
      ...(s.terminal ? ['peripheries=2'] : []),
      ...(s.name === ir.violationState ? ['color="#cc0000"', 'fontcolor="#cc0000"'] : []),
    ];
    lines.push(`  ${q(s.name)}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`);
  }
  lines.push(`  ${q('[*]')} -> ${q(ir.initialState)};`);
  const pairs = new Map<string, { from: string; to: string; labels: string[] }>();
  for (const e of edgesOf(ir)) {
    const key = `${e.from} ${e.to}`;
    const pair = pairs.get(key) ?? { from: e.from, to: e.to, labels: [] };
    pair.labels.push(e.label);
    pairs.set(key, pair);
  }
  for (const p of pairs.values())
    lines.push(`  ${q(p.from)} -> ${q(p.to)} [label=${q(p.labels.join('\\n'))}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
