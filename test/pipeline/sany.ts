// Runs SANY (TLA+'s parser and semantic checker, in tla2tools.jar) on an emitted module, for
// the pipeline harness: a module that lint accepted must parse. SANY exits 0 even on errors
// unless asked (-error-codes), so its output is read too.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** SANY's complaint about the module (the relevant lines), or null when it parses. */
export function sanyProblem(jar: string, moduleName: string, tla: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'tether-sany-'));
  try {
    writeFileSync(join(dir, `${moduleName}.tla`), tla);
    const r = spawnSync(
      'java',
      ['-cp', jar, 'tla2sany.SANY', '-error-codes', `${moduleName}.tla`],
      { cwd: dir, encoding: 'utf8', timeout: 120_000 },
    );
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    const failed =
      r.status !== 0 || /\*\*\* ?Errors|\*\*\*Parse Error\*\*\*|Fatal errors/.test(out);
    if (!failed) return null;
    const lines = out
      .split('\n')
      .filter(
        (l) =>
          l.trim() &&
          !/^(Parsing file|Semantic processing|Linting of module|\*{6} SANY2)/.test(l.trim()),
      );
    return `SANY exit ${r.status ?? r.signal}: ${lines.slice(0, 12).join('\n')}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
