// Pass: declarations nothing uses — variables and consts never read (TTH5001), params
// (TTH5002), events no transition handles and no refusal names (TTH5003), types (TTH5004),
// reasons (TTH5005), definitions (TTH5006).

import type { TypeRef } from '../parse/ast.ts';
import type { CheckPass } from './context.ts';
import { exprSites, walkExpr } from './sites.ts';

export const reportUnused: CheckPass = (ctx) => {
  const used = new Set<string>();
  for (const { expr, bound: params } of exprSites(ctx.ast))
    walkExpr(
      expr,
      (e, bound) => {
        const name = e.kind === 'NameRef' ? e.name.name : e.kind === 'Call' ? e.callee.name : null;
        if (name === null || bound.has(name)) return;
        used.add(name);
        const sym = ctx.symbols.values.get(name);
        if (sym?.kind === 'enumMember') used.add(sym.decl.name.name);
      },
      params,
    );
  const useType = (t: TypeRef): void => {
    if (t.kind === 'NamedType') used.add(t.name.name);
    else if (t.kind === 'SetType') useType(t.element);
    else if (t.kind === 'NullableType') useType(t.inner);
  };
  const handled = new Set<string>();
  const reasons = new Set<string>();
  for (const d of ctx.ast.decls) {
    if (d.kind === 'ParamDecl' || d.kind === 'ConstDecl' || d.kind === 'VarDecl') useType(d.type);
    if (d.kind === 'EventDecl') for (const f of d.fields) useType(f.type);
    if (d.kind === 'RefusalDecl') {
      // A refused event is handled: the spec says what its rejection means.
      handled.add(d.event.name);
      reasons.add(d.reason.name);
    }
    if (d.kind === 'TransitionDecl') {
      handled.add(d.event.name);
      for (const c of d.clauses)
        if (c.kind === 'ReasonClause' || c.kind === 'RequireClause') reasons.add(c.reason.name);
    }
  }
  for (const d of ctx.ast.decls) {
    switch (d.kind) {
      case 'VarDecl':
      case 'ConstDecl':
        if (!used.has(d.name.name)) ctx.sink.report('TTH5001', d.name.span, { name: d.name.name });
        break;
      case 'ParamDecl':
        if (!used.has(d.name.name)) ctx.sink.report('TTH5002', d.name.span, { name: d.name.name });
        break;
      case 'EventDecl':
        if (!handled.has(d.name.name))
          ctx.sink.report('TTH5003', d.name.span, { name: d.name.name });
        break;
      case 'TypeDecl':
      case 'EnumDecl':
        if (!used.has(d.name.name)) ctx.sink.report('TTH5004', d.name.span, { name: d.name.name });
        break;
      case 'ReasonsDecl':
        for (const r of d.reasons)
          if (!reasons.has(r.name)) ctx.sink.report('TTH5005', r.span, { name: r.name });
        break;
      case 'DefDecl':
        if (!used.has(d.name.name)) ctx.sink.report('TTH5006', d.name.span, { name: d.name.name });
        break;
      default:
        break;
    }
  }
};
