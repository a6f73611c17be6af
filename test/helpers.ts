// Shared helpers for the toolkit's tests.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileSpec, type CompiledSpec } from '../generator/frontend.ts';
import { main } from '../generator/cli/main.ts';
import type { TlaModule } from '../generator/conformance/harness.ts';
import { emitTla } from '../generator/emit-tla/emit.ts';
import type { IrMachine } from '../generator/lower/ir.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export function fixturePath(...parts: string[]): string {
  return `${ROOT}test/fixtures/${parts.join('/')}`;
}

export function listFixtures(dir: string, ext: string): string[] {
  return readdirSync(fixturePath(dir))
    .filter((f) => f.endsWith(ext))
    .sort();
}

/** Compiles a spec held in the repo, naming it by its repo-relative path. */
export function compileFile(relPath: string): CompiledSpec {
  return compileSpec(readFileSync(`${ROOT}${relPath}`, 'utf8'), relPath);
}

/** A minimal valid machine with extra declarations appended. */
/** What a conformance suite of the flagship loads, as its generated suite does. */
export const FLAGSHIP_SUITE = {
  model: new URL('../generated/session.ir.json', import.meta.url),
  tla: new URL('../tla/Session.tla', import.meta.url),
  traces: new URL('../tla/traces/Session/', import.meta.url),
} as const;

/** What a conformance suite of a spec that is not generated loads: its IR and TLA+ module,
 *  compiled here (the suite runtime only loads them). */
export function suiteInputs(relPath: string): { model: IrMachine; tla: TlaModule } {
  const compiled = compileFile(relPath);
  if (!compiled.ir) throw new Error(`${relPath} does not compile`);
  const files = emitTla(compiled.ir);
  return {
    model: compiled.ir,
    tla: { moduleName: files.moduleName, module: files.module.content, cfg: files.cfg.content },
  };
}

export function miniSpec(extra = ''): string {
  return [
    'machine M',
    'states { initial A  terminal Z }',
    'event GO {}',
    'accept { OK }',
    'transition go: A -> Z on GO',
    '  reason OK',
    extra,
  ].join('\n');
}

export function codes(c: CompiledSpec): string[] {
  return c.diagnostics.map((d) => d.code);
}

/** Runs the CLI in-process with captured output (not a terminal). */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: { write: (t) => void (out += t), isTTY: false },
    stderr: { write: (t) => void (err += t), isTTY: false },
  });
  return { code, out, err };
}

/** fast-check settings for the model-based tests: reproducible by default (a fixed seed, so
 *  coverage assertions are stable); TETHER_PBT_SEED and TETHER_PBT_RUNS explore further. */
export function pbtOptions(defaultRuns: number): { seed: number; numRuns: number } {
  return {
    seed: Number(process.env['TETHER_PBT_SEED'] ?? 20261124),
    numRuns: Number(process.env['TETHER_PBT_RUNS'] ?? defaultRuns),
  };
}
