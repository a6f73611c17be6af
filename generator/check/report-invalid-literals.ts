// Pass: integer literals beyond Number.MAX_SAFE_INTEGER (TTH0002); they would lose precision
// in the engine and mean something else in TLA+.

import type { CheckPass } from './context.ts';
import { exprSites, walkExpr } from './sites.ts';

export const reportInvalidLiterals: CheckPass = (ctx) => {
  for (const d of ctx.ast.decls)
    if (d.kind === 'TypeDecl' && d.model && !Number.isSafeInteger(d.model.value))
      ctx.sink.report('TTH0002', d.model.span, { text: ctx.source.slice(d.model.span.start.offset, d.model.span.end.offset) });
  for (const { expr } of exprSites(ctx.ast))
    walkExpr(expr, (e) => {
      if (e.kind === 'IntLit' && !Number.isSafeInteger(e.value))
        ctx.sink.report('TTH0002', e.span, { text: ctx.source.slice(e.span.start.offset, e.span.end.offset) });
    });
};
