// Pass: a state listed twice among one transition's sources (TTH4005).

import type { Ident } from '../parse/ast.ts';
import type { CheckPass } from './context.ts';

export const reportDuplicateSources: CheckPass = (ctx) => {
  for (const t of ctx.symbols.transitions.values()) {
    if (!Array.isArray(t.sources)) continue;
    const seen = new Map<string, Ident>();
    for (const s of t.sources as readonly Ident[]) {
      const prior = seen.get(s.name);
      if (prior)
        ctx.sink.report('TTH4005', s.span, { name: s.name, transition: t.name.name }, [
          { message: 'first listed here', span: prior.span },
        ]);
      else seen.set(s.name, s);
    }
  }
};
