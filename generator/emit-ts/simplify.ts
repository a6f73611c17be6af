// The checks after an accepted step (ir.ts, rule 7), specialised to one transition. Every
// ensure, invariant and step property is rewritten with the new snapshot's values as the
// transition computes them, then simplified with what is known whenever the transition is
// taken: its require clauses hold, the state is one of its sources, the target is fixed.
// What reduces to `true` holds by construction, for every snapshot the step can start from
// (one the model never reaches, or one corrupted in a store, included), so the engine need
// not evaluate it; the rest is what it evaluates. Each rewrite below is an equivalence under
// those facts, so the residual checks decide exactly as the full ones (the runtime oracle
// evaluates the full ones; test/emit-ts/simplify.test.ts compares both on arbitrary snapshots).
//
// Residual expressions read the old snapshot through unprimed variables and `state`, the new
// one through primed variables (only where a computed value is cheaper to read than to
// recompute), the event through fields.

import { MAX_NESTING } from '../parse/nesting.ts';
import {
  childrenOf,
  mapChildren,
  mapDomain,
  someNode,
  type IrDomain,
  type IrExpr,
  type IrMachine,
  type IrTransition,
} from '../lower/ir.ts';
import { BOOL, showType, type IrType } from '../lower/types.ts';

export interface StepCheck {
  /** `Ensures_<transition>`, or the invariant's or step property's name. */
  readonly name: string;
  readonly kind: 'ensure' | 'invariant' | 'step';
  /** What is left to evaluate; `{ kind: 'bool', value: true }` when it holds by construction. */
  readonly residual: IrExpr;
  /** When the check could not be specialised (it still depends on an enabled() over a
   *  payload that cannot be enumerated symbolically, or its residual would nest past the
   *  nesting limit): the original expression, evaluated as written (on the new snapshot;
   *  steps on the pair). */
  readonly onNext: IrExpr | null;
}

const TRUE: IrExpr = { kind: 'bool', value: true, type: BOOL };
const FALSE: IrExpr = { kind: 'bool', value: false, type: BOOL };
const lit = (b: boolean): IrExpr => (b ? TRUE : FALSE);
/** The id no other expression can equal (rule 8's extra id), while deciding a quantifier. */
const FRESH = '\u0000fresh';
/** Stands for an enabled() that cannot be inlined (a name no spec can write). */
const OPAQUE = '\u0000enabled ';
const isOpaque = (e: IrExpr): boolean => e.kind === 'bound' && e.name.startsWith(OPAQUE);
/** Literal kinds: their show() texts are equal exactly when their values are. */
const isLiteral = (e: IrExpr): boolean =>
  ['bool', 'int', 'null', 'stateLit', 'enumLit'].includes(e.kind);
const OPPOSITE = { '==': '!=', '!=': '==', in: 'not in', 'not in': 'in' } as const;

class CannotSpecialise extends Error {
  override readonly name = 'CannotSpecialise';
}

export function specialiseStepChecks(ir: IrMachine, t: IrTransition): StepCheck[] {
  const assigned = new Map(t.assignments.map((a) => [a.variable, a.value]));
  const varType = new Map<string, IrType>([...ir.vars, ...ir.consts].map((v) => [v.name, v.type]));
  const pre = (name: string, kind: 'var' | 'const'): IrExpr => ({
    kind,
    name,
    primed: false,
    type: varType.get(name) ?? { kind: 'unknown' },
  });
  const post = (name: string, kind: 'var' | 'const'): IrExpr =>
    kind === 'var' ? (assigned.get(name) ?? pre(name, kind)) : pre(name, kind);
  const preState: IrExpr = { kind: 'state', primed: false, type: { kind: 'state' } };
  // `-> stay` keeps the state: the new snapshot's state is the old one (ir.ts, rule 6).
  const target: IrExpr =
    t.target === null ? preState : { kind: 'stateLit', name: t.target, type: { kind: 'state' } };

  // The expression, with reads of the new snapshot replaced by what the step computes.
  // `snapshot`: which one an unprimed read (and so enabled()) is about.
  type Reads = {
    readonly v: (name: string, kind: 'var' | 'const', primed: boolean) => IrExpr;
    readonly s: (primed: boolean) => IrExpr;
    readonly snapshot: 'old' | 'new';
  };
  const onNew: Reads = { v: (n, k) => post(n, k), s: () => target, snapshot: 'new' };
  const onStep: Reads = {
    v: (n, k, primed) => (primed ? post(n, k) : pre(n, k)),
    s: (primed) => (primed ? target : preState),
    snapshot: 'old',
  };
  const onOld: Reads = { v: (n, k) => pre(n, k), s: () => preState, snapshot: 'old' };
  const rewrite = (e: IrExpr, reads: Reads, fields: ReadonlyMap<string, IrExpr> | null): IrExpr => {
    switch (e.kind) {
      case 'var':
      case 'const':
        return keepNonNull(reads.v(e.name, e.kind, e.primed), e);
      case 'state':
        return reads.s(e.primed);
      case 'field':
        return keepNonNull(fields?.get(e.name) ?? e, e);
      case 'enabled':
        try {
          return inlineEnabled(e.transition, reads);
        } catch (err) {
          // Not enumerable symbolically: an unknown the simplifier may still make irrelevant
          // (a false premise); if it stays, the whole check is evaluated as written.
          if (!(err instanceof CannotSpecialise)) throw err;
          return { kind: 'bound', name: `${OPAQUE}${reads.snapshot} ${e.transition}`, type: BOOL };
        }
      default:
        return mapChildren(e, (c) => rewrite(c, reads, fields));
    }
  };
  // enabled(u) on the snapshot `reads` reads: its state is a source of u, and some payload
  // passes every clause: one quantifier per field (rule 8 gives each field the ids before it).
  const inlineEnabled = (name: string, reads: Reads): IrExpr => {
    const u = ir.transitions.find((x) => x.name === name)!;
    const event = ir.events.find((x) => x.name === u.event)!;
    const bound = new Map(
      event.fields.map((f) => [
        f.name,
        { kind: 'bound', name: `${u.name}__${f.name}`, type: f.type } as IrExpr,
      ]),
    );
    const clauses = u.requires.map((r) => {
      if (someNode(r.cond, (x) => x.kind === 'enabled')) throw new CannotSpecialise();
      return rewrite(r.cond, reads, bound);
    });
    let body = clauses.reduce<IrExpr>(
      (acc, c) =>
        acc === TRUE ? c : { kind: 'binary', op: 'and', left: acc, right: c, type: BOOL },
      TRUE,
    );
    for (const f of [...event.fields].reverse())
      body = {
        kind: 'quantifier',
        quantifier: 'exists',
        variable: `${u.name}__${f.name}`,
        domain: fieldDomain(f.type),
        body,
        type: BOOL,
      };
    const inSources: IrExpr = {
      kind: 'binary',
      op: 'in',
      left: reads.s(false),
      right: {
        kind: 'setLit',
        elements: u.sources.map((x) => ({ kind: 'stateLit', name: x, type: { kind: 'state' } })),
        type: { kind: 'set', element: { kind: 'state' } },
      },
      type: BOOL,
    };
    return { kind: 'binary', op: 'and', left: inSources, right: body, type: BOOL };
  };

  // What holds whenever the transition is taken.
  const facts = new Facts(t.sources, ir);
  for (const r of t.requires) facts.assume(rewrite(r.cond, onOld, null), true);

  // Computed values worth reading from the new snapshot rather than recomputing.
  // Keyed by the value's text and type: an empty set is `{}` whatever its element type, and
  // `size(alpha) in {}` must not read a `set<Tok>` variable that was set to `{}` (strict tsc
  // refuses a number where a Tok is due).
  const refold = new Map<string, IrExpr>();
  const key = (e: IrExpr): string => `${show(e)} : ${showType(e.type)}`;
  const plain = (e: IrExpr): boolean =>
    isLiteral(e) || ['var', 'const', 'param', 'now', 'field'].includes(e.kind);
  for (const a of t.assignments)
    for (const form of [a.value, facts.simplify(rewrite(a.value, onOld, null))])
      if (!plain(form))
        refold.set(key(form), {
          kind: 'var',
          name: a.variable,
          primed: true,
          type: varType.get(a.variable) ?? a.value.type,
        });
  // The read of the new snapshot stands for the value it replaces, so it has that value's type
  // (`expires = now + Ttl` makes `expires'` a Time, though the variable is a Time?).
  const finish = (e: IrExpr): IrExpr => {
    const read = refold.get(key(e));
    return read ? { ...read, type: e.type } : mapChildren(e, finish);
  };

  const check = (name: string, kind: StepCheck['kind'], expr: IrExpr, reads: Reads): StepCheck => {
    const residual = finish(facts.simplify(rewrite(expr, reads, null)));
    // Substituting values and inlining enabled() can nest a residual deeper than anything the
    // spec wrote; past the nesting limit (TTH0003) it is evaluated as written instead.
    return someNode(residual, isOpaque) || depthOf(residual) > MAX_NESTING
      ? { name, kind, residual: TRUE, onNext: expr }
      : { name, kind, residual, onNext: null };
  };
  return [
    ...t.ensures.map((en) => check(`Ensures_${t.name}`, 'ensure', en.cond, onNew)),
    ...ir.invariants.map((i) => check(i.name, 'invariant', i.expr, onNew)),
    ...ir.steps.map((st) => check(st.name, 'step', st.expr, onStep)),
  ];
}

/** The value a read is replaced by, with the read's type when the checker proved the read
 *  non-null (check/infer-types.ts, null narrowing) and the value's type includes null (a
 *  variable read again, an `if` with a null branch): the test that proved it is rewritten the
 *  same way, so it still holds of the value, and the TS printer (emit-ts/ts-expr.ts) asserts
 *  non-null exactly where these types say so. */
function keepNonNull(value: IrExpr, read: IrExpr): IrExpr {
  const orNull = (t: IrType): boolean => t.kind === 'nullable' || t.kind === 'null';
  return orNull(value.type) && !orNull(read.type) && read.type.kind !== 'unknown'
    ? { ...value, type: read.type }
    : value;
}

/** not e, with the negation pushed down to comparisons (De Morgan), so a residual check can
 *  be printed as the condition under which the step is a violation. */
export function negate(e: IrExpr): IrExpr {
  if (e.kind === 'bool') return lit(!e.value);
  if (e.kind === 'not') return e.operand;
  if (e.kind === 'binary') {
    if (e.op === 'and' || e.op === 'or')
      return {
        ...e,
        op: e.op === 'and' ? 'or' : 'and',
        left: negate(e.left),
        right: negate(e.right),
      };
    if (e.op === '=>') return { ...e, op: 'and', left: e.left, right: negate(e.right) };
    if (e.op === '==' || e.op === '!=' || e.op === 'in' || e.op === 'not in')
      return { ...e, op: OPPOSITE[e.op] };
  }
  return { kind: 'not', operand: e, type: BOOL };
}

function fieldDomain(t: IrType): IrDomain {
  if (t.kind === 'bool' || t.kind === 'opaque' || t.kind === 'enum' || t.kind === 'state')
    return { kind: 'type', type: t };
  if (t.kind === 'int' && t.range) {
    const bound = (b: typeof t.range.lo): IrExpr =>
      b.kind === 'literal'
        ? { kind: 'int', value: b.value, type: t }
        : { kind: 'param', name: b.name, type: t };
    return { kind: 'range', lo: bound(t.range.lo), hi: bound(t.range.hi) };
  }
  throw new CannotSpecialise();
}

/** What is known: boolean facts by expression, the state's possible values, and variables
 *  known to be null. Simplifying under more facts (the left of `and`, `=>`) is sound. */
class Facts {
  readonly #known = new Map<string, boolean>();
  readonly #states: readonly string[];
  readonly #ir: IrMachine;

  constructor(states: readonly string[], ir: IrMachine) {
    this.#states = states;
    this.#ir = ir;
  }

  with(e: IrExpr, value: boolean): Facts {
    const f = new Facts(this.#states, this.#ir);
    for (const [k, v] of this.#known) f.#known.set(k, v);
    f.assume(e, value);
    return f;
  }

  assume(e: IrExpr, value: boolean): void {
    if (e.kind === 'bool') return;
    this.#known.set(show(e), value);
    if (e.kind === 'not') this.assume(e.operand, !value);
    else if (e.kind === 'binary') {
      if (e.op === 'and' && value) {
        this.assume(e.left, true);
        this.assume(e.right, true);
      } else if (e.op === 'or' && !value) {
        this.assume(e.left, false);
        this.assume(e.right, false);
      } else if (e.op === '==' || e.op === '!=') {
        this.#known.set(show({ ...e, op: e.op === '==' ? '!=' : '==' }), !value);
        this.#known.set(show({ ...e, left: e.right, right: e.left }), value);
        this.#known.set(
          show({ ...e, op: e.op === '==' ? '!=' : '==', left: e.right, right: e.left }),
          !value,
        );
      } else if (e.op === 'in' || e.op === 'not in')
        this.#known.set(show({ ...e, op: e.op === 'in' ? 'not in' : 'in' }), !value);
    }
  }

  known(e: IrExpr): boolean | undefined {
    return this.#known.get(show(e));
  }

  simplify(e: IrExpr): IrExpr {
    if (e.type.kind === 'bool' && e.kind !== 'bool') {
      const k = this.known(e);
      if (k !== undefined) return lit(k);
    }
    // A variable known to be null is null.
    if (
      (e.kind === 'var' || e.kind === 'const') &&
      this.known({
        kind: 'binary',
        op: '==',
        left: e,
        right: { kind: 'null', type: { kind: 'null' } },
        type: BOOL,
      }) === true
    )
      return { kind: 'null', type: e.type };
    const s = this.#step(e);
    if (s.kind !== 'bool' && s.type.kind === 'bool') {
      const k = this.known(s);
      if (k !== undefined) return lit(k);
    }
    return s;
  }

  #step(e: IrExpr): IrExpr {
    switch (e.kind) {
      case 'not': {
        const x = this.simplify(e.operand);
        if (x.kind === 'bool') return lit(!x.value);
        if (x.kind === 'not') return x.operand;
        if (
          x.kind === 'binary' &&
          (x.op === '==' || x.op === '!=' || x.op === 'in' || x.op === 'not in')
        )
          return { ...x, op: OPPOSITE[x.op] };
        return { ...e, operand: x };
      }
      case 'binary':
        return this.#binary(e);
      case 'if': {
        const c = this.simplify(e.cond);
        if (c.kind === 'bool') return this.simplify(c.value ? e.then : e.otherwise);
        return {
          ...e,
          cond: c,
          then: this.with(c, true).simplify(e.then),
          otherwise: this.with(c, false).simplify(e.otherwise),
        };
      }
      case 'quantifier':
        return this.#quantifier(e);
      case 'use':
        return this.simplify(e.body); // the engine inlines a definition
      case 'index': {
        // put(m, k, v)[k] is v; at another literal key it is m's; remove(m, k)[k] is null.
        const map = this.simplify(e.map);
        const key = this.simplify(e.key);
        if (map.kind === 'call' && (map.fn === 'put' || map.fn === 'remove')) {
          const [inner, k, v] = map.args as [IrExpr, IrExpr, IrExpr | undefined];
          if (show(k) === show(key)) return v ?? { kind: 'null', type: e.type };
          if (isLiteral(k) && isLiteral(key)) return this.simplify({ ...e, map: inner, key });
        }
        return { ...e, map, key };
      }
      default:
        return mapChildren(e, (c) => this.simplify(c));
    }
  }

  #binary(e: Extract<IrExpr, { kind: 'binary' }>): IrExpr {
    const bin = (op: typeof e.op, left: IrExpr, right: IrExpr): IrExpr => ({
      ...e,
      op,
      left,
      right,
    });
    switch (e.op) {
      case 'and': {
        const l = this.simplify(e.left);
        if (l.kind === 'bool') return l.value ? this.simplify(e.right) : FALSE;
        const r = this.with(l, true).simplify(e.right);
        if (r.kind === 'bool') return r.value ? l : FALSE;
        return bin('and', l, r);
      }
      case 'or': {
        const l = this.simplify(e.left);
        if (l.kind === 'bool') return l.value ? TRUE : this.simplify(e.right);
        const r = this.with(l, false).simplify(e.right);
        if (r.kind === 'bool') return r.value ? TRUE : l;
        return bin('or', l, r);
      }
      case '=>': {
        const l = this.simplify(e.left);
        if (l.kind === 'bool') return l.value ? this.simplify(e.right) : TRUE;
        const r = this.with(l, true).simplify(e.right);
        if (r.kind === 'bool') return r.value ? TRUE : { kind: 'not', operand: l, type: BOOL };
        return bin('=>', l, r);
      }
      case '==':
      case '!=': {
        const l = this.simplify(e.left);
        const r = this.simplify(e.right);
        const same = this.#equal(l, r);
        if (same !== undefined) return lit(e.op === '==' ? same : !same);
        // (true == x) is x, (false == x) is not x.
        const [b, x] = l.kind === 'bool' ? [l, r] : r.kind === 'bool' ? [r, l] : [null, null];
        if (b?.kind === 'bool' && x)
          return this.simplify(
            b.value === (e.op === '==') ? x : { kind: 'not', operand: x, type: BOOL },
          );
        return bin(e.op, l, r);
      }
      case 'in':
      case 'not in': {
        const l = this.simplify(e.left);
        const r = this.simplify(e.right);
        const member = this.#member(l, r);
        if (member !== undefined) return lit(e.op === 'in' ? member : !member);
        return bin(e.op, l, r);
      }
      case 'subset': {
        const l = this.simplify(e.left);
        const r = this.simplify(e.right);
        if (
          show(l) === show(r) ||
          (r.kind === 'binary' &&
            r.op === 'union' &&
            (show(r.left) === show(l) || show(r.right) === show(l)))
        )
          return TRUE;
        return bin('subset', l, r);
      }
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const l = this.simplify(e.left);
        const r = this.simplify(e.right);
        // x < x and x > x do not hold (equal texts, equal values); x <= x, x >= x are left to
        // evaluate, as x == x is for a number: NaN (a corrupt snapshot's) is not equal to itself.
        if (show(l) === show(r) && (e.op === '<' || e.op === '>')) return FALSE;
        if (l.kind === 'int' && r.kind === 'int')
          return lit(
            e.op === '<'
              ? l.value < r.value
              : e.op === '<='
                ? l.value <= r.value
                : e.op === '>'
                  ? l.value > r.value
                  : l.value >= r.value,
          );
        return bin(e.op, l, r);
      }
      case 'union':
      case 'minus':
      case 'intersect': {
        const l = this.simplify(e.left);
        const r = this.simplify(e.right);
        if (e.op !== 'intersect' && r.kind === 'setLit' && r.elements.length === 0) return l; // a ∪ {} = a \ {} = a
        if (e.op !== 'minus' && show(l) === show(r)) return l; // a ∪ a = a ∩ a = a
        return bin(e.op, l, r);
      }
      default:
        return bin(e.op, this.simplify(e.left), this.simplify(e.right));
    }
  }

  /** Whether two simplified expressions are equal, when that is known. */
  #equal(l: IrExpr, r: IrExpr): boolean | undefined {
    if (isLiteral(l) && isLiteral(r)) return show(l) === show(r);
    // Rule 8's extra id equals no id in scope. The same marker on both sides stands for an
    // inner variable taking the outer one's value (which is in its scope): a real case.
    if (isFresh(l) || isFresh(r))
      return isFresh(l) && isFresh(r)
        ? true
        : containsBound(l) || containsBound(r)
          ? undefined
          : false;
    if ((l.kind === 'null' && !canBeNull(r.type)) || (r.kind === 'null' && !canBeNull(l.type)))
      return false;
    // S union {..., x, ...} is not S when x not in S is known (a set grows by a new element).
    const grown = (big: IrExpr, small: IrExpr): boolean =>
      big.kind === 'binary' &&
      big.op === 'union' &&
      show(big.left) === show(small) &&
      big.right.kind === 'setLit' &&
      big.right.elements.some(
        (x) =>
          this.known({ kind: 'binary', op: 'in', left: x, right: small, type: BOOL }) === false,
      );
    if (grown(l, r) || grown(r, l)) return false;
    // x == x, except for numbers (NaN is not equal to itself).
    if (show(l) === show(r) && !numeric(l.type)) return true;
    const [st, other] =
      l.kind === 'state' && !l.primed
        ? [l, r]
        : r.kind === 'state' && !r.primed
          ? [r, l]
          : [null, null];
    if (st && other?.kind === 'stateLit') {
      if (!this.#states.includes(other.name)) return false;
      if (this.#states.length === 1) return true;
    }
    return undefined;
  }

  /** Whether a simplified element is in a simplified set, when that is known. */
  #member(x: IrExpr, set: IrExpr): boolean | undefined {
    if (isFresh(x)) return containsBound(set) ? undefined : false;
    const holds = (s: IrExpr): boolean =>
      (s.kind === 'setLit' && s.elements.some((y) => show(y) === show(x) && !numeric(x.type))) ||
      (s.kind === 'binary' && s.op === 'union' && (holds(s.left) || holds(s.right)));
    if (holds(set)) return true;
    if (set.kind === 'setLit') {
      if (isLiteral(x) && set.elements.every(isLiteral))
        return set.elements.some((y) => show(y) === show(x));
      if (x.kind === 'state' && !x.primed && set.elements.every((y) => y.kind === 'stateLit')) {
        const names = set.elements.map((y) => (y as Extract<IrExpr, { kind: 'stateLit' }>).name);
        if (this.#states.every((st) => names.includes(st))) return true;
        if (this.#states.every((st) => !names.includes(st))) return false;
      }
    }
    return undefined;
  }

  /** These facts less those about a variable (a quantifier that binds the name again
   *  shadows it). */
  #forgetting(variable: string): Facts {
    const f = new Facts(this.#states, this.#ir);
    const about = new RegExp(`\\bq\\.${variable.replace(/[^\w]/g, '\\$&')}\\b`);
    for (const [k, v] of this.#known) if (!about.test(k)) f.#known.set(k, v);
    return f;
  }

  #quantifier(e: Extract<IrExpr, { kind: 'quantifier' }>): IrExpr {
    const exists = e.quantifier === 'exists';
    const body = this.#forgetting(e.variable).simplify(e.body);
    // forall over anything of true is true, exists of false is false; the other two need a
    // value to range over.
    if (body.kind === 'bool' && (body.value !== exists || nonEmpty(e.domain, this.#ir)))
      return body;
    const t =
      e.domain.kind === 'type'
        ? e.domain.type.kind === 'set'
          ? e.domain.type.element
          : e.domain.type
        : null;
    // Finite small domains: the disjunction (conjunction) of the body at each value.
    const values =
      t?.kind === 'bool'
        ? [TRUE, FALSE]
        : t?.kind === 'enum'
          ? (this.#ir.enums.find((x) => x.name === t.name)?.members ?? []).map((m): IrExpr => ({
              kind: 'enumLit',
              enum: t.name,
              member: m,
              type: t,
            }))
          : null;
    if (values && values.length > 0 && values.length <= 8) {
      const parts = values.map((v) => substitute(body, e.variable, v));
      return this.simplify(
        parts.reduce((acc, p) => ({
          kind: 'binary',
          op: exists ? 'or' : 'and',
          left: acc,
          right: p,
          type: BOOL,
        })),
      );
    }
    if (t?.kind === 'opaque') {
      // Parts that do not mention the variable leave the quantifier (its domain is never
      // empty): exists x. (A and B(x)) = A and exists x. B(x); forall x. (A or B(x)) = A or ...
      const join = exists ? 'and' : 'or';
      const parts = flatten(body, join);
      const outside = parts.filter((p) => !mentionsBound(p, e.variable));
      const inside = parts.filter((p) => mentionsBound(p, e.variable));
      const rejoin = (xs: readonly IrExpr[]): IrExpr =>
        xs.length === 0
          ? lit(exists)
          : xs.reduce((a, b) => ({ kind: 'binary', op: join, left: a, right: b, type: BOOL }));
      let quantified: IrExpr = inside.length === 0 ? lit(exists) : { ...e, body: rejoin(inside) };
      if (inside.length > 0) {
        // Rule 8's extra id is a witness (or a counterexample) when the body decides it.
        const atFresh = this.simplify(substitute(rejoin(inside), e.variable, freshNode(t)));
        if (atFresh.kind === 'bool' && atFresh.value === exists) quantified = lit(exists);
      }
      if (outside.length === 0) return quantified;
      return this.simplify({
        kind: 'binary',
        op: join,
        left: rejoin(outside),
        right: quantified,
        type: BOOL,
      });
    }
    return { ...e, body };
  }
}

function nonEmpty(d: IrDomain, ir: IrMachine): boolean {
  if (d.kind !== 'type') return false;
  const t = d.type.kind === 'set' ? d.type.element : d.type;
  return (
    t.kind === 'bool' ||
    t.kind === 'opaque' ||
    t.kind === 'state' ||
    (t.kind === 'enum' && (ir.enums.find((x) => x.name === t.name)?.members.length ?? 0) > 0)
  );
}

function freshNode(t: IrType): IrExpr {
  return { kind: 'bound', name: FRESH, type: t };
}
const isFresh = (e: IrExpr): boolean => e.kind === 'bound' && e.name === FRESH;
/** Mentions a quantifier's variable other than the extra id (whose value is then unknown). */
const containsBound = (e: IrExpr): boolean => someNode(e, (x) => x.kind === 'bound' && !isFresh(x));
const canBeNull = (t: IrType): boolean =>
  t.kind === 'nullable' || t.kind === 'null' || t.kind === 'unknown';
const numeric = (t: IrType): boolean =>
  t.kind === 'int' ||
  t.kind === 'time' ||
  t.kind === 'duration' ||
  t.kind === 'unknown' ||
  (t.kind === 'nullable' && numeric(t.inner)) ||
  (t.kind === 'set' && numeric(t.element));

/** Levels of nesting: a leaf is 1 (as the parser counts them, parse/nesting.ts). */
function depthOf(e: IrExpr): number {
  let deepest = 0;
  for (const c of childrenOf(e)) deepest = Math.max(deepest, depthOf(c));
  return deepest + 1;
}

function flatten(e: IrExpr, op: 'and' | 'or'): IrExpr[] {
  return e.kind === 'binary' && e.op === op
    ? [...flatten(e.left, op), ...flatten(e.right, op)]
    : [e];
}

function mentionsBound(e: IrExpr, name: string): boolean {
  return someNode(e, (x) => x.kind === 'bound' && x.name === name);
}

/** e with the free occurrences of a bound variable replaced. */
function substitute(e: IrExpr, name: string, value: IrExpr): IrExpr {
  if (e.kind === 'bound') return e.name === name ? value : e;
  if (e.kind === 'quantifier' && e.variable === name)
    return { ...e, domain: mapDomain(e.domain, (c) => substitute(c, name, value)) };
  return mapChildren(e, (c) => substitute(c, name, value));
}

/** A canonical text of an expression (types left out): equal texts, equal values. */
export function show(e: IrExpr): string {
  switch (e.kind) {
    case 'bool':
    case 'int':
      return String(e.value);
    case 'null':
      return 'null';
    case 'stateLit':
      return `'${e.name}`;
    case 'enumLit':
      return `${e.enum}.${e.member}`;
    case 'var':
    case 'const':
      return `${e.primed ? 'n' : 's'}.${e.name}`;
    case 'param':
      return `p.${e.name}`;
    case 'state':
      return `${e.primed ? 'n' : 's'}.state`;
    case 'now':
      return 'now';
    case 'field':
      return `e.${e.name}`;
    case 'bound':
      return `q.${e.name}`;
    case 'setLit':
      return `{${e.elements.map(show).join(', ')}}`;
    case 'emptyMap':
      return '{:}';
    case 'seqLit':
      return `[${e.elements.map(show).join(', ')}]`;
    case 'index':
      return `${show(e.map)}[${show(e.key)}]`;
    case 'not':
      return `!${show(e.operand)}`;
    case 'neg':
      return `-${show(e.operand)}`;
    case 'call':
      return `${e.fn}(${e.args.map(show).join(', ')})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'if':
      return `(${show(e.cond)} ? ${show(e.then)} : ${show(e.otherwise)})`;
    case 'quantifier': {
      const d =
        e.domain.kind === 'type'
          ? JSON.stringify(e.domain.type)
          : e.domain.kind === 'range'
            ? `${show(e.domain.lo)}..${show(e.domain.hi)}`
            : show(e.domain.set);
      return `(${e.quantifier} ${e.variable} in ${d}: ${show(e.body)})`;
    }
    case 'enabled':
      return `enabled(${e.transition})`;
    case 'use':
      return show(e.body);
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}
