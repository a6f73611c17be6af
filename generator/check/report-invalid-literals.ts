// Pass: integer literals beyond the model's integers (TTH0002, IR rule 9). Every literal
// reaches the TLA+ model, where TLC computes with 32-bit integers: a larger one does not
// even parse there ("NumberFormatException"), and the explorer must agree with TLC.

import { MODEL_INT_MAX } from '../lower/ir.ts';
import type { CheckPass } from './context.ts';
import { exprSites, walkExpr } from './sites.ts';

export const reportInvalidLiterals: CheckPass = (ctx) => {
  const tooLarge = (value: number): boolean => !(value <= MODEL_INT_MAX);
  for (const d of ctx.ast.decls)
    if (d.kind === 'TypeDecl' && d.model && tooLarge(d.model.value))
      ctx.sink.report('TTH0002', d.model.span, {
        text: ctx.source.slice(d.model.span.start.offset, d.model.span.end.offset),
      });
  for (const { expr } of exprSites(ctx.ast))
    walkExpr(expr, (e) => {
      if (e.kind === 'IntLit' && tooLarge(e.value))
        ctx.sink.report('TTH0002', e.span, {
          text: ctx.source.slice(e.span.start.offset, e.span.end.offset),
        });
    });
};
