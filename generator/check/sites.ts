// Where expressions occur, and a walker over them. A "site" says what an expression may
// use: `event.field` only in transitions, primes only in steps, enabled() only in
// invariants and properties; a definition's body none of these, and its params.

import type { DefDecl, Expr, SpecFile, Temporal, TransitionDecl, TypeRef } from '../parse/ast.ts';

export type Site =
  | { readonly kind: 'require' | 'set' | 'ensure'; readonly transition: TransitionDecl }
  | { readonly kind: 'def'; readonly def: DefDecl }
  | { readonly kind: 'invariant' | 'step' | 'property' | 'init' | 'model' | 'bound' };

export interface SiteExpr {
  readonly expr: Expr;
  readonly site: Site;
  /** The names bound where the expression starts: a definition's params. */
  readonly bound: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/** Range bounds inside a type. */
export function typeBounds(t: TypeRef): Expr[] {
  switch (t.kind) {
    case 'NamedType':
      return [];
    case 'RangeType':
      return [t.lo, t.hi];
    case 'SetType':
      return typeBounds(t.element);
    case 'MapType':
      return [...typeBounds(t.key), ...typeBounds(t.value)];
    case 'SeqType':
      return [...typeBounds(t.element), t.capacity];
    case 'NullableType':
      return typeBounds(t.inner);
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

export function temporalExprs(t: Temporal): Expr[] {
  switch (t.kind) {
    case 'Always':
    case 'Eventually':
      return temporalExprs(t.body);
    case 'LeadsTo':
    case 'TemporalBinary':
      return [...temporalExprs(t.left), ...temporalExprs(t.right)];
    case 'StatePredicate':
      return [t.expr];
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

/** Every top-level expression of a spec with its site, in source order. */
export function exprSites(ast: SpecFile): SiteExpr[] {
  const out: SiteExpr[] = [];
  const push = (expr: Expr, site: Site): void => void out.push({ expr, site, bound: NONE });
  const bounds = (t: TypeRef): void => {
    for (const expr of typeBounds(t)) push(expr, { kind: 'bound' });
  };
  for (const d of ast.decls) {
    switch (d.kind) {
      case 'ParamDecl':
        bounds(d.type);
        push(d.model, { kind: 'model' });
        break;
      case 'ConstDecl':
        bounds(d.type);
        break;
      case 'VarDecl':
        bounds(d.type);
        if (d.model) bounds(d.model);
        push(d.init, { kind: 'init' });
        break;
      case 'DefDecl':
        for (const p of d.params ?? []) {
          bounds(p.type);
          if (p.model) bounds(p.model);
        }
        bounds(d.type);
        out.push({
          expr: d.body,
          site: { kind: 'def', def: d },
          bound: new Set((d.params ?? []).map((p) => p.name.name)),
        });
        break;
      case 'EventDecl':
        for (const f of d.fields) {
          bounds(f.type);
          if (f.model) bounds(f.model);
        }
        break;
      case 'TransitionDecl':
        for (const c of d.clauses) {
          if (c.kind === 'RequireClause') push(c.cond, { kind: 'require', transition: d });
          else if (c.kind === 'EnsureClause') push(c.cond, { kind: 'ensure', transition: d });
          else if (c.kind === 'SetClause')
            for (const a of c.assignments) {
              if (a.key) push(a.key, { kind: 'set', transition: d });
              push(a.value, { kind: 'set', transition: d });
            }
        }
        break;
      case 'InvariantDecl':
        push(d.body, { kind: 'invariant' });
        break;
      case 'StepDecl':
        push(d.body, { kind: 'step' });
        break;
      case 'PropertyDecl':
        for (const expr of temporalExprs(d.body)) push(expr, { kind: 'property' });
        break;
      case 'TypeDecl':
      case 'EnumDecl':
      case 'StatesDecl':
      case 'ReasonsDecl':
      case 'FairnessDecl':
      case 'ViolationDecl':
      case 'RefusalDecl':
        break;
      default: {
        const unreachable: never = d;
        return unreachable;
      }
    }
  }
  return out;
}

/** The direct sub-expressions of an expression. */
export function childExprs(e: Expr): Expr[] {
  switch (e.kind) {
    case 'BoolLit':
    case 'IntLit':
    case 'NullLit':
    case 'NameRef':
    case 'EventField':
      return [];
    case 'SetLit':
    case 'SeqLit':
      return [...e.elements];
    case 'RangeExpr':
      return [e.lo, e.hi];
    case 'Unary':
      return [e.operand];
    case 'Binary':
      return [e.left, e.right];
    case 'IfExpr':
      return [e.cond, e.then, e.otherwise];
    case 'Quantifier':
      return [e.domain, e.body];
    case 'Call':
      return [...e.args];
    case 'Index':
      return [e.target, e.key];
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

/**
 * Visits `e` and every sub-expression, pre-order, with the quantifier variables in scope
 * (a quantifier's variable is bound in its body, not in its domain).
 */
export function walkExpr(
  e: Expr,
  visit: (e: Expr, bound: ReadonlySet<string>) => void,
  bound: ReadonlySet<string> = new Set(),
): void {
  visit(e, bound);
  if (e.kind === 'Quantifier') {
    walkExpr(e.domain, visit, bound);
    walkExpr(e.body, visit, new Set([...bound, e.variable.name]));
    return;
  }
  for (const c of childExprs(e)) walkExpr(c, visit, bound);
}
