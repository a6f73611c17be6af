// Pass: a non-terminal state with no outgoing transition (TTH3005): every event there is
// rejected forever, which is what `terminal` says; the spec should say it.

import type { CheckPass } from './context.ts';
import { sourceStates } from './transition-sources.ts';

export const reportDeadEndStates: CheckPass = (ctx) => {
  const leaving = new Set<string>();
  for (const t of ctx.symbols.transitions.values())
    for (const s of sourceStates(ctx.symbols, t)) leaving.add(s);
  for (const s of ctx.symbols.states)
    if (!s.terminal && !leaving.has(s.name.name))
      ctx.sink.report('TTH3005', s.name.span, { name: s.name.name });
};
