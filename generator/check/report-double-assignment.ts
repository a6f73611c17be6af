// Pass: a variable assigned twice in one transition (TTH4003). Assignments are simultaneous,
// so two of them to one variable would have no meaning.

import type { Ident } from '../parse/ast.ts';
import type { CheckPass } from './context.ts';

export const reportDoubleAssignment: CheckPass = (ctx) => {
  for (const t of ctx.symbols.transitions.values()) {
    const first = new Map<string, Ident>();
    for (const c of t.clauses) {
      if (c.kind !== 'SetClause') continue;
      for (const a of c.assignments) {
        const prior = first.get(a.target.name);
        if (prior)
          ctx.sink.report(
            'TTH4003',
            a.target.span,
            { name: a.target.name, transition: t.name.name },
            [{ message: 'first assigned here', span: prior.span }],
          );
        else first.set(a.target.name, a.target);
      }
    }
  }
};
