// TypeScript source printed from ts-morph structures by ts-morph's structure printer, as
// written: no source file is parsed, manipulated or formatted, so printing is linear in the
// statements (the engine's and the suites' emitters; issue 11). What is printed must already be
// laid out as the TypeScript formatter would (test/emit-ts/engine-tsc.test.ts checks it).

import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';
import type { StatementStructures, WriterFunction } from 'ts-morph';

// Required, not imported: an ESM import of ts-morph (a CommonJS module) makes Node lex its
// megabyte of source for the names it exports before loading it, a sixth of `generate`.
const tsMorph = createRequire(import.meta.url)('ts-morph') as typeof TsMorph;

export const StructureKind = tsMorph.StructureKind;

/** A module's top-level statements (text, writer functions or structures), indented by two. */
export function printStatements(
  statements: readonly (string | WriterFunction | StatementStructures)[],
): string {
  return tsMorph.printStructure(
    { kind: StructureKind.SourceFile, statements: [...statements] },
    { indentNumberOfSpaces: 2, useSingleQuote: true },
  );
}
