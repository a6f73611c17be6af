// Pass: what the model checkers could not build (IR rule 9), counted from the types and the
// model values, never enumerated. A range holds at most MODEL_INT_MAX values (TLC's intervals
// are 32-bit: "Size of interval value exceeds the maximum representable size"; TTH2010).
// What a checker enumerates — a type's model values, a const's values (the initial states),
// an event's payloads, a range a quantifier iterates — has at most MODEL_ENUMERATION_LIMIT
// values (TLC builds each as one set: "Attempted to construct a set with too many
// elements" past -maxSetSize, or runs out of memory; TTH2019).

import type { Expr, Span, TypeRef } from '../parse/ast.ts';
import { MODEL_ENUMERATION_LIMIT, MODEL_INT_MAX } from '../lower/ir.ts';
import { modelDomainSize, type ModelSizes } from '../lower/types.ts';
import type { CheckContext, CheckPass } from './context.ts';
import { foldInt } from './report-out-of-range.ts';
import { exprSites, walkExpr } from './sites.ts';
import { declsOf } from './symbols.ts';
import { typeOfRef } from './type-ref.ts';

/** Strong fairness conditions past which TLC's liveness check becomes impractical. Measured
 *  with TLC 1.8.0 on test/fixtures/diagnostics/TTH4012-many-strong-fairness-conditions.tether
 *  with its field's range changed: 16 conditions took 3 s, 20 took 42 s, 26 did not finish in 5
 *  minutes, and at 32 TLC refuses the formula ("exceeds the maximum supported size in
 *  disjunctive normal form"). The explorer is not affected. */
export const STRONG_FAIRNESS_FOR_TLC = 16;

export const reportModelSizes: CheckPass = (ctx) => {
  const sizes = modelSizesOf(ctx);
  const tooMany = (what: string, count: number, span: Span): void => {
    if (count <= MODEL_ENUMERATION_LIMIT) return;
    ctx.sink.report('TTH2019', span, {
      what,
      count:
        count <= Number.MAX_SAFE_INTEGER
          ? count.toLocaleString('en-US')
          : `more than ${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}`,
      limit: MODEL_ENUMERATION_LIMIT.toLocaleString('en-US'),
    });
  };
  const value = (e: Expr): number | undefined =>
    foldInt(e) ?? (e.kind === 'NameRef' && !e.primed ? sizes.param(e.name.name) : undefined);
  /** The size of a range with known bounds, reported when past TLC's intervals. */
  const rangeSize = (lo: Expr, hi: Expr, span: Span): number | undefined => {
    const [l, h] = [value(lo), value(hi)];
    if (l === undefined || h === undefined) return undefined;
    if (h - l + 1 > MODEL_INT_MAX)
      ctx.sink.report('TTH2010', span, {
        detail: `${l}..${h} has ${h - l + 1} values; TLC's ranges hold at most ${MODEL_INT_MAX}`,
      });
    return Math.max(0, h - l + 1);
  };
  const checkRanges = (t: TypeRef): void => {
    if (t.kind === 'RangeType') rangeSize(t.lo, t.hi, t.span);
    else if (t.kind === 'SetType') checkRanges(t.element);
    else if (t.kind === 'NullableType') checkRanges(t.inner);
  };
  const count = (t: TypeRef): number => modelDomainSize(typeOfRef(ctx.symbols, t), sizes) ?? 1;
  // A type too large is reported once, at its own declaration, not at every use.
  const oversized = (t: TypeRef): boolean =>
    t.kind === 'NamedType'
      ? sizes.opaque(t.name.name) > MODEL_ENUMERATION_LIMIT &&
        ctx.symbols.values.get(t.name.name)?.kind === 'type'
      : t.kind === 'SetType'
        ? oversized(t.element)
        : t.kind === 'NullableType'
          ? oversized(t.inner)
          : false;
  for (const d of ctx.ast.decls) {
    if (d.kind === 'ParamDecl' || d.kind === 'VarDecl') checkRanges(d.type);
    if (d.kind === 'VarDecl' && d.model) checkRanges(d.model);
    if (d.kind === 'TypeDecl' && d.model)
      tooMany(`type '${d.name.name}'`, d.model.value, d.model.span);
    if (d.kind === 'ConstDecl') {
      checkRanges(d.type);
      if (!oversized(d.type)) tooMany(`const '${d.name.name}'`, count(d.type), d.type.span);
    }
    if (d.kind === 'EventDecl') {
      for (const f of d.fields) checkRanges(f.model ?? f.type);
      if (!d.fields.some((f) => oversized(f.type)))
        tooMany(
          `the set of payloads of event '${d.name.name}'`,
          d.fields.reduce((n, f) => n * count(f.model ?? f.type), 1),
          d.name.span,
        );
    }
  }
  // TLC's liveness check grows exponentially in the strong fairness conditions (each is a
  // disjunction in the formula it puts in normal form): `strong each t` is one per payload.
  let strong = 0;
  for (const f of declsOf(ctx.ast, 'FairnessDecl')) {
    if (f.strength !== 'strong') continue;
    const before = strong;
    for (const target of f.targets) {
      const event = f.each
        ? ctx.symbols.events.get(ctx.symbols.transitions.get(target.name)?.event.name ?? '')
        : undefined;
      strong += event ? event.fields.reduce((n, x) => n * count(x.model ?? x.type), 1) : 1;
    }
    if (before <= STRONG_FAIRNESS_FOR_TLC && strong > STRONG_FAIRNESS_FOR_TLC)
      ctx.sink.report('TTH4012', f.span, {
        count: strong.toLocaleString('en-US'),
        limit: String(STRONG_FAIRNESS_FOR_TLC),
      });
  }
  for (const { expr } of exprSites(ctx.ast))
    walkExpr(expr, (e) => {
      if (e.kind !== 'Quantifier' || e.domain.kind !== 'RangeExpr') return;
      const n = rangeSize(e.domain.lo, e.domain.hi, e.domain.span);
      if (n !== undefined && n <= MODEL_INT_MAX)
        tooMany(`the range of '${e.quantifier} ${e.variable.name}'`, n, e.domain.span);
    });
};

/** The model sizes the spec declares: param model values, opaque type sizes, enum members. */
function modelSizesOf(ctx: CheckContext): ModelSizes {
  const params = new Map<string, number>();
  const opaque = new Map<string, number>();
  const enums = new Map<string, number>();
  let states = 0;
  for (const d of ctx.ast.decls) {
    if (d.kind === 'ParamDecl') {
      const v = foldInt(d.model);
      if (v !== null) params.set(d.name.name, v);
    } else if (d.kind === 'TypeDecl') opaque.set(d.name.name, d.model?.value ?? 2);
    else if (d.kind === 'EnumDecl') enums.set(d.name.name, d.members.length);
    else if (d.kind === 'StatesDecl') states += d.states.length;
  }
  return {
    param: (n) => params.get(n),
    opaque: (n) => opaque.get(n) ?? 2,
    enumMembers: (n) => enums.get(n) ?? 0,
    states,
  };
}
