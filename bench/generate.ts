// npm run bench:generate — what generating costs (issue 11, deliverable 4): `tether generate
// --check` against `tether lint` on the flagship spec, each spawned as a user runs it (median
// of three runs; goal: generate --check at most 1.5× lint), and emitting the engine of a
// spec of 600 transitions (bench/wide-spec.ts; goal: under 10 s, emitEngine being linear in
// the transitions). Figures, not assertions.
//
//   npm run bench:generate            a table        npm run bench:generate -- --json
//   npm run bench:generate -- --transitions 1200

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compileSpec } from '../generator/frontend.ts';
import { emitEngine } from '../generator/emit-ts/engine.ts';
import { wideSpec } from './wide-spec.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const at = args.indexOf('--transitions');
const transitions = at >= 0 ? Number(args[at + 1]) : 600;
if (!Number.isSafeInteger(transitions) || transitions < 1)
  throw new Error('--transitions takes a positive integer');

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 3;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** The median wall time, in seconds, of running the CLI with `cliArgs` (each run must succeed). */
function timeCli(cliArgs: readonly string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, ['generator/cli/bin.mjs', ...cliArgs], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    times.push((performance.now() - start) / 1000);
    if (r.status !== 0)
      throw new Error(`tether ${cliArgs.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  }
  return median(times);
}

const lint = timeCli(['lint', 'spec/session.tether']);
const check = timeCli(['generate', '--check']);

const compiled = compileSpec(wideSpec(transitions), 'wide.tether');
if (!compiled.ir) throw new Error(`wideSpec(${transitions}) does not lint`);
const start = performance.now();
const engine = emitEngine(compiled.ir);
const wide = (performance.now() - start) / 1000;

const rows = {
  lintSeconds: lint,
  generateCheckSeconds: check,
  ratio: check / lint,
  wideTransitions: transitions,
  wideEmitEngineSeconds: wide,
  wideEngineBytes: engine.content.length,
};
if (json) console.log(JSON.stringify(rows, null, 2));
else {
  const s = (x: number): string => `${x.toFixed(2)} s`;
  const table: [string, string, string][] = [
    ['tether lint spec/session.tether', s(lint), `median of ${RUNS}`],
    ['tether generate --check', s(check), `median of ${RUNS}`],
    ['generate --check / lint', rows.ratio.toFixed(2), 'goal ≤ 1.5'],
    [
      `emitEngine, ${transitions} transitions`,
      s(wide),
      `goal < 10 s; ${engine.content.length} characters`,
    ],
  ];
  for (const [what, figure, note] of table)
    console.log(`${what.padEnd(36)} ${figure.padStart(8)}   (${note})`);
}
