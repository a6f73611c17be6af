// What every check pass receives: the AST, the diagnostics sink, and what earlier passes
// learned (the symbol table, the type of every expression, what the typer found). All passes
// share one signature.

import type { Expr, SpecFile } from '../parse/ast.ts';
import type { DiagnosticSink } from '../diagnostics/types.ts';
import type { IrType } from '../lower/types.ts';
import type { SymbolTable } from './symbols.ts';
import type { TypeFinding } from './type-findings.ts';

export interface CheckContext {
  readonly ast: SpecFile;
  /** The spec's text, for passes that quote it. */
  readonly source: string;
  readonly sink: DiagnosticSink;
  /** Filled by `collectDeclarations` (the first pass). */
  symbols: SymbolTable;
  /** Filled by `inferTypes` (the typer): the inferred type of every expression node. */
  readonly exprTypes: Map<Expr, IrType>;
  /** Filled by `inferTypes`: what does not fit, for the reporters of the types stage. */
  readonly typeFindings: TypeFinding[];
}

/** One rule. A pass reports every finding of its rule and never throws on bad input. */
export type CheckPass = (ctx: CheckContext) => void;
