// Pass: the typer. Infers the type of every expression (recorded in ctx.exprTypes for
// lowering) and records what does not fit as data in ctx.typeFindings (type-findings.ts):
// mismatches, nullable values used unguarded, primes outside steps, time comparisons without
// `now`, time arithmetic other than now + duration, enabled() outside properties and
// non-constant initial values. It reports nothing: report-type-errors.ts, after it in the
// types stage, turns the findings into diagnostics (the declarations' own checks, unbounded
// types, model values and ranges, are report-declared-types.ts).
//
// Null narrowing: `x != null and P` types P with x non-null; likewise `x == null or P`,
// `x != null => P`, the branches of `if`, and the `require` clauses of a transition in order
// (each sees what the earlier ones established; `set` sees them all).

import type { BinaryOp, DefDecl, Expr, Span, TransitionDecl, TypeRef } from '../parse/ast.ts';
import { BINARY_OPERATORS, builtinFunction, isFunctionName } from '../lower/operators.ts';
import {
  BOOL,
  DURATION,
  INT,
  NULL,
  STATE,
  TIME,
  UNKNOWN,
  isAssignable,
  isEmptySetType,
  showType,
  stripNull,
  unify,
  type IrType,
} from '../lower/types.ts';
import type { CheckContext, CheckPass } from './context.ts';
import { resolveValue } from './resolve.ts';
import { exprSites, walkExpr, type Site } from './sites.ts';
import type { TypeFinding } from './type-findings.ts';
import { typeOfRef } from './type-ref.ts';

interface Env {
  readonly site: Site;
  readonly bound: ReadonlyMap<string, IrType>;
  /** Narrowing keys (see narrowKey) known to be non-null here. */
  readonly nonNull: ReadonlySet<string>;
}

export const inferTypes: CheckPass = (ctx) => {
  const typer = new Typer(ctx);
  for (const d of ctx.ast.decls) {
    switch (d.kind) {
      case 'ParamDecl':
        typer.typeModelValue(d.type, d.model);
        break;
      case 'VarDecl': {
        const t = typer.declared(d.type);
        typer.expectAssignable(
          d.init,
          { site: { kind: 'init' }, bound: new Map(), nonNull: new Set() },
          t,
          `initial value of '${d.name.name}'`,
        );
        break;
      }
      case 'TransitionDecl':
        typer.typeTransition(d);
        break;
      case 'DefDecl':
        typer.typeDef(d);
        break;
      case 'InvariantDecl':
        typer.expectBool(d.body, env({ kind: 'invariant' }), `invariant '${d.name.name}'`);
        break;
      case 'StepDecl':
        typer.expectBool(d.body, env({ kind: 'step' }), `step '${d.name.name}'`);
        break;
      default:
        break;
    }
  }
  // Property bodies are state predicates inside temporal operators.
  for (const { expr, site } of exprSites(ctx.ast))
    if (site.kind === 'property') typer.expectBool(expr, env(site), 'a property');
};

/** The empty map's type before its use settles it (`put({}, k, v)`). */
const OPEN_MAP: Readonly<IrType> = { kind: 'map', key: UNKNOWN, value: UNKNOWN };

/** A map type with a part not yet known. */
function isOpenMap(t: IrType): boolean {
  return t.kind === 'map' && (t.key.kind === 'unknown' || t.value.kind === 'unknown');
}

function env(site: Site): Env {
  return { site, bound: new Map(), nonNull: new Set() };
}

/** The key under which a nullable expression can be narrowed, or null if it cannot. */
function narrowKey(e: Expr): string | null {
  if (e.kind === 'NameRef') return e.primed ? `${e.name.name}'` : e.name.name;
  if (e.kind === 'EventField') return `event.${e.field.name}`;
  if (e.kind === 'Index') {
    // `m[k] != null and m[k] > 0`: a key that is a name, a field or a literal.
    const target = narrowKey(e.target);
    const key = e.key.kind === 'IntLit' ? String(e.key.value) : narrowKey(e.key);
    return target !== null && key !== null ? `${target}[${key}]` : null;
  }
  return null;
}

/** Keys proven non-null when `e` evaluates to `truth`. */
function facts(e: Expr, truth: boolean): string[] {
  if (e.kind === 'Unary' && e.op === 'not') return facts(e.operand, !truth);
  if (e.kind !== 'Binary') return [];
  switch (e.op) {
    case '!=':
    case '==': {
      const holdsNonNull = (e.op === '!=') === truth;
      if (!holdsNonNull) return [];
      const other =
        e.left.kind === 'NullLit' ? e.right : e.right.kind === 'NullLit' ? e.left : null;
      const key = other ? narrowKey(other) : null;
      return key ? [key] : [];
    }
    case 'and':
      return truth ? [...facts(e.left, true), ...facts(e.right, true)] : [];
    case 'or':
      return truth ? [] : [...facts(e.left, false), ...facts(e.right, false)];
    case '=>':
      return truth ? [] : [...facts(e.left, true), ...facts(e.right, false)];
    default:
      return [];
  }
}

function withFacts(en: Env, keys: readonly string[]): Env {
  return keys.length === 0 ? en : { ...en, nonNull: new Set([...en.nonNull, ...keys]) };
}

/** Is a Time-typed expression anchored on `now` (now, now + d, d + now)? */
function isNowBased(e: Expr): boolean {
  if (e.kind === 'NameRef') return e.name.name === 'now' && !e.primed;
  if (e.kind === 'Binary' && e.op === '+') return isNowBased(e.left) || isNowBased(e.right);
  return false;
}

/** The typer sees no diagnostics sink: what it finds goes to `typeFindings`. */
type TyperContext = Omit<CheckContext, 'sink'>;

class Typer {
  constructor(private readonly ctx: TyperContext) {}

  declared(t: TypeRef): IrType {
    return typeOfRef(this.ctx.symbols, t);
  }

  // ---- declarations ----

  /** A param's model value is an Int, or a Bool for a Bool param (report-declared-types.ts
   *  checks that it is one). */
  typeModelValue(type: TypeRef, model: Expr): void {
    const t = this.declared(type);
    this.ctx.exprTypes.set(model, t.kind === 'bool' ? BOOL : INT);
  }

  /** A definition's body, once, with its params typed as declared: every use has its type. */
  typeDef(d: DefDecl): void {
    const bound = new Map((d.params ?? []).map((p) => [p.name.name, this.declared(p.type)]));
    this.expectAssignable(
      d.body,
      { site: { kind: 'def', def: d }, bound, nonNull: new Set() },
      this.declared(d.type),
      `body of definition '${d.name.name}'`,
    );
  }

  /** Whether a definition reads the snapshot (a variable or `state`), itself or through the
   *  definitions it uses: such a definition is no initial value (TTH2013). */
  private readsSnapshot(d: DefDecl, seen = new Set<DefDecl>()): boolean {
    if (seen.has(d)) return false; // recursion: reported by the names stage
    seen.add(d);
    let reads = false;
    walkExpr(
      d.body,
      (e, bound) => {
        const name = e.kind === 'NameRef' ? e.name.name : e.kind === 'Call' ? e.callee.name : null;
        if (name === null || reads) return;
        const sym = resolveValue(this.ctx.symbols, name, bound);
        if (sym?.kind === 'var' || (sym?.kind === 'builtin' && sym.name === 'state')) reads = true;
        else if (sym?.kind === 'def') reads = this.readsSnapshot(sym.decl, seen);
      },
      new Set((d.params ?? []).map((p) => p.name.name)),
    );
    return reads;
  }

  typeTransition(d: TransitionDecl): void {
    let nonNull: string[] = [];
    for (const c of d.clauses) {
      if (c.kind !== 'RequireClause') continue;
      const en = withFacts(env({ kind: 'require', transition: d }), nonNull);
      this.expectBool(c.cond, en, 'a require clause');
      nonNull = [...nonNull, ...facts(c.cond, true)];
    }
    for (const c of d.clauses) {
      if (c.kind === 'SetClause') {
        for (const a of c.assignments) {
          const sym = this.ctx.symbols.values.get(a.target.name);
          const declared = sym?.kind === 'var' ? this.declared(sym.decl.type) : UNKNOWN;
          const en = withFacts(env({ kind: 'set', transition: d }), nonNull);
          let target = declared;
          if (a.key) {
            // `m[k] = v`: k a key of m's type, v one of its values.
            if (declared.kind !== 'map') {
              if (declared.kind !== 'unknown')
                this.mismatch(
                  a.target.span,
                  `keyed assignment to '${a.target.name}'`,
                  'a map',
                  declared,
                );
              target = UNKNOWN;
            } else {
              this.expectAssignable(a.key, en, declared.key, `key of '${a.target.name}'`);
              target = declared.value;
            }
          }
          this.expectAssignable(a.value, en, target, `assignment to '${a.target.name}'`);
        }
      } else if (c.kind === 'EnsureClause') {
        // An ensure reads the new state: only facts about the (unchanging) event carry over.
        const eventFacts = nonNull.filter((k) => k.startsWith('event.'));
        this.expectBool(
          c.cond,
          withFacts(env({ kind: 'ensure', transition: d }), eventFacts),
          'an ensure clause',
        );
      }
    }
  }

  // ---- expressions ----

  expectBool(e: Expr, en: Env, context: string): void {
    const t = this.type(e, en);
    if (!isAssignable(t, BOOL) || t.kind === 'nullable') this.mismatch(e.span, context, 'Bool', t);
  }

  expectAssignable(e: Expr, en: Env, target: IrType, context: string): void {
    const t = this.type(e, en);
    if (!isAssignable(t, target)) this.mismatch(e.span, context, showType(target), t);
    else this.settle(e, target);
  }

  /** An empty set literal has the element type of its use (`x in {}`, `s == {}`, `set s =
   *  {}`, an `if` branch): the backends type every value (the engine's `ReadonlySet<T>`), and
   *  a set of nothing could not be asked whether it holds an x. */
  private settle(e: Expr, t: IrType | null): void {
    if (t?.kind === 'map') return this.settleMap(e, t);
    if (t?.kind === 'seq') return this.settleSeq(e, t);
    if (!t || t.kind !== 'set' || t.element.kind === 'unknown') return;
    const recorded = this.ctx.exprTypes.get(e);
    if (recorded?.kind !== 'set' || recorded.element.kind !== 'unknown') return;
    if (e.kind === 'SetLit' && e.elements.length === 0) this.ctx.exprTypes.set(e, t);
    else if (e.kind === 'IfExpr') {
      this.ctx.exprTypes.set(e, t);
      this.settle(e.then, t);
      this.settle(e.otherwise, t);
    } else if (e.kind === 'Binary' && BINARY_OPERATORS[e.op].typeRule === 'setOperation') {
      // `x in ({} union {})`: a set operation of empty sets is as untyped as its operands.
      this.ctx.exprTypes.set(e, t);
      this.settle(e.left, t);
      this.settle(e.right, t);
    } else if (e.kind === 'Call' && e.callee.name === 'keys' && e.args[0]) {
      // `x in keys({})`: the empty map's keys are of the set's element type.
      const m = this.ctx.exprTypes.get(e.args[0]);
      if (m?.kind !== 'map' || !isOpenMap(m)) return;
      this.ctx.exprTypes.set(e, t);
      this.settleMap(e.args[0], { kind: 'map', key: t.element, value: m.value });
    }
  }

  /** `{}` where a map is expected is the empty map (directly or as an `if` branch); a set
   *  operation of empty sets is no map. */
  private settleMap(e: Expr, t: IrType): void {
    const recorded = this.ctx.exprTypes.get(e);
    if (!recorded || !(isEmptySetType(recorded) || isOpenMap(recorded))) return;
    if (e.kind === 'SetLit' && e.elements.length === 0) this.ctx.exprTypes.set(e, t);
    else if (e.kind === 'IfExpr') {
      this.ctx.exprTypes.set(e, t);
      this.settleMap(e.then, t);
      this.settleMap(e.otherwise, t);
    } else if (isOpenMap(recorded) && e.kind === 'Call' && e.args[0]) {
      // `put({}, k, v)`, `remove({}, k)`: a map of the type its first argument settles to.
      this.ctx.exprTypes.set(e, t);
      this.settleMap(e.args[0], t);
    } else this.mismatch(e.span, 'a map value', isOpenMap(t) ? 'a map' : showType(t), recorded);
  }

  /** `[]` has the element type of its use, as `{}` does (directly or as an `if` branch). */
  private settleSeq(e: Expr, t: IrType): void {
    if (t.kind !== 'seq' || t.element.kind === 'unknown') return;
    const recorded = this.ctx.exprTypes.get(e);
    if (recorded?.kind !== 'seq' || recorded.element.kind !== 'unknown') return;
    this.ctx.exprTypes.set(e, t);
    if (e.kind === 'IfExpr') {
      this.settleSeq(e.then, t);
      this.settleSeq(e.otherwise, t);
    }
  }

  private found(finding: TypeFinding): void {
    this.ctx.typeFindings.push(finding);
  }

  private mismatch(span: Span, context: string, expected: string, actual: IrType): void {
    if (actual.kind === 'unknown') return; // already reported
    this.found({ kind: 'mismatch', span, context, expected, actual });
  }

  /** The type of a value that must not be null here. */
  private value(e: Expr, en: Env): IrType {
    const t = this.type(e, en);
    if (t.kind === 'nullable' || t.kind === 'null') {
      this.found({ kind: 'possiblyNull', expr: e });
      return t.kind === 'null' ? UNKNOWN : t.inner;
    }
    return t;
  }

  type(e: Expr, en: Env): IrType {
    const t = this.infer(e, en);
    this.ctx.exprTypes.set(e, t);
    return t;
  }

  private infer(e: Expr, en: Env): IrType {
    const site = en.site.kind;
    if (site === 'model' || site === 'bound') return INT; // checked as declarations
    switch (e.kind) {
      case 'BoolLit':
        return BOOL;
      case 'IntLit':
        return INT;
      case 'NullLit':
        return NULL;
      case 'SetLit': {
        let element: IrType = UNKNOWN;
        for (const x of e.elements) {
          const t = this.value(x, en);
          const u = unify(element, t);
          if (u) element = u;
          else this.mismatch(x.span, 'set element', showType(element), t);
        }
        return { kind: 'set', element };
      }
      case 'SeqLit': {
        let element: IrType = UNKNOWN;
        for (const x of e.elements) {
          const t = this.value(x, en);
          const u = unify(element, t);
          if (u) element = u;
          else this.mismatch(x.span, 'sequence element', showType(element), t);
        }
        return { kind: 'seq', element, capacity: null };
      }
      case 'RangeExpr':
        this.found({ kind: 'rangeAsValue', expr: e });
        return UNKNOWN;
      case 'NameRef':
        return this.nameType(e, en);
      case 'EventField': {
        if (en.site.kind !== 'require' && en.site.kind !== 'set' && en.site.kind !== 'ensure')
          return UNKNOWN;
        const event = this.ctx.symbols.events.get(en.site.transition.event.name);
        const field = event?.fields.find((f) => f.name.name === e.field.name);
        if (!field) return UNKNOWN;
        const t = this.declared(field.type);
        return t.kind === 'nullable' && en.nonNull.has(`event.${e.field.name}`) ? t.inner : t;
      }
      case 'Unary':
        if (e.op === 'not') {
          this.expectBool(e.operand, en, "operand of 'not'");
          return BOOL;
        } else {
          const t = this.value(e.operand, en);
          if (t.kind !== 'int' && t.kind !== 'unknown')
            this.mismatch(e.operand.span, "operand of '-'", 'Int', t);
          return INT;
        }
      case 'Binary':
        return this.binaryType(e, en);
      case 'IfExpr': {
        this.expectBool(e.cond, en, "condition of 'if'");
        const a = this.type(e.then, withFacts(en, facts(e.cond, true)));
        const b = this.type(e.otherwise, withFacts(en, facts(e.cond, false)));
        const u = unify(a, b);
        if (!u) {
          this.mismatch(
            e.otherwise.span,
            "'else' branch (it must match the 'then' branch)",
            showType(a),
            b,
          );
          return UNKNOWN;
        }
        this.settle(e.then, u);
        this.settle(e.otherwise, u);
        return u;
      }
      case 'Quantifier': {
        const element = this.domainElement(e.domain, en);
        const bound = new Map(en.bound).set(e.variable.name, element);
        // `forall k in keys(m): m[k] ...`: k is a key, so m[k] is not null in the body.
        const d = e.domain;
        const map =
          d.kind === 'Call' && d.callee.name === 'keys' && d.args.length === 1
            ? narrowKey(d.args[0]!)
            : null;
        const keyFacts = map === null ? [] : [`${map}[${e.variable.name}]`];
        // The variable hides what was known of an outer name spelled like it.
        const v = e.variable.name;
        const hidden = [...en.nonNull].filter(
          (k) => k === v || k.startsWith(`${v}[`) || k.includes(`[${v}]`),
        );
        const nonNull = new Set([...en.nonNull].filter((k) => !hidden.includes(k)));
        this.expectBool(
          e.body,
          withFacts({ ...en, bound, nonNull }, keyFacts),
          `body of '${e.quantifier}'`,
        );
        return BOOL;
      }
      case 'Call':
        return this.callType(e, en);
      case 'Index':
        return this.indexType(e, en);
      default: {
        const unreachable: never = e;
        return unreachable;
      }
    }
  }

  /** `m[k]`: the map's value type, nullable (null when k is not a key) unless narrowed. */
  private indexType(e: Extract<Expr, { kind: 'Index' }>, en: Env): IrType {
    const m = this.value(e.target, en);
    const k = this.value(e.key, en);
    if (m.kind !== 'map') {
      this.mismatch(e.target.span, 'indexed value', 'a map', m);
      return UNKNOWN;
    }
    if (!isAssignable(k, m.key)) this.mismatch(e.key.span, 'map key', showType(m.key), k);
    const key = narrowKey(e);
    return key !== null && en.nonNull.has(key) ? m.value : { kind: 'nullable', inner: m.value };
  }

  private nameType(e: Extract<Expr, { kind: 'NameRef' }>, en: Env): IrType {
    const { symbols } = this.ctx;
    const name = e.name.name;
    const sym = resolveValue(symbols, name, new Set(en.bound.keys()));
    if (sym === null) return UNKNOWN; // reported by the names stage
    if (e.primed) {
      const primable =
        sym.kind === 'var' ||
        sym.kind === 'const' ||
        (sym.kind === 'builtin' && sym.name === 'state');
      if (!primable) this.found({ kind: 'primeOfNonVariable', ref: e });
      else if (en.site.kind !== 'step') this.found({ kind: 'primeOutsideStep', ref: e });
    }
    if (
      en.site.kind === 'init' &&
      (sym.kind === 'var' || (sym.kind === 'builtin' && sym.name !== 'now'))
    )
      this.found({ kind: 'nonConstantInit', ref: e });
    let t: IrType;
    switch (sym.kind) {
      case 'bound':
        t = en.bound.get(name) ?? UNKNOWN;
        break;
      case 'builtin':
        t = sym.name === 'state' ? STATE : TIME;
        break;
      case 'var':
      case 'const':
        t = this.declared(sym.decl.type);
        break;
      case 'param':
        t = this.declared(sym.decl.type);
        break;
      case 'state':
        t = STATE;
        break;
      case 'enumMember':
        t = { kind: 'enum', name: sym.decl.name.name };
        break;
      case 'type':
      case 'enum':
        this.found({ kind: 'typeAsValue', ref: e });
        return UNKNOWN;
      case 'def':
        // A definition's value is never narrowed: narrow what it reads.
        if (en.site.kind === 'init' && this.readsSnapshot(sym.decl))
          this.found({ kind: 'nonConstantInit', ref: e });
        return sym.decl.params === null ? this.declared(sym.decl.type) : UNKNOWN;
      default: {
        const unreachable: never = sym;
        return unreachable;
      }
    }
    const key = narrowKey(e);
    return t.kind === 'nullable' && key !== null && en.nonNull.has(key) ? t.inner : t;
  }

  private domainElement(d: Expr, en: Env): IrType {
    if (d.kind === 'NameRef' && !d.primed) {
      const sym = this.ctx.symbols.values.get(d.name.name);
      if (!en.bound.has(d.name.name) && (sym?.kind === 'type' || sym?.kind === 'enum')) {
        const t: IrType =
          sym.kind === 'type'
            ? { kind: 'opaque', name: sym.decl.name.name }
            : { kind: 'enum', name: sym.decl.name.name };
        this.ctx.exprTypes.set(d, { kind: 'set', element: t });
        return t;
      }
    }
    if (d.kind === 'RangeExpr') {
      for (const b of [d.lo, d.hi]) {
        const t = this.value(b, en);
        if (t.kind !== 'int' && t.kind !== 'unknown')
          this.mismatch(b.span, 'range bound', 'Int', t);
      }
      this.ctx.exprTypes.set(d, { kind: 'set', element: INT });
      return INT;
    }
    const t = this.value(d, en);
    if (t.kind === 'set') return t.element;
    this.mismatch(d.span, 'quantifier domain', 'a set, a range or a declared type', t);
    return UNKNOWN;
  }

  private callType(e: Extract<Expr, { kind: 'Call' }>, en: Env): IrType {
    if (e.callee.name === 'enabled') {
      if (en.site.kind !== 'invariant' && en.site.kind !== 'property')
        this.found({ kind: 'enabledOutsideProperty', call: e });
      return BOOL;
    }
    const name = e.callee.name;
    const def = en.bound.has(name) ? undefined : this.ctx.symbols.values.get(name);
    if (def?.kind === 'def') return this.defCallType(e, def.decl, en);
    if (!isFunctionName(name)) return UNKNOWN; // an unknown function: reported by the names stage
    const fn = builtinFunction(name);
    if (e.args.length !== fn.params.length) return UNKNOWN; // reported by the names stage
    const types = e.args.map((a, i) => {
      const p = fn.params[i]!;
      let t = this.value(a, en);
      if (p.emptyMap && isEmptySetType(t)) {
        this.settleMap(a, OPEN_MAP); // typed below, from the call's result
        const settled = this.ctx.exprTypes.get(a);
        t = settled?.kind === 'map' ? settled : UNKNOWN; // else reported: `{} union {}`
      }
      if (t.kind !== 'unknown' && !p.accepts(t))
        this.mismatch(a.span, `argument of ${name}()`, p.expected, t);
      return t;
    });
    // An argument typed by another (put's key and value by its map).
    const expected = fn.expects?.(types) ?? [];
    expected.forEach((t, i) => {
      if (t === null || t.kind === 'unknown') return;
      if (!isAssignable(types[i]!, t))
        this.mismatch(e.args[i]!.span, `argument of ${name}()`, showType(t), types[i]!);
      else this.settle(e.args[i]!, t);
    });
    const result = fn.result(types);
    // `put({}, k, v)`: the empty map is a map of the call's result type, when that is a map
    // (put's and remove's are their map's; `keys({})` leaves it open).
    if (result.kind === 'map')
      e.args.forEach((a, i) => {
        if (fn.params[i]!.emptyMap && isOpenMap(types[i]!)) this.settleMap(a, result);
      });
    return result;
  }

  /** `f(a, …)`: each argument assignable to its param's type; the definition's type. */
  private defCallType(e: Extract<Expr, { kind: 'Call' }>, d: DefDecl, en: Env): IrType {
    const params = d.params;
    if (params === null || params.length !== e.args.length) return UNKNOWN; // names stage
    params.forEach((p, i) =>
      this.expectAssignable(
        e.args[i]!,
        en,
        this.declared(p.type),
        `argument '${p.name.name}' of ${d.name.name}()`,
      ),
    );
    if (en.site.kind === 'init' && this.readsSnapshot(d))
      this.found({
        kind: 'nonConstantInit',
        ref: { kind: 'NameRef', name: e.callee, primed: false, span: e.callee.span },
      });
    return this.declared(d.type);
  }

  private binaryType(e: Extract<Expr, { kind: 'Binary' }>, en: Env): IrType {
    const op = e.op;
    const ctxt = `operand of '${op}'`;
    const rule = BINARY_OPERATORS[op].typeRule;
    switch (rule) {
      case 'logic':
        // Narrowing: the right operand of `and` and `=>` is typed where the left holds, that
        // of `or` where it does not.
        this.expectBool(e.left, en, ctxt);
        this.expectBool(e.right, withFacts(en, facts(e.left, op !== 'or')), ctxt);
        return BOOL;
      case 'equality': {
        const l = this.type(e.left, en);
        const r = this.type(e.right, en);
        const u = unify(l, r);
        if (!u)
          this.mismatch(
            e.right.span,
            `right side of '${op}' (both sides must have one type)`,
            showType(l),
            r,
          );
        else {
          this.checkTimeComparison(e, l, r);
          this.settle(e.left, u);
          this.settle(e.right, u);
        }
        return BOOL;
      }
      case 'order': {
        const l = this.value(e.left, en);
        const r = this.value(e.right, en);
        const ordered = (t: IrType): boolean =>
          t.kind === 'int' || t.kind === 'time' || t.kind === 'duration' || t.kind === 'unknown';
        if (!ordered(l)) this.mismatch(e.left.span, ctxt, 'Int, Time or Duration', l);
        else if (!ordered(r)) this.mismatch(e.right.span, ctxt, 'Int, Time or Duration', r);
        else if (!unify(l, r))
          this.mismatch(
            e.right.span,
            `right side of '${op}' (both sides must have one type)`,
            showType(l),
            r,
          );
        else this.checkTimeComparison(e, l, r);
        return BOOL;
      }
      case 'membership': {
        const l = this.value(e.left, en);
        const r = this.value(e.right, en);
        if (r.kind !== 'set' && r.kind !== 'seq') {
          this.mismatch(e.right.span, `right side of '${op}'`, 'a set or a sequence', r);
        } else if (!isAssignable(l, r.element)) {
          this.mismatch(e.left.span, `left side of '${op}'`, showType(r.element), l);
        } else if (r.kind === 'set') this.settle(e.right, { kind: 'set', element: l });
        return BOOL;
      }
      case 'setRelation':
      case 'setOperation': {
        const relation = rule === 'setRelation';
        const l = this.value(e.left, en);
        const r = this.value(e.right, en);
        if (l.kind !== 'set') {
          this.mismatch(e.left.span, ctxt, 'a set', l);
          return relation ? BOOL : UNKNOWN;
        }
        if (r.kind !== 'set') {
          this.mismatch(e.right.span, ctxt, 'a set', r);
          return relation ? BOOL : UNKNOWN;
        }
        const u = unify(l, r);
        if (!u) this.mismatch(e.right.span, `right side of '${op}'`, showType(l), r);
        this.settle(e.left, u);
        this.settle(e.right, u);
        return relation ? BOOL : (u ?? UNKNOWN);
      }
      case 'arithmetic': {
        const l = this.value(e.left, en);
        const r = this.value(e.right, en);
        if (l.kind === 'unknown' || r.kind === 'unknown') return UNKNOWN;
        const result = arithmetic(op, l, r);
        if (result?.kind === 'time' && !isNowBased(l.kind === 'time' ? e.left : e.right)) {
          // Times are kept relative to now in the model; only now + d has an exact image there.
          this.found({ kind: 'timeArithmetic', expr: e });
          return UNKNOWN;
        }
        if (!result) {
          this.found({ kind: 'badArithmetic', expr: e, left: l, right: r });
          return UNKNOWN;
        }
        return result;
      }
      default: {
        const unreachable: never = rule;
        return unreachable;
      }
    }
  }

  private checkTimeComparison(e: Extract<Expr, { kind: 'Binary' }>, l: IrType, r: IrType): void {
    if (stripNull(l).kind !== 'time' && stripNull(r).kind !== 'time') return;
    if (e.left.kind === 'NullLit' || e.right.kind === 'NullLit') return;
    if (!isNowBased(e.left) && !isNowBased(e.right))
      this.found({ kind: 'timeComparisonWithoutNow', expr: e });
  }
}

/** The type of an arithmetic operation, or null if it has none (README.md, "Expressions": a
 *  time is only ever now + duration). */
function arithmetic(op: BinaryOp, l: IrType, r: IrType): IrType | null {
  const k = `${l.kind} ${op} ${r.kind}`;
  switch (k) {
    case 'int + int':
    case 'int - int':
    case 'int * int':
      return INT;
    case 'time + duration':
    case 'duration + time':
      return TIME;
    case 'duration + duration':
    // A duration scaled by an integer (a backoff that grows): ms at runtime, ticks in the model.
    case 'duration * int':
    case 'int * duration':
      return DURATION;
    default:
      return null;
  }
}
