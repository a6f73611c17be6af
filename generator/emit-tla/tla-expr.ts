// Prints IR expressions as TLA+. Every compound expression is parenthesised, so precedence
// is safe by construction; strings (states, enum members) are never compared with model
// values (opaque ids, Null) because the checker types both sides of every comparison.
// Times are relative to now in the model, so `now` prints as 0 (see semantics/model.ts).

import type { IrDomain, IrExpr, IrTemporal } from '../lower/ir.ts';
import type { IrType } from '../lower/types.ts';

export interface TlaNames {
  /** The TLA+ name of a spec name (variables, consts, params, types, transitions). */
  readonly name: (specName: string) => string;
  /** The set of values of a type (`TransportId`, `Mode`, `BOOLEAN`, `0..3`, `SUBSET Nonce`). */
  readonly typeSet: (t: IrType) => string;
}

export interface ExprContext {
  readonly names: TlaNames;
  /** Print variable references primed (ensures read the new state). */
  readonly primeVars: boolean;
}

export const NULL = 'Null';

const BINARY: Record<string, string> = {
  and: '/\\',
  or: '\\/',
  '=>': '=>',
  '==': '=',
  '!=': '#',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  in: '\\in',
  'not in': '\\notin',
  subset: '\\subseteq',
  union: '\\cup',
  intersect: '\\cap',
  minus: '\\',
  '+': '+',
  '-': '-',
  '*': '*',
};

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
      return `event.${e.name}`;
    case 'bound':
      return ctx.names.name(e.name);
    case 'setLit':
      return `{${e.elements.map(sub).join(', ')}}`;
    case 'not':
      return `(~${sub(e.operand)})`;
    case 'neg':
      return `(-${sub(e.operand)})`;
    case 'binary':
      return `(${sub(e.left)} ${BINARY[e.op]} ${sub(e.right)})`;
    case 'if':
      return `(IF ${sub(e.cond)} THEN ${sub(e.then)} ELSE ${sub(e.otherwise)})`;
    case 'quantifier':
      return `(${e.quantifier === 'forall' ? '\\A' : '\\E'} ${ctx.names.name(e.variable)} \\in ${tlaDomain(e.domain, ctx)}: ${sub(e.body)})`;
    case 'size':
      return `Cardinality(${sub(e.operand)})`;
    case 'enabled':
      return `${ctx.names.name(e.transition)}_enabled`;
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
