// Converts a written type (TypeRef) to an IrType. Assumes names resolved (the names stage
// ran clean); an unresolvable name becomes `unknown` so callers never crash.

import type { Expr, TypeRef } from '../parse/ast.ts';
import {
  BOOL,
  DURATION,
  INT,
  STATE,
  TIME,
  UNKNOWN,
  type IrBound,
  type IrType,
} from '../lower/types.ts';
import type { SymbolTable } from './symbols.ts';

export function typeOfRef(symbols: SymbolTable, t: TypeRef): IrType {
  switch (t.kind) {
    case 'NamedType': {
      switch (t.name.name) {
        case 'Bool':
          return BOOL;
        case 'Int':
        case 'Nat':
          return INT;
        case 'Duration':
          return DURATION;
        case 'Time':
          return TIME;
        case 'State':
          return STATE;
      }
      const sym = symbols.values.get(t.name.name);
      if (sym?.kind === 'type') return { kind: 'opaque', name: sym.decl.name.name };
      if (sym?.kind === 'enum') return { kind: 'enum', name: sym.decl.name.name };
      return UNKNOWN;
    }
    case 'RangeType': {
      const lo = boundOf(t.lo);
      const hi = boundOf(t.hi);
      return lo && hi ? { kind: 'int', range: { lo, hi } } : INT;
    }
    case 'SetType':
      return { kind: 'set', element: typeOfRef(symbols, t.element) };
    case 'MapType':
      return { kind: 'map', key: typeOfRef(symbols, t.key), value: typeOfRef(symbols, t.value) };
    case 'SeqType':
      return { kind: 'seq', element: typeOfRef(symbols, t.element), capacity: boundOf(t.capacity) };
    case 'NullableType':
      return { kind: 'nullable', inner: typeOfRef(symbols, t.inner) };
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

/** A range bound as written: `3`, `-3` or a param name; null for anything else. */
export function boundOf(e: Expr): IrBound | null {
  if (e.kind === 'IntLit') return { kind: 'literal', value: e.value };
  if (e.kind === 'Unary' && e.op === '-' && e.operand.kind === 'IntLit')
    return { kind: 'literal', value: -e.operand.value };
  if (e.kind === 'NameRef' && !e.primed) return { kind: 'param', name: e.name.name };
  return null;
}

/** Is the written type the unbounded `Int` or `Nat` (or a set or nullable of one)? */
export function unboundedPart(t: IrType): string | null {
  switch (t.kind) {
    case 'int':
      return t.range ? null : 'Int';
    case 'duration':
      return 'Duration';
    case 'set':
      return unboundedPart(t.element);
    case 'map':
    case 'seq':
      return null; // a map's keys and values, a sequence's elements: checked on their own (TTH2022)
    case 'nullable':
      return unboundedPart(t.inner);
    case 'bool':
    case 'enum':
    case 'opaque':
    case 'state':
    case 'time':
    case 'null':
    case 'unknown':
      return null;
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}
