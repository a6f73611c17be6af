// Shared helpers for the toolkit's tests.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileSpec, type CompiledSpec } from '../generator/frontend.ts';
import { main } from '../generator/cli/main.ts';

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
