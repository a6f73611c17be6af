// The front end as one call: text → AST → checked → IR, with every diagnostic of the stages
// that ran. Backends start from `compileSpec(...).ir`.

import { checkSpec } from './check/check.ts';
import { sortDiagnostics, type Diagnostic } from './diagnostics/types.ts';
import type { SpecFile } from './parse/ast.ts';
import { parseSpec } from './parse/parse.ts';
import type { IrMachine } from './lower/ir.ts';
import { lowerSpec } from './lower/lower.ts';

/** What the front end made of a spec: its diagnostics, the AST and, without errors, the IR.
 *  (Not `Compiled` in semantics/compile.ts, an IR expression compiled to a closure.) */
export interface CompiledSpec {
  /** Sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly ast: SpecFile | null;
  /** Present when there are no errors. */
  readonly ir: IrMachine | null;
}

/** `file` is how the spec is named in diagnostics and in generated headers. */
export function compileSpec(text: string, file: string): CompiledSpec {
  const { ast, sink } = parseSpec(text, file);
  if (!ast) return { diagnostics: sortDiagnostics(sink.items), ast: null, ir: null };
  const checked = checkSpec(ast, text, sink);
  const ir = checked ? lowerSpec(checked.ctx, file) : null;
  return { diagnostics: sortDiagnostics(sink.items), ast, ir };
}
