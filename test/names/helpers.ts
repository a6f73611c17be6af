// What the names tests ask of emitted code: that SANY parses a TLA+ module, that strict tsc
// (the project's tsconfig) accepts an engine, and that the engine loads.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { compileSpec } from '../../generator/frontend.ts';
import { emitTla } from '../../generator/emit-tla/emit.ts';
import { emitEngine } from '../../generator/emit-ts/engine.ts';
import type { IrMachine } from '../../generator/lower/ir.ts';
import { ROOT } from '../helpers.ts';

/** Lowers a spec that must lint without errors (the message lists them otherwise). */
export function irOfText(text: string, file = 'names.tether'): IrMachine {
  const c = compileSpec(text, file);
  const errors = c.diagnostics.filter((d) => d.severity === 'error');
  if (!c.ir || errors.length > 0)
    throw new Error(
      `${file} does not lint: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`,
    );
  return c.ir;
}

/** SANY's complaints about the emitted module of each machine, or '' when all parse. */
export function sanyErrors(jar: string, irs: readonly IrMachine[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tether-sany-'));
  try {
    const files = irs.map((ir) => {
      const out = emitTla(ir);
      const name = out.module.path.replace(/^.*\//, '');
      writeFileSync(join(dir, name), out.module.content);
      return name;
    });
    // One JVM for all; -error-codes makes SANY exit non-zero on an error.
    const r = spawnSync('java', ['-cp', jar, 'tla2sany.SANY', '-error-codes', ...files], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const out = `${r.stdout}${r.stderr}`;
    return r.status === 0 && !/Parse Error|Semantic errors|Fatal errors|Multiply-defined/.test(out)
      ? ''
      : out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The project's tsconfig compiler options (strict, noUnused*, exactOptionalPropertyTypes, …). */
function projectOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  return ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
}

/** Strict tsc's diagnostics for the given files, one line each. */
export function strictTscErrors(files: readonly string[]): string[] {
  const program = ts.createProgram([...files], projectOptions());
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file && d.start !== undefined
        ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: `
        : '';
    return `${where}TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** An engine emitted into a fresh folder: its file, strict tsc's verdict, and the module. */
export async function loadEngine<TModule>(
  ir: IrMachine,
): Promise<{ file: string; errors: string[]; engine: TModule; dispose: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'tether-engine-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n'); // an ES module, as in the project
  const out = emitEngine(ir, dir);
  writeFileSync(out.path, out.content);
  const errors = strictTscErrors([out.path]);
  const engine = (await import(pathToFileURL(out.path).href)) as TModule;
  return {
    file: out.path,
    errors,
    engine,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
