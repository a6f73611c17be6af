// Lowering: a checked AST → the IR. Runs only on a spec that passed every check stage, so
// every name resolves and every expression has a recorded type; a broken assumption here is
// an internal error, not a user mistake.

import type {
  Assignment,
  DefDecl,
  Expr,
  Ident,
  Span,
  Temporal,
  TransitionDecl,
  TypeRef,
} from '../parse/ast.ts';
import type { CheckContext } from '../check/context.ts';
import { resolveValue } from '../check/resolve.ts';
import {
  BUILTIN_ACCEPT_REASONS,
  BUILTIN_REJECT_REASONS,
  declsOf,
  violationTarget,
} from '../check/symbols.ts';
import { typeOfRef } from '../check/type-ref.ts';
import { sourceStates } from '../check/transition-sources.ts';
import { refusalStates } from '../check/report-refusals.ts';
import { BOOL, DEFAULT_MODEL_SIZE, INT, type IrRange, type IrType } from './types.ts';
import { isFunctionName } from './operators.ts';
import {
  OUT_OF_RANGE,
  childrenOf,
  dispatchTable,
  hasParamBound,
  type IrDef,
  type IrDomain,
  type IrExpr,
  type IrLoc,
  type IrMachine,
  type IrRefusal,
  type IrTemporal,
  type IrTransition,
} from './ir.ts';

export class LoweringError extends Error {
  override readonly name = 'LoweringError';
}

function loc(span: Span): IrLoc {
  return {
    line: span.start.line,
    column: span.start.column,
    offset: span.start.offset,
    endLine: span.end.line,
    endColumn: span.end.column,
    endOffset: span.end.offset,
  };
}

export function lowerSpec(ctx: CheckContext, source: string): IrMachine {
  const { ast, symbols } = ctx;
  const lowerer = new ExprLowerer(ctx);
  const states = symbols.states.map((s) => ({
    name: s.name.name,
    initial: s.initial,
    terminal: s.terminal,
    loc: loc(s.name.span),
  }));
  const initialState = states.find((s) => s.initial)?.name;
  const violation = violationTarget(
    ast,
    states.filter((s) => s.terminal).map((s) => s.name),
  );
  if (!initialState || violation === undefined)
    throw new LoweringError('lowering a spec without initial or violation state');

  const transitions: IrTransition[] = [];
  for (const t of symbols.transitions.values())
    transitions.push(otherwise(t, lowerTransition(ctx, lowerer, t), transitions));

  const events = declsOf(ast, 'EventDecl').map((e) => ({
    name: e.name.name,
    fields: e.fields.map((f) => ({
      name: f.name.name,
      type: typeOfRef(symbols, f.type),
      natural: isNat(f.type),
      model: f.model ? intRange(typeOfRef(symbols, f.model)) : null,
    })),
    loc: loc(e.name.span),
  }));

  const dispatch = dispatchTable(states, events, transitions);

  const reasons = (polarity: 'accept' | 'reject', builtins: readonly string[]): string[] =>
    [
      ...[...symbols.reasons.values()]
        .filter((r) => r.polarity === polarity)
        .map((r) => r.ident.name),
      ...builtins,
    ].sort();

  return {
    kind: 'Machine',
    name: ast.machine.name,
    source,
    types: declsOf(ast, 'TypeDecl').map((t) => ({
      name: t.name.name,
      modelSize: t.model?.value ?? DEFAULT_MODEL_SIZE,
      loc: loc(t.name.span),
    })),
    enums: declsOf(ast, 'EnumDecl').map((e) => ({
      name: e.name.name,
      members: e.members.map((m) => m.name),
      loc: loc(e.name.span),
    })),
    params: declsOf(ast, 'ParamDecl').map((p) => ({
      name: p.name.name,
      type: typeOfRef(symbols, p.type),
      modelValue: modelValue(p.model),
      natural: isNat(p.type),
      loc: loc(p.name.span),
    })),
    states,
    initialState,
    violationState: violation,
    consts: declsOf(ast, 'ConstDecl').map((c) => ({
      name: c.name.name,
      type: typeOfRef(symbols, c.type),
      loc: loc(c.name.span),
    })),
    vars: declsOf(ast, 'VarDecl').map((v) => ({
      name: v.name.name,
      type: typeOfRef(symbols, v.type),
      natural: isNat(v.type),
      model: v.model ? intRange(typeOfRef(symbols, v.model)) : null,
      init: lowerer.expr(v.init, new Set()),
      loc: loc(v.name.span),
    })),
    events,
    // INVARIANT_VIOLATION names the move to the violation state, or the refusal of the step
    // under `on violation -> reject` (ir.ts rule 7).
    acceptReasons: reasons('accept', violation === null ? [] : BUILTIN_ACCEPT_REASONS),
    rejectReasons: reasons('reject', [
      ...BUILTIN_REJECT_REASONS,
      ...(violation === null ? BUILTIN_ACCEPT_REASONS : []),
      // ir.ts dispatch rule 2: an event field past a param bound.
      ...(events.some((e) => e.fields.some((f) => hasParamBound(f.type))) ? [OUT_OF_RANGE] : []),
    ]),
    transitions,
    defs: lowerDefs(ctx, lowerer),
    invariants: declsOf(ast, 'InvariantDecl').map((d) => ({
      name: d.name.name,
      expr: lowerer.expr(d.body, new Set()),
      loc: loc(d.name.span),
    })),
    steps: declsOf(ast, 'StepDecl').map((d) => ({
      name: d.name.name,
      expr: lowerer.expr(d.body, new Set()),
      loc: loc(d.name.span),
    })),
    properties: declsOf(ast, 'PropertyDecl').map((d) => ({
      name: d.name.name,
      formula: lowerTemporal(lowerer, d.body),
      loc: loc(d.name.span),
    })),
    fairness: declsOf(ast, 'FairnessDecl').flatMap((f) =>
      f.targets.map((t: Ident) => ({
        strength: f.strength,
        target:
          t.name === 'clock'
            ? ({ kind: 'clock' } as const)
            : ({ kind: 'transition', name: t.name, each: f.each } as const),
      })),
    ),
    dispatch,
    refusals: lowerRefusals(ctx, states, events),
  };
}

/** Each (state, event) a `refuse` names, in state then event order (ir.ts, rule 3). */
function lowerRefusals(
  ctx: CheckContext,
  states: readonly { readonly name: string }[],
  events: readonly { readonly name: string }[],
): IrRefusal[] {
  const byPair = new Map<string, IrRefusal>();
  for (const r of declsOf(ctx.ast, 'RefusalDecl'))
    for (const state of refusalStates(ctx, r)) {
      const key = `${state} ${r.event.name}`;
      if (!byPair.has(key))
        byPair.set(key, { state, event: r.event.name, reason: r.reason.name, loc: loc(r.span) });
    }
  return states.flatMap((s) => events.flatMap((e) => byPair.get(`${s.name} ${e.name}`) ?? []));
}

/** `on E otherwise` (README, "Ordered alternatives"): the transition is enabled only where no
 *  candidate declared before it is, so its guard gains a last clause, `not (state in S and
 *  <u's clauses>)` for each earlier candidate u on E, over the states S both leave. The
 *  clause fails only where an earlier candidate is enabled, which dispatch takes first (ir.ts
 *  rules 3 and 4): it never names a rejection, so its reason is the built-in one, and every
 *  backend and the model's determinism check see an ordinary clause. */
function otherwise(
  t: TransitionDecl,
  ir: IrTransition,
  earlier: readonly IrTransition[],
): IrTransition {
  if (t.otherwise === null) return ir;
  const excluded: IrExpr[] = [];
  for (const u of earlier) {
    const shared = u.sources.filter((s) => ir.sources.includes(s));
    if (u.event !== ir.event || shared.length === 0) continue;
    const inShared: IrExpr = {
      kind: 'binary',
      op: 'in',
      left: { kind: 'state', primed: false, type: { kind: 'state' } },
      right: {
        kind: 'setLit',
        elements: shared.map((name) => ({ kind: 'stateLit', name, type: { kind: 'state' } })),
        type: { kind: 'set', element: { kind: 'state' } },
      },
      type: BOOL,
    };
    const enabled = u.requires.reduce<IrExpr>(
      (acc, r) => ({ kind: 'binary', op: 'and', left: acc, right: r.cond, type: BOOL }),
      inShared,
    );
    excluded.push({ kind: 'not', operand: enabled, type: BOOL });
  }
  if (excluded.length === 0) return ir;
  const cond = excluded
    .slice(1)
    .reduce<IrExpr>(
      (acc, x) => ({ kind: 'binary', op: 'and', left: acc, right: x, type: BOOL }),
      excluded[0]!,
    );
  return {
    ...ir,
    requires: [
      ...ir.requires,
      { cond, reason: 'NO_TRANSITION', loc: loc(t.otherwise), otherwise: true },
    ],
  };
}

function modelValue(e: Expr): number | boolean {
  if (e.kind === 'BoolLit') return e.value;
  if (e.kind === 'IntLit') return e.value;
  if (e.kind === 'Unary' && e.op === '-' && e.operand.kind === 'IntLit') return -e.operand.value;
  throw new LoweringError('model value is not a literal');
}

function lowerTransition(ctx: CheckContext, lowerer: ExprLowerer, t: TransitionDecl): IrTransition {
  const reason = t.clauses.find((c) => c.kind === 'ReasonClause');
  if (!reason) throw new LoweringError(`transition ${t.name.name} has no reason`);
  const order = new Map(ctx.symbols.states.map((s, i) => [s.name.name, i]));
  return {
    name: t.name.name,
    sources: sourceStates(ctx.symbols, t).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
    target: t.target.kind === 'StayTarget' ? null : t.target.name,
    event: t.event.name,
    reason: reason.reason.name,
    requires: t.clauses.flatMap((c) =>
      c.kind === 'RequireClause'
        ? [{ cond: lowerer.expr(c.cond, new Set()), reason: c.reason.name, loc: loc(c.span) }]
        : [],
    ),
    assignments: t.clauses
      .flatMap((c) => (c.kind === 'SetClause' ? c.assignments : []))
      .map((a) => ({ variable: a.target.name, value: lowerer.assigned(a) }))
      .sort((a, b) => (a.variable < b.variable ? -1 : a.variable > b.variable ? 1 : 0)),
    ensures: t.clauses.flatMap((c) =>
      c.kind === 'EnsureClause'
        ? [{ cond: lowerer.expr(c.cond, new Set()), loc: loc(c.span) }]
        : [],
    ),
    versionStep: 1,
    loc: loc(t.name.span),
  };
}

function lowerTemporal(lowerer: ExprLowerer, t: Temporal): IrTemporal {
  switch (t.kind) {
    case 'Always':
      return { kind: 'always', body: lowerTemporal(lowerer, t.body) };
    case 'Eventually':
      return { kind: 'eventually', body: lowerTemporal(lowerer, t.body) };
    case 'LeadsTo':
      return {
        kind: 'leadsTo',
        left: lowerTemporal(lowerer, t.left),
        right: lowerTemporal(lowerer, t.right),
      };
    case 'TemporalBinary':
      return {
        kind: 'binary',
        op: t.op,
        left: lowerTemporal(lowerer, t.left),
        right: lowerTemporal(lowerer, t.right),
      };
    case 'StatePredicate':
      return { kind: 'predicate', expr: lowerer.expr(t.expr, new Set()) };
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

/** What a name bound where an expression is lowered stands for: a quantifier's variable (by
 *  its IR name) or, inside an inlined definition, the argument given for a param. */
interface Scope {
  readonly names: ReadonlyMap<string, IrExpr>;
  /** IR names a quantifier inside an inlined definition may not bind: the variables bound
   *  where the definition is used, which its arguments may read (else they would be
   *  captured). */
  readonly avoid: ReadonlySet<string>;
}

class ExprLowerer {
  #identifiers: ReadonlySet<string> | null = null;

  constructor(private readonly ctx: CheckContext) {}

  private typeOf(e: Expr): IrType {
    const t = this.ctx.exprTypes.get(e);
    if (!t)
      throw new LoweringError(
        `no type recorded for expression at ${e.span.start.line}:${e.span.start.column}`,
      );
    return t;
  }

  /** An assignment's new value: `m[k] = v` is m with v at k, put(m, k, v). */
  assigned(a: Assignment): IrExpr {
    const value = this.expr(a.value, new Set());
    if (!a.key) return value;
    const sym = this.ctx.symbols.values.get(a.target.name);
    if (sym?.kind !== 'var') throw new LoweringError(`assignment to ${a.target.name}`);
    const type = typeOfRef(this.ctx.symbols, sym.decl.type);
    const map: IrExpr = { kind: 'var', name: a.target.name, primed: false, type };
    return { kind: 'call', fn: 'put', args: [map, this.expr(a.key, new Set()), value], type };
  }

  expr(e: Expr, bound: ReadonlySet<string>): IrExpr {
    const names = new Map<string, IrExpr>(
      [...bound].map((n) => [n, { kind: 'bound', name: n, type: { kind: 'unknown' } }]),
    );
    return this.lower(e, { names, avoid: new Set() });
  }

  private lower(e: Expr, scope: Scope): IrExpr {
    const type = this.typeOf(e);
    const sub = (x: Expr): IrExpr => this.lower(x, scope);
    switch (e.kind) {
      case 'BoolLit':
        return { kind: 'bool', value: e.value, type };
      case 'IntLit':
        return { kind: 'int', value: e.value, type };
      case 'NullLit':
        return { kind: 'null', type };
      case 'SetLit':
        // `{}` where a map is expected (the typer settled its type so).
        if (type.kind === 'map') return { kind: 'emptyMap', type };
        return { kind: 'setLit', elements: e.elements.map(sub), type };
      case 'Index':
        return { kind: 'index', map: sub(e.target), key: sub(e.key), type };
      case 'SeqLit':
        return { kind: 'seqLit', elements: e.elements.map(sub), type };
      case 'RangeExpr':
        throw new LoweringError('range outside a quantifier domain');
      case 'NameRef': {
        const name = e.name.name;
        const sym = resolveValue(this.ctx.symbols, name, new Set(scope.names.keys()));
        if (!sym) throw new LoweringError(`unresolved name ${name}`);
        switch (sym.kind) {
          case 'bound': {
            // A quantifier's variable (by its IR name), typed here; a param's argument as it
            // was lowered where the definition is used.
            const value = scope.names.get(name)!;
            return value.kind === 'bound' && value.type.kind === 'unknown'
              ? { kind: 'bound', name: value.name, type }
              : value;
          }
          case 'builtin':
            if (sym.name === 'now') return { kind: 'now', type };
            return { kind: 'state', primed: e.primed, type };
          case 'var':
            return { kind: 'var', name, primed: e.primed, type };
          case 'const':
            return { kind: 'const', name, primed: e.primed, type };
          case 'param':
            return { kind: 'param', name, type };
          case 'state':
            return { kind: 'stateLit', name, type };
          case 'enumMember':
            return { kind: 'enumLit', enum: sym.decl.name.name, member: name, type };
          case 'def':
            return this.inline(sym.decl, [], scope, type);
          case 'type':
          case 'enum':
            throw new LoweringError(`type ${name} used as a value`);
          default: {
            const unreachable: never = sym;
            return unreachable;
          }
        }
      }
      case 'EventField':
        return { kind: 'field', name: e.field.name, type };
      case 'Unary':
        return e.op === 'not'
          ? { kind: 'not', operand: sub(e.operand), type: BOOL }
          : { kind: 'neg', operand: sub(e.operand), type: INT };
      case 'Binary':
        return { kind: 'binary', op: e.op, left: sub(e.left), right: sub(e.right), type };
      case 'IfExpr':
        return {
          kind: 'if',
          cond: sub(e.cond),
          then: sub(e.then),
          otherwise: sub(e.otherwise),
          type,
        };
      case 'Quantifier': {
        const variable = this.bindable(e.variable.name, scope);
        const names = new Map(scope.names).set(e.variable.name, {
          kind: 'bound',
          name: variable,
          type: { kind: 'unknown' },
        });
        return {
          kind: 'quantifier',
          quantifier: e.quantifier,
          variable,
          domain: this.domain(e.domain, scope),
          body: this.lower(e.body, { ...scope, names }),
          type,
        };
      }
      case 'Call': {
        const arg = e.args[0];
        if (e.callee.name === 'enabled' && arg?.kind === 'NameRef')
          return { kind: 'enabled', transition: arg.name.name, type };
        const sym = scope.names.has(e.callee.name)
          ? undefined
          : this.ctx.symbols.values.get(e.callee.name);
        if (sym?.kind === 'def') return this.inline(sym.decl, e.args.map(sub), scope, type);
        if (isFunctionName(e.callee.name))
          return { kind: 'call', fn: e.callee.name, args: e.args.map(sub), type };
        throw new LoweringError(`unknown call ${e.callee.name}`);
      }
      default: {
        const unreachable: never = e;
        return unreachable;
      }
    }
  }

  /** A definition used with these arguments: its body, each param read as its argument
   *  (README, "Definitions"), so the IR is that of the spec written out. Its body sees only
   *  its params, so the names bound where it is used are out of its scope, and its
   *  quantifiers avoid them. */
  private inline(d: DefDecl, args: readonly IrExpr[], scope: Scope, type: IrType): IrExpr {
    const names = new Map<string, IrExpr>((d.params ?? []).map((p, i) => [p.name.name, args[i]!]));
    const avoid = new Set(scope.avoid);
    for (const v of scope.names.values()) if (v.kind === 'bound') avoid.add(v.name);
    return {
      kind: 'use',
      def: d.name.name,
      args,
      body: this.lower(d.body, { names, avoid }),
      type,
    };
  }

  /** A definition's body on its own, each param read as a bound name (IrDef). */
  defBody(d: DefDecl, params: readonly { name: string; type: IrType }[]): IrExpr {
    const names = new Map<string, IrExpr>(
      params.map((p) => [p.name, { kind: 'bound', name: p.name, type: p.type }]),
    );
    return this.lower(d.body, { names, avoid: new Set() });
  }

  /** The IR name of a quantifier's variable: its own, unless an inlined definition's
   *  arguments may read that name; then one no declaration, binding or use of the spec has. */
  private bindable(name: string, scope: Scope): string {
    if (!scope.avoid.has(name)) return name;
    this.#identifiers ??= new Set(this.ctx.source.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
    for (let i = 1; ; i++) {
      const fresh = `${name}_${i}`;
      if (!scope.avoid.has(fresh) && !this.#identifiers.has(fresh)) return fresh;
    }
  }

  private domain(d: Expr, scope: Scope): IrDomain {
    if (d.kind === 'RangeExpr')
      return { kind: 'range', lo: this.lower(d.lo, scope), hi: this.lower(d.hi, scope) };
    if (d.kind === 'NameRef' && !d.primed && !scope.names.has(d.name.name)) {
      const sym = this.ctx.symbols.values.get(d.name.name);
      if (sym?.kind === 'type')
        return { kind: 'type', type: { kind: 'opaque', name: d.name.name } };
      if (sym?.kind === 'enum') return { kind: 'type', type: { kind: 'enum', name: d.name.name } };
    }
    return { kind: 'set', set: this.lower(d, scope) };
  }
}

/** The definitions, each after those its body uses (TLA+ defines an operator before its
 *  uses; recursion is TTH1014, so there is such an order). */
function lowerDefs(ctx: CheckContext, lowerer: ExprLowerer): IrDef[] {
  const lowered = new Map<string, IrDef>();
  for (const d of declsOf(ctx.ast, 'DefDecl')) {
    const params = (d.params ?? []).map((p) => ({
      name: p.name.name,
      type: typeOfRef(ctx.symbols, p.type),
    }));
    lowered.set(d.name.name, {
      name: d.name.name,
      params,
      type: typeOfRef(ctx.symbols, d.type),
      body: lowerer.defBody(d, params),
      loc: loc(d.name.span),
    });
  }
  const ordered: IrDef[] = [];
  const visit = (d: IrDef): void => {
    if (ordered.includes(d)) return;
    const uses = (e: IrExpr): void => {
      // A use's own body is its definition's (visited there); its arguments are this one's.
      if (e.kind === 'use') {
        visit(lowered.get(e.def)!);
        e.args.forEach(uses);
      } else for (const c of childrenOf(e)) uses(c);
    };
    uses(d.body);
    ordered.push(d);
  };
  for (const d of lowered.values()) visit(d);
  return ordered;
}

/** The range of an integer type (a field's `model lo..hi`); null for any other type. */
function intRange(t: IrType): IrRange | null {
  return t.kind === 'int' ? t.range : null;
}

/** Is the written type `Nat` (an int that is never negative: the IR's `natural`)? */
function isNat(t: TypeRef): boolean {
  return t.kind === 'NamedType' && t.name.name === 'Nat';
}
