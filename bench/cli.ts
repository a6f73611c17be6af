// npm run bench:cli — how long the installed `tether` takes to start (issue 12 item 1; goal:
// a cold `tether --version` under 0.3 s): the compiled CLI (dist/cli/entry.js, what the
// package's bin runs; `npm run build` makes it) against this repository's bin.mjs, which runs
// the sources through tsx. Each is spawned as a user runs it; median of seven runs, after one
// run that warms the file cache. Figures, not assertions.
//
//   npm run bench:cli            a table        npm run bench:cli -- --json

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const json = process.argv.includes('--json');
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 7;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function timeCli(bin: string, args: readonly string[]): number {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: 'utf8' });
    if (i > 0) times.push((performance.now() - start) / 1000);
    if (r.status !== 0)
      throw new Error(`${bin} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  }
  return median(times);
}

if (!existsSync(`${ROOT}/dist/cli/entry.js`))
  throw new Error('no dist/cli/entry.js: run `npm run build` first');
const rows = [
  {
    what: 'tether --version (compiled, the package)',
    seconds: timeCli('dist/cli/entry.js', ['--version']),
  },
  { what: 'tether --help (compiled)', seconds: timeCli('dist/cli/entry.js', ['--help']) },
  {
    what: 'tether lint spec/session.tether (compiled)',
    seconds: timeCli('dist/cli/entry.js', ['lint', 'spec/session.tether']),
  },
  {
    what: 'tether --version (sources through tsx, bin.mjs)',
    seconds: timeCli('generator/cli/bin.mjs', ['--version']),
  },
];
if (json)
  process.stdout.write(`${JSON.stringify({ runs: RUNS, rows, goalSeconds: 0.3 }, null, 2)}\n`);
else {
  for (const r of rows) process.stdout.write(`${r.what.padEnd(50)} ${r.seconds.toFixed(3)} s\n`);
  const version = rows[0]!.seconds;
  process.stdout.write(
    `cold --version: ${version.toFixed(3)} s (goal under 0.3 s: ${version < 0.3 ? 'met' : 'NOT met'})\n`,
  );
}
