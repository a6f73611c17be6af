// The states a transition leaves from: its listed sources, or every non-terminal state for `*`.

import type { Ident, TransitionDecl } from '../parse/ast.ts';
import type { SymbolTable } from './symbols.ts';

export function sourceStates(symbols: SymbolTable, t: TransitionDecl): string[] {
  if (!Array.isArray(t.sources))
    return symbols.states.filter((s) => !s.terminal).map((s) => s.name.name);
  return [...new Set((t.sources as readonly Ident[]).map((s) => s.name))];
}
