// Pass: states no chain of transitions reaches from the initial state (TTH3004). Guards are
// ignored here; whether a guarded transition can fire is the model checker's question. The
// violation state is reached by construction: any accepted step can move there (ir.ts,
// rule 7), so it counts as reached once some transition leaves a reached state.

import { violationTarget } from './symbols.ts';
import type { CheckPass } from './context.ts';
import { sourceStates } from './transition-sources.ts';

export const reportUnreachableStates: CheckPass = (ctx) => {
  const initial = ctx.symbols.states.find((s) => s.initial);
  if (!initial) return; // reported by reportInitialState
  const violation = violationTarget(
    ctx.ast,
    ctx.symbols.states.filter((s) => s.terminal).map((s) => s.name.name),
  );
  const edges = new Map<string, Set<string>>();
  for (const t of ctx.symbols.transitions.values())
    for (const from of sourceStates(ctx.symbols, t)) {
      const out = edges.get(from) ?? new Set<string>();
      out.add(t.target.kind === 'StayTarget' ? from : t.target.name);
      // ir.ts rule 7: a step whose ensure, invariant or step property fails goes to the violation state.
      if (violation) out.add(violation);
      edges.set(from, out);
    }
  const seen = new Set([initial.name.name]);
  const queue = [initial.name.name];
  for (let s = queue.shift(); s !== undefined; s = queue.shift())
    for (const next of edges.get(s) ?? [])
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
  for (const s of ctx.symbols.states)
    if (!seen.has(s.name.name))
      ctx.sink.report('TTH3004', s.name.span, { name: s.name.name, initial: initial.name.name });
};
