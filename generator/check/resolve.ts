// Name resolution for expressions: a bare name is a quantifier variable, a built-in
// (`state`, `now`) or a declared value symbol, in that order.

import type { ValueSymbol, SymbolTable } from './symbols.ts';

export type Resolved =
  | { readonly kind: 'bound' }
  | { readonly kind: 'builtin'; readonly name: 'state' | 'now' }
  | ValueSymbol;

export function resolveValue(
  symbols: SymbolTable,
  name: string,
  bound: ReadonlySet<string>,
): Resolved | null {
  if (bound.has(name)) return { kind: 'bound' };
  if (name === 'state' || name === 'now') return { kind: 'builtin', name };
  return symbols.values.get(name) ?? null;
}
