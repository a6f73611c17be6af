// The states a transition leaves from: its listed sources, or every non-terminal state for
// `*`; and the states a refusal lists.

import type { AnySource, Ident, TransitionDecl } from '../parse/ast.ts';
import type { SymbolTable } from './symbols.ts';

export function sourceStates(symbols: SymbolTable, t: TransitionDecl): string[] {
  return listedStates(symbols, t.sources);
}

/** `S1 | S2` (each once), or every non-terminal state for `*`. */
export function listedStates(symbols: SymbolTable, states: AnySource | readonly Ident[]): string[] {
  if (!Array.isArray(states))
    return symbols.states.filter((s) => !s.terminal).map((s) => s.name.name);
  return [...new Set((states as readonly Ident[]).map((s) => s.name))];
}
