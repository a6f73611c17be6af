// Pass: two transitions that leave one state on one event must have disjoint guards
// (seed §4: "Transitions are deterministic"). This pass proves disjointness where it can and
// warns (TTH4004) where it cannot; the model check decides the rest (README.md, "Checking a
// spec": `Deterministic`).
//
// The proof is propositional: each guard (the conjunction of its require clauses) becomes a
// formula over atoms — comparisons normalised so `a >= b` is `not (a < b)` and `x != c` is
// `not (x == c)`, and `x in {c1, c2}` of constants is `x == c1 or x == c2` — and every
// assignment of truth values to the atoms is tried, with two theory facts: a value equals at
// most one constant (constants are keyed by value: `-0` is `0`), and `<` is a strict order
// (`a < b` excludes `b < a` and `a == b`). No satisfying assignment: disjoint.

import type { Expr, TransitionDecl } from '../parse/ast.ts';
import { printExpr } from '../parse/print.ts';
import type { CheckContext, CheckPass } from './context.ts';
import { sourceStates } from './transition-sources.ts';

type Prop =
  | { readonly kind: 'const'; readonly value: boolean }
  | { readonly kind: 'atom'; readonly index: number }
  | { readonly kind: 'not'; readonly p: Prop }
  | { readonly kind: 'and' | 'or'; readonly ps: readonly Prop[] };

interface Atom {
  readonly key: string;
  /** For `subject == constant` atoms: a subject equals at most one constant. */
  readonly eq: { readonly subject: string; readonly constant: string } | null;
  /** For `a < b` and `a == b` atoms (printed operands): with `<` a strict order, `a < b`
   *  excludes `b < a` and `a == b`. */
  readonly order: { readonly op: '<' | '=='; readonly a: string; readonly b: string } | null;
}

/** More atoms than this and the pass does not try (2^n assignments). */
const MAX_ATOMS = 16;

export const reportOverlappingGuards: CheckPass = (ctx) => {
  const byStateEvent = new Map<string, TransitionDecl[]>();
  for (const t of ctx.symbols.transitions.values())
    for (const s of sourceStates(ctx.symbols, t)) {
      const key = `${s}\u0000${t.event.name}`;
      byStateEvent.set(key, [...(byStateEvent.get(key) ?? []), t]);
    }
  const overlapping = new Map<string, { a: TransitionDecl; b: TransitionDecl; states: string[] }>();
  for (const [key, ts] of byStateEvent) {
    const state = key.split('\u0000')[0]!;
    for (let i = 0; i < ts.length; i++)
      for (let j = i + 1; j < ts.length; j++) {
        const a = ts[i]!;
        const b = ts[j]!;
        // `otherwise` is disjoint from every earlier candidate by its meaning.
        if (b.otherwise !== null || provablyDisjoint(ctx, a, b)) continue;
        const pair = `${a.name.name}\u0000${b.name.name}`;
        const entry = overlapping.get(pair) ?? { a, b, states: [] };
        entry.states.push(state);
        overlapping.set(pair, entry);
      }
  }
  // `otherwise` where no transition before it handles the event: it means nothing (TTH4009).
  for (const t of ctx.symbols.transitions.values()) {
    if (t.otherwise === null) continue;
    const alternative = sourceStates(ctx.symbols, t).some(
      (s) => byStateEvent.get(`${s}\u0000${t.event.name}`)![0] !== t,
    );
    if (!alternative)
      ctx.sink.report('TTH4009', t.otherwise, { name: t.name.name, event: t.event.name });
  }
  for (const { a, b, states } of overlapping.values())
    ctx.sink.report(
      'TTH4004',
      b.name.span,
      { first: a.name.name, second: b.name.name, state: states.join("', '"), event: b.event.name },
      [{ message: `'${a.name.name}' is declared here`, span: a.name.span }],
    );
};

/** The value of an integer literal, possibly negated (`-0` is 0), or null. */
function intValue(e: Expr): number | null {
  if (e.kind === 'IntLit') return e.value;
  if (e.kind !== 'Unary' || e.op !== '-') return null;
  const v = intValue(e.operand);
  return v === null ? null : v === 0 ? 0 : -v;
}

function guardOf(t: TransitionDecl): Expr[] {
  return t.clauses.flatMap((c) => (c.kind === 'RequireClause' ? [c.cond] : []));
}

export function provablyDisjoint(ctx: CheckContext, a: TransitionDecl, b: TransitionDecl): boolean {
  const atoms: Atom[] = [];
  const index = new Map<string, number>();
  const atom = (key: string, eq: Atom['eq'] = null, order: Atom['order'] = null): Prop => {
    let i = index.get(key);
    if (i === undefined) {
      i = atoms.length;
      atoms.push({ key, eq, order });
      index.set(key, i);
    }
    return { kind: 'atom', index: i };
  };
  // The value of a literal, enum member or state as a key (equal keys, equal values), or null.
  const constantKey = (e: Expr): string | null => {
    if (e.kind === 'NullLit' || e.kind === 'BoolLit') return printExpr(e);
    const int = intValue(e);
    if (int !== null) return String(int);
    if (e.kind !== 'NameRef' || e.primed) return null;
    const sym = ctx.symbols.values.get(e.name.name);
    return sym?.kind === 'enumMember' || sym?.kind === 'state' ? e.name.name : null;
  };
  const isConstant = (e: Expr): boolean => constantKey(e) !== null;
  const equals = (subject: Expr, constant: Expr): Prop => {
    const s = printExpr(subject);
    const c = constantKey(constant)!;
    return atom(`${s} == ${c}`, { subject: s, constant: c });
  };
  const less = (l: string, r: string): Prop => atom(`${l} < ${r}`, null, { op: '<', a: l, b: r });
  const toProp = (e: Expr): Prop => {
    switch (e.kind) {
      case 'BoolLit':
        return { kind: 'const', value: e.value };
      case 'Unary':
        return e.op === 'not' ? { kind: 'not', p: toProp(e.operand) } : atom(printExpr(e));
      case 'IfExpr': {
        const c = toProp(e.cond);
        return {
          kind: 'or',
          ps: [
            { kind: 'and', ps: [c, toProp(e.then)] },
            { kind: 'and', ps: [{ kind: 'not', p: c }, toProp(e.otherwise)] },
          ],
        };
      }
      case 'Binary': {
        const l = printExpr(e.left);
        const r = printExpr(e.right);
        switch (e.op) {
          case 'and':
          case 'or':
            return { kind: e.op, ps: [toProp(e.left), toProp(e.right)] };
          case '=>':
            return { kind: 'or', ps: [{ kind: 'not', p: toProp(e.left) }, toProp(e.right)] };
          case '==':
          case '!=': {
            let p: Prop;
            if (isConstant(e.right) && !isConstant(e.left)) p = equals(e.left, e.right);
            else if (isConstant(e.left) && !isConstant(e.right)) p = equals(e.right, e.left);
            else {
              const [x, y] = l < r ? [l, r] : [r, l];
              p = atom(`${x} == ${y}`, null, { op: '==', a: x, b: y });
            }
            return e.op === '==' ? p : { kind: 'not', p };
          }
          case '<':
            return less(l, r);
          case '>=':
            return { kind: 'not', p: less(l, r) };
          case '>':
            return less(r, l);
          case '<=':
            return { kind: 'not', p: less(r, l) };
          case 'in':
          case 'not in': {
            // Membership in a literal set of constants is equality with one of them.
            const members =
              e.right.kind === 'SetLit' && !isConstant(e.left) && e.right.elements.every(isConstant)
                ? e.right.elements
                : null;
            const p: Prop = members
              ? { kind: 'or', ps: members.map((c) => equals(e.left, c)) }
              : atom(`${l} in ${r}`);
            return e.op === 'in' ? p : { kind: 'not', p };
          }
          default:
            return atom(printExpr(e));
        }
      }
      default:
        return atom(printExpr(e));
    }
  };
  const formula: Prop = { kind: 'and', ps: [...guardOf(a), ...guardOf(b)].map(toProp) };
  if (atoms.length > MAX_ATOMS) return false;
  const values: boolean[] = new Array<boolean>(atoms.length).fill(false);
  const evaluate = (p: Prop): boolean => {
    switch (p.kind) {
      case 'const':
        return p.value;
      case 'atom':
        return values[p.index]!;
      case 'not':
        return !evaluate(p.p);
      case 'and':
        return p.ps.every(evaluate);
      case 'or':
        return p.ps.some(evaluate);
      default: {
        const unreachable: never = p;
        return unreachable;
      }
    }
  };
  for (let bits = 0; bits < 1 << atoms.length; bits++) {
    const equalTo = new Map<string, string>();
    const ordered = new Set<string>();
    let consistent = true;
    for (let i = 0; i < atoms.length; i++) {
      values[i] = (bits & (1 << i)) !== 0;
      const eq = atoms[i]!.eq;
      if (values[i] && eq) {
        const prior = equalTo.get(eq.subject);
        if (prior !== undefined && prior !== eq.constant) consistent = false;
        equalTo.set(eq.subject, eq.constant);
      }
      if (values[i] && atoms[i]!.order) ordered.add(atoms[i]!.key);
    }
    for (const { order } of atoms)
      if (order?.op === '<' && ordered.has(`${order.a} < ${order.b}`)) {
        const [x, y] = order.a < order.b ? [order.a, order.b] : [order.b, order.a];
        if (ordered.has(`${order.b} < ${order.a}`) || ordered.has(`${x} == ${y}`))
          consistent = false;
      }
    if (consistent && evaluate(formula)) return false;
  }
  return true;
}
