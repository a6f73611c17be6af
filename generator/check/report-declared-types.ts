// Pass: reports declarations whose types or model values do not fit: unbounded types
// (TTH2004), time-typed event fields (TTH2001), bad model values (TTH2009), bad range
// bounds (TTH2010) and model ranges where they mean nothing (TTH2021). It reads the
// declared types (type-ref.ts), no expression's type.

import type {
  Expr,
  FieldDecl,
  Ident,
  NamedType,
  ParamDecl,
  TypeRef,
  VarDecl,
} from '../parse/ast.ts';
import { foldInt } from './report-out-of-range.ts';
import { showType, type IrType } from '../lower/types.ts';
import type { CheckContext, CheckPass } from './context.ts';
import { boundOf, typeOfRef, unboundedPart } from './type-ref.ts';

export const reportDeclaredTypes: CheckPass = (ctx) => {
  const declared = (t: TypeRef): IrType => typeOfRef(ctx.symbols, t);
  const unbounded = (name: Ident, t: TypeRef): void => {
    const part = unboundedPart(declared(t));
    if (part) ctx.sink.report('TTH2004', t.span, { name: name.name, type: part });
  };
  /** TTH2004 on an Int, Nat or Duration, with a note on the model range that would do. */
  const unboundedNumber = (d: FieldDecl | VarDecl, note: string): void => {
    const type = (d.type as NamedType).name.name;
    ctx.sink.report('TTH2004', d.type.span, { name: d.name.name, type }, [
      { message: `${note}: '${d.name.name}: ${type} model 0..3'`, span: d.type.span },
    ]);
  };
  for (const d of ctx.ast.decls) {
    if (d.kind === 'VarDecl' && d.model) reportModelRange(ctx, d);
    else if (d.kind === 'VarDecl' && modelRangeable(d.type))
      // A counter or a duration may grow without bound at runtime: the model needs a bound.
      unboundedNumber(d, 'or keep it unbounded at runtime and give the model a bound');
    else if (d.kind === 'VarDecl' || d.kind === 'ConstDecl') unbounded(d.name, d.type);
    if (d.kind === 'EventDecl')
      for (const f of d.fields) {
        if (f.model) reportModelRange(ctx, f);
        else if (modelRangeable(f.type))
          // An event may carry any such value: the model needs only a few.
          unboundedNumber(f, 'an event field may be unbounded if the model is given its values');
        else unbounded(f.name, f.type);
        if (declared(f.type).kind === 'time')
          ctx.sink.report('TTH2001', f.type.span, {
            context: `field '${f.name.name}' (time reaches the engine as 'now', not in events)`,
            expected: 'a type other than Time',
            actual: 'Time',
          });
      }
    if (d.kind === 'DefDecl')
      for (const p of d.params ?? [])
        if (p.model)
          ctx.sink.report('TTH2021', p.model.span, {
            name: p.name.name,
            detail: "a definition's param has no model range (it is given by its argument)",
          });
    if (d.kind === 'TypeDecl' && d.model && d.model.value < 1)
      ctx.sink.report('TTH2009', d.model.span, {
        name: d.name.name,
        detail: 'a type needs at least 1 model value',
      });
    if (
      d.kind === 'ParamDecl' ||
      d.kind === 'ConstDecl' ||
      d.kind === 'VarDecl' ||
      d.kind === 'EventDecl'
    ) {
      const types =
        d.kind === 'EventDecl'
          ? d.fields.flatMap((f) => (f.model ? [f.type, f.model] : [f.type]))
          : d.kind === 'VarDecl' && d.model
            ? [d.type, d.model]
            : [d.type];
      for (const t of types) reportRanges(ctx, t);
    }
  }
  for (const d of ctx.ast.decls) if (d.kind === 'ParamDecl') reportModelValue(ctx, d);
};

/** `model lo..hi` on an event field or a variable: only where the type is unbounded at
 *  runtime (Int, Nat, Duration), not below 0 for a Nat or a Duration, and holding a
 *  variable's initial value when that is a number (README, "Events", "Constants and
 *  variables"). */
function reportModelRange(ctx: CheckContext, d: FieldDecl | VarDecl): void {
  const model = d.model!;
  const what = d.kind === 'VarDecl' ? 'variable' : 'field';
  const report = (detail: string): void =>
    ctx.sink.report('TTH2021', model.span, { name: d.name.name, detail });
  if (!modelRangeable(d.type))
    return report(
      `a model range is for an Int, Nat or Duration ${what}, whose values are unbounded at runtime; ${showType(typeOfRef(ctx.symbols, d.type))} needs none`,
    );
  const written = d.type.name.name;
  const lo = boundOf(model.lo);
  const hi = boundOf(model.hi);
  if (written !== 'Int' && lo?.kind === 'literal' && lo.value < 0)
    return report(`a ${written} ${what}'s model range cannot go below 0`);
  const init = d.kind === 'VarDecl' ? foldInt(d.init) : null;
  if (
    init !== null &&
    ((lo?.kind === 'literal' && init < lo.value) || (hi?.kind === 'literal' && init > hi.value))
  )
    report(
      `its initial value ${init} is outside its model range: the model would have no initial state`,
    );
}

/** Is the written type one a model range is for: Int, Nat or Duration, unbounded at runtime? */
function modelRangeable(t: TypeRef): t is NamedType {
  return t.kind === 'NamedType' && ['Int', 'Nat', 'Duration'].includes(t.name.name);
}

function reportRanges(ctx: CheckContext, t: TypeRef): void {
  if (t.kind === 'SetType') return reportRanges(ctx, t.element);
  if (t.kind === 'NullableType') return reportRanges(ctx, t.inner);
  if (t.kind === 'MapType') {
    reportRanges(ctx, t.key);
    return reportRanges(ctx, t.value);
  }
  if (t.kind === 'SeqType') {
    reportRanges(ctx, t.element);
    return reportBounds(ctx, [t.capacity], 'a capacity');
  }
  if (t.kind !== 'RangeType') return;
  reportBounds(ctx, [t.lo, t.hi], 'a bound');
  const lo = boundOf(t.lo);
  const hi = boundOf(t.hi);
  if (lo?.kind === 'literal' && hi?.kind === 'literal' && lo.value > hi.value)
    ctx.sink.report('TTH2010', t.span, { detail: `${lo.value}..${hi.value} is empty` });
}

/** Range bounds (and sequence capacities): integers or integer params; a capacity not below 0. */
function reportBounds(ctx: CheckContext, bounds: readonly Expr[], what: string): void {
  for (const b of bounds) {
    const bound = boundOf(b);
    if (!bound) {
      ctx.sink.report('TTH2010', b.span, {
        detail: `${what} must be an integer or a Nat param`,
      });
    } else if (what === 'a capacity' && bound.kind === 'literal' && bound.value < 0) {
      ctx.sink.report('TTH2010', b.span, { detail: 'a capacity cannot be below 0' });
    } else if (bound.kind === 'param') {
      const sym = ctx.symbols.values.get(bound.name);
      const ok = sym?.kind === 'param' && typeOfRef(ctx.symbols, sym.decl.type).kind === 'int';
      if (sym && !ok)
        ctx.sink.report('TTH2010', b.span, {
          detail: `'${bound.name}' is not an integer param`,
        });
    }
  }
}

function reportModelValue(ctx: CheckContext, { name, type, model }: ParamDecl): void {
  const t = typeOfRef(ctx.symbols, type);
  const report = (detail: string): void =>
    ctx.sink.report('TTH2009', model.span, { name: name.name, detail });
  const int =
    model.kind === 'IntLit'
      ? model.value
      : model.kind === 'Unary' && model.op === '-' && model.operand.kind === 'IntLit'
        ? -model.operand.value
        : null;
  if (type.kind === 'NamedType' && (type.name.name === 'Nat' || type.name.name === 'Duration')) {
    if (int === null || int < 0) report(`a ${type.name.name} param needs a non-negative integer`);
  } else if (t.kind === 'int') {
    if (int === null) report('an Int param needs an integer');
  } else if (t.kind === 'bool') {
    if (model.kind !== 'BoolLit') report('a Bool param needs true or false');
  } else if (t.kind !== 'unknown') {
    ctx.sink.report('TTH2009', type.span, {
      name: name.name,
      detail: `params are Duration, Nat, Int or Bool, not ${showType(t)}`,
    });
  }
}
