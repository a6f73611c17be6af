// Prints IR expressions as TLA+. Every compound expression is parenthesised, so precedence
// is safe by construction; strings (states, enum members) are never compared with model
// values (opaque ids, Null) because the checker types both sides of every comparison.
// Times are relative to now in the model, so `now` prints as 0 (see semantics/model.ts).

import type { IrDomain, IrExpr, IrTemporal } from '../lower/ir.ts';
import { BINARY_OPERATORS, builtinFunction } from '../lower/operators.ts';
import type { IrType } from '../lower/types.ts';

export interface TlaNames {
  /** The TLA+ name of a spec name (variables, consts, params, types, transitions). */
  readonly name: (specName: string) => string;
  /** The record field of an event field. */
  readonly field: (specName: string) => string;
  /** The operator that says whether a transition is enabled. */
  readonly enabled: (transition: string) => string;
  /** A name for a quantifier's variable, free of every name in scope (names/tla.ts). */
  readonly bind: (specName: string, enclosing: Iterable<string>) => string;
  /** The set of values of a type (`TransportId`, `Mode`, `BOOLEAN`, `0..3`, `SUBSET Nonce`). */
  readonly typeSet: (t: IrType) => string;
}

export interface ExprContext {
  readonly names: TlaNames;
  /** Print variable references primed (ensures read the new state). */
  readonly primeVars: boolean;
  /** The TLA+ names of the enclosing quantifiers' variables, by spec name. */
  readonly bound?: ReadonlyMap<string, string>;
}

export const NULL = 'Null';

export function tlaString(s: string): string {
  return `"${s}"`;
}

export function tlaExpr(e: IrExpr, ctx: ExprContext): string {
  const sub = (x: IrExpr): string => tlaExpr(x, ctx);
  switch (e.kind) {
    case 'bool':
      return e.value ? 'TRUE' : 'FALSE';
    case 'int':
      return e.value < 0 ? `(${e.value})` : String(e.value);
    case 'null':
      return NULL;
    case 'stateLit':
      return tlaString(e.name);
    case 'enumLit':
      return tlaString(e.member);
    case 'var':
    case 'const': {
      const n = ctx.names.name(e.name);
      return e.primed || ctx.primeVars ? `${n}'` : n;
    }
    case 'state':
      return e.primed || ctx.primeVars ? "state'" : 'state';
    case 'param':
      return ctx.names.name(e.name);
    case 'now':
      return '0';
    case 'field':
      return `event.${ctx.names.field(e.name)}`;
    case 'bound': {
      const n = ctx.bound?.get(e.name);
      if (n === undefined)
        throw new Error(`internal: '${e.name}' is bound by no enclosing quantifier`);
      return n;
    }
    case 'setLit':
      return `{${e.elements.map(sub).join(', ')}}`;
    // Maps are functions over the keys they hold (view-model.ts defines the operators).
    case 'emptyMap':
      return 'EmptyMap';
    case 'seqLit':
      return `<<${e.elements.map(sub).join(', ')}>>`;
    case 'index':
      return `MapGet(${sub(e.map)}, ${sub(e.key)})`;
    case 'not':
      return `(~${sub(e.operand)})`;
    case 'neg':
      return `(-${sub(e.operand)})`;
    case 'binary':
      // Membership in a sequence: some index holds the element.
      if ((e.op === 'in' || e.op === 'not in') && e.right.type.kind === 'seq')
        return `(${e.op === 'in' ? '' : '~'}SeqHas(${sub(e.right)}, ${sub(e.left)}))`;
      return `(${sub(e.left)} ${BINARY_OPERATORS[e.op].tla} ${sub(e.right)})`;
    case 'if':
      return `(IF ${sub(e.cond)} THEN ${sub(e.then)} ELSE ${sub(e.otherwise)})`;
    case 'quantifier': {
      // SANY refuses a bound name that shadows a defined or enclosing one: names.bind picks
      // a free one, and the body reads the variable by it (the innermost binding wins).
      const v = ctx.names.bind(e.variable, ctx.bound?.values() ?? []);
      const body = tlaExpr(e.body, { ...ctx, bound: new Map(ctx.bound).set(e.variable, v) });
      return `(${e.quantifier === 'forall' ? '\\A' : '\\E'} ${v} \\in ${tlaDomain(e.domain, ctx)}: ${body})`;
    }
    case 'call':
      return builtinFunction(e.fn).tla(
        e.args.map(sub),
        e.args.map((a) => a.type),
      );
    case 'enabled':
      return ctx.names.enabled(e.transition);
    case 'use': {
      // The definition's operator (view-model.ts defines it), except where every variable
      // is read primed (an ensure): there the body as written, as an applied operator would
      // have to be primed whole.
      if (ctx.primeVars) return sub(e.body);
      const op = ctx.names.name(e.def);
      return e.args.length === 0 ? op : `${op}(${e.args.map(sub).join(', ')})`;
    }
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

function tlaDomain(d: IrDomain, ctx: ExprContext): string {
  switch (d.kind) {
    case 'type':
      return ctx.names.typeSet(d.type);
    case 'range':
      return `(${tlaExpr(d.lo, ctx)}..${tlaExpr(d.hi, ctx)})`;
    case 'set':
      return tlaExpr(d.set, ctx);
    default: {
      const unreachable: never = d;
      return unreachable;
    }
  }
}

export function tlaTemporal(f: IrTemporal, ctx: ExprContext): string {
  switch (f.kind) {
    case 'always':
      return `[]${tlaTemporal(f.body, ctx)}`;
    case 'eventually':
      return `<>${tlaTemporal(f.body, ctx)}`;
    case 'leadsTo':
      return `(${tlaTemporal(f.left, ctx)} ~> ${tlaTemporal(f.right, ctx)})`;
    case 'binary':
      return `(${tlaTemporal(f.left, ctx)} ${f.op === 'and' ? '/\\' : f.op === 'or' ? '\\/' : '=>'} ${tlaTemporal(f.right, ctx)})`;
    case 'predicate':
      return tlaExpr(f.expr, ctx);
    default: {
      const unreachable: never = f;
      return unreachable;
    }
  }
}
