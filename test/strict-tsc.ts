// Type-checks generated engines the way their users compile them: the project's strict
// compiler options (tsconfig.json), every engine in one TypeScript program. vitest strips
// types without checking them, so this is what proves that a generated engine compiles.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT } from './helpers.ts';

/** A generated engine: the spec it came from (for messages) and its text. */
export interface EngineSource {
  readonly spec: string;
  readonly content: string;
}

/** The errors strict tsc reports, per spec (specs without errors are left out). */
export type EngineErrors = ReadonlyMap<string, readonly string[]>;

/** The compiler options of tsconfig.json, except `types`: an engine is standalone, so it
 *  must compile without Node's (or any) ambient types. */
function strictOptions(): ts.CompilerOptions {
  const file = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  if (file.error) throw new Error(ts.flattenDiagnosticMessageText(file.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(file.config, ts.sys, ROOT);
  if (parsed.errors.length > 0)
    throw new Error(
      parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'),
    );
  return { ...parsed.options, types: [], noEmit: true };
}

/** Writes each engine to its own folder of a temporary directory (an ES module package, as
 *  under tsconfig's NodeNext) and runs one strict program over all of them. */
export function typecheckEngines(
  engines: readonly EngineSource[],
  /** The `lib` to compile against instead of tsconfig.json's (a user's may be newer). */
  lib?: string,
): EngineErrors {
  const dir = mkdtempSync(join(tmpdir(), 'tether-tsc-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const specOf = new Map<string, string>();
    engines.forEach((e, i) => {
      mkdirSync(join(dir, String(i)));
      const path = join(dir, String(i), 'engine.ts');
      writeFileSync(path, e.content);
      specOf.set(path, e.spec);
    });
    const options = lib ? { ...strictOptions(), lib: [lib] } : strictOptions();
    const program = ts.createProgram({ rootNames: [...specOf.keys()], options });
    const errors = new Map<string, string[]>();
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const spec = d.file ? (specOf.get(d.file.fileName) ?? d.file.fileName) : '(program)';
      const at =
        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
      const where = at ? `engine.ts:${at.line + 1}:${at.character + 1}` : 'engine.ts';
      const line = at ? `\n    ${d.file!.text.split('\n')[at.line]!.trim()}` : '';
      errors.set(spec, [
        ...(errors.get(spec) ?? []),
        `${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}${line}`,
      ]);
    }
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The errors as one readable text (empty when there are none). */
export function showEngineErrors(errors: EngineErrors): string {
  return [...errors].map(([spec, list]) => `${spec}:\n  ${list.join('\n  ')}`).join('\n');
}
