// Pass: every transition has exactly one `reason` (TTH4001, TTH4002): seed I5, "all state
// transitions are explicit and reason-coded".

import type { CheckPass } from './context.ts';

export const reportReasonClauses: CheckPass = (ctx) => {
  for (const t of ctx.symbols.transitions.values()) {
    const reasons = t.clauses.filter((c) => c.kind === 'ReasonClause');
    if (reasons.length === 0) ctx.sink.report('TTH4001', t.name.span, { name: t.name.name });
    for (const extra of reasons.slice(1))
      ctx.sink.report('TTH4002', extra.span, { name: t.name.name }, [
        { message: 'the first reason clause', span: reasons[0]!.span },
      ]);
  }
};
