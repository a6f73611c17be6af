// Processes and files: TLC never outlives `tether check` — killed with SIGKILL (which tether
// cannot catch: its watchdog kills TLC), SIGTERM or SIGINT (exit 143, 130) — and its
// temporary folder goes with it; generated files are replaced by renames, all or none, and a
// generation that cannot write exits 2 with one line, having changed nothing; when a limit
// stops the search the conformance suite needs, check leaves the outputs and says why.

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { TLC_JAR } from '../tlc/tlc-available.ts';
import { processesUnder, runBin, startCli, waitFor } from './spawn-cli.ts';

const COUNTERS = `${ROOT}test/fixtures/models/counters.tether`;
const SPEC = `machine M
states { initial A  terminal Z }
var n: 0..3 = 0
event GO {}
event END {}
accept { STEPPED, ENDED }
reject { FULL }
transition go: A -> A on GO
  reason STEPPED
  require n < 3 else FULL
  set n = n + 1
transition stop: A -> Z on END
  reason ENDED
invariant small: n <= 3
`;

const scratch: string[] = [];
function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

afterEach(() => {
  // Whatever happened, leave no TLC running and no folder behind.
  for (const dir of scratch.splice(0)) {
    for (const pid of processesUnder(dir))
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    rmSync(dir, { recursive: true, force: true });
  }
});

const tlcFolders = (dir: string): string[] =>
  readdirSync(dir).filter((f) => f.startsWith('tether-tlc-'));

/** Starts `tether check` with TLC on a model of 10^8 states; resolves once TLC is running. */
async function startTlcCheck(): Promise<{ tmp: string; cli: ReturnType<typeof startCli> }> {
  const tmp = scratchDir('tether-proc-');
  const cli = startCli(['check', '--tlc-jar', TLC_JAR!, COUNTERS], { env: { TMPDIR: tmp } });
  const running = await waitFor(
    () => tlcFolders(tmp).length === 1 && processesUnder(tmp).length > 0,
    60_000,
  );
  expect(running, 'TLC started').toBe(true);
  return { tmp, cli };
}

describe('TLC never outlives tether check', () => {
  it.skipIf(!TLC_JAR)(
    'kill -9 of tether: its watchdog kills TLC and removes its folder',
    { timeout: 120_000 },
    async () => {
      const { tmp, cli } = await startTlcCheck();
      cli.child.kill('SIGKILL');
      expect((await cli.done).signal).toBe('SIGKILL');
      expect(await waitFor(() => processesUnder(tmp).length === 0, 10_000), 'TLC is gone').toBe(
        true,
      );
      expect(await waitFor(() => tlcFolders(tmp).length === 0, 10_000), 'its folder is gone').toBe(
        true,
      );
    },
  );

  it.skipIf(!TLC_JAR).each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    '%s: tether stops TLC, removes its folder and exits %i',
    { timeout: 120_000 },
    async (signal, code) => {
      const { tmp, cli } = await startTlcCheck();
      cli.child.kill(signal);
      const r = await cli.done;
      expect(r.code).toBe(code);
      expect(r.err).toBe(`tether: ${signal}: stopped TLC and removed its files\n`);
      // A killed JVM takes a moment to be gone: within a few seconds.
      expect(await waitFor(() => processesUnder(tmp).length === 0, 10_000), 'TLC is gone').toBe(
        true,
      );
      expect(tlcFolders(tmp)).toEqual([]);
    },
  );
});

describe('generated files are written all or none', () => {
  function project(): string {
    const dir = scratchDir('tether-project-');
    mkdirSync(join(dir, 'spec'));
    mkdirSync(join(dir, 'tla'));
    writeFileSync(join(dir, 'spec/m.tether'), SPEC);
    return dir;
  }

  it(
    'a folder it cannot write: exit 2, one line, and nothing written (tla/ untouched)',
    { timeout: 120_000 },
    async () => {
      const dir = project();
      writeFileSync(join(dir, 'generated'), 'a file where the folder should be\n');
      const r = await runBin(['generate'], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.err).toBe(
        "tether: cannot write 'generated/m.ts': a file is in the way; nothing was written\n",
      );
      expect(readdirSync(join(dir, 'tla'))).toEqual([]);
    },
  );

  it(
    'replaces each file by a rename (never rewritten in place) and leaves no temporary file',
    { timeout: 120_000 },
    async () => {
      const dir = project();
      expect((await runBin(['generate'], { cwd: dir })).code).toBe(0);
      const engine = join(dir, 'generated/m.ts');
      const before = statSync(engine).ino;
      const old = readFileSync(engine, 'utf8');
      writeFileSync(
        join(dir, 'spec/m.tether'),
        SPEC.replace('invariant small', 'invariant bounded'),
      );
      const r = await runBin(['generate'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.out).toContain('wrote generated/m.ts');
      expect(statSync(engine).ino).not.toBe(before);
      expect(readFileSync(engine, 'utf8')).not.toBe(old);
      for (const folder of ['generated', 'tla'])
        expect(readdirSync(join(dir, folder)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    },
  );

  it(
    "check under a limit that stops the suite's search leaves the outputs and says why",
    { timeout: 120_000 },
    async () => {
      const dir = project();
      const limited = await runBin(['check', '--explorer', '--max-states', '3'], { cwd: dir });
      expect(limited.code).toBe(1);
      expect(limited.out).toContain(
        'spec/m.tether: outputs not regenerated: the conformance suite needs the whole reachable graph, and its search stopped at --max-states 3 after 3 states (run `tether generate`)\n',
      );
      expect(existsSync(join(dir, 'generated'))).toBe(false);
      expect(readdirSync(join(dir, 'tla'))).toEqual([]);
      // Without a limit, check writes what generate would: generate --check finds it fresh.
      const full = await runBin(['check', '--explorer'], { cwd: dir });
      expect(full.code).toBe(0);
      expect(full.out).toContain('regenerated generated/m.conformance.test.ts');
      expect((await runBin(['generate', '--check'], { cwd: dir })).out).toContain(
        '6 generated files up to date',
      );
    },
  );
});
