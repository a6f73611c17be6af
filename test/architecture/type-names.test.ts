// Issue 11: each exported type, interface and class under generator/ is declared in one
// module, so a name means one thing (`Compiled` and `AcceptCase` were each declared twice).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { importGraph } from './import-graph.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The exported type, interface and class names a module declares. */
function exportedTypeNames(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  return source.statements.flatMap((s) =>
    (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isClassDeclaration(s)) &&
    s.name &&
    s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      ? [s.name.text]
      : [],
  );
}

/** Each name declared in more than one module, with the modules. */
function declaredTwice(modules: ReadonlyMap<string, readonly string[]>): string[] {
  const where = new Map<string, string[]>();
  for (const [file, names] of modules)
    for (const name of names) where.set(name, [...(where.get(name) ?? []), file]);
  return [...where]
    .filter(([, files]) => files.length > 1)
    .map(([n, f]) => `${n}: ${f.join(', ')}`);
}

describe('exported type names under generator/', () => {
  it('are each declared in one module', () => {
    const modules = new Map(
      [...importGraph(root, 'generator').graph.keys()].map((file) => [
        file,
        exportedTypeNames(file, readFileSync(`${root}${file}`, 'utf8')),
      ]),
    );
    expect(modules.get('generator/conformance/plan.ts')).toContain('AcceptCase');
    expect(declaredTwice(modules)).toEqual([]);
  });

  it('a name declared in two modules is found (the check can fail)', () => {
    const a = exportedTypeNames('a.ts', 'export interface Compiled {}\ninterface Local {}');
    const b = exportedTypeNames('b.ts', 'export type Compiled<T> = () => T;\nexport class C {}');
    expect(a).toEqual(['Compiled']);
    expect(
      declaredTwice(
        new Map([
          ['a.ts', a],
          ['b.ts', b],
        ]),
      ),
    ).toEqual(['Compiled: a.ts, b.ts']);
  });
});
