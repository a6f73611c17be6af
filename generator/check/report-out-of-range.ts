// Pass: a statically known integer stored in a range-typed variable must lie in the range
// (TTH2003). "Statically known" means built from literals with + - *; bounds that are params
// are only known at runtime, so only literal bounds are compared.

import type { Expr } from '../parse/ast.ts';
import { BINARY_OPERATORS } from '../lower/operators.ts';
import type { IrType } from '../lower/types.ts';
import { showType } from '../lower/types.ts';
import type { CheckPass } from './context.ts';
import { typeOfRef } from './type-ref.ts';

/** The value of a constant integer expression, or null. */
export function foldInt(e: Expr): number | null {
  if (e.kind === 'IntLit') return e.value;
  if (e.kind === 'Unary' && e.op === '-') {
    const v = foldInt(e.operand);
    return v === null ? null : -v;
  }
  if (e.kind === 'Binary' && BINARY_OPERATORS[e.op].typeRule === 'arithmetic') {
    const l = foldInt(e.left);
    const r = foldInt(e.right);
    if (l === null || r === null) return null;
    return BINARY_OPERATORS[e.op].evaluate(l, r) as number;
  }
  return null;
}

export const reportOutOfRange: CheckPass = (ctx) => {
  const check = (name: string, type: IrType, value: Expr): void => {
    const t = type.kind === 'nullable' ? type.inner : type;
    if (t.kind !== 'int' || !t.range) return;
    const v = foldInt(value);
    if (v === null) return;
    const { lo, hi } = t.range;
    if (lo.kind === 'literal' && hi.kind === 'literal' && lo.value > hi.value) return; // TTH2010
    const below = lo.kind === 'literal' && v < lo.value;
    const above = hi.kind === 'literal' && v > hi.value;
    // A param bound is a Nat, so it is at least 0.
    const belowParam = lo.kind === 'param' && v < 0;
    if (below || above || belowParam)
      ctx.sink.report('TTH2003', value.span, { value: String(v), range: showType(t), name });
  };
  for (const d of ctx.ast.decls) {
    if (d.kind === 'VarDecl') check(d.name.name, typeOfRef(ctx.symbols, d.type), d.init);
    if (d.kind !== 'TransitionDecl') continue;
    for (const c of d.clauses) {
      if (c.kind !== 'SetClause') continue;
      for (const a of c.assignments) {
        const sym = ctx.symbols.values.get(a.target.name);
        if (sym?.kind === 'var')
          check(a.target.name, typeOfRef(ctx.symbols, sym.decl.type), a.value);
      }
    }
  }
};
