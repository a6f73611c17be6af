// The CLI: exit codes, output formats, and no stack trace for any user mistake.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, miniSpec, runCli } from '../helpers.ts';

const run = runCli;

function tempSpec(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tether-cli-'));
  const file = join(dir, 'm.tether');
  writeFileSync(file, text);
  return file;
}

describe('tether lint', () => {
  it('exits 0 on the flagship spec', { timeout: 60_000 }, async () => {
    const r = await run(['lint', `${ROOT}spec/session.tether`]);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toBe('0 errors, 0 warnings in 1 file\n');
  });

  it('exits 0 with warnings only', { timeout: 60_000 }, async () => {
    const r = await run(['lint', tempSpec(miniSpec('var n: 0..3 = 0'))]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/warning TTH5001: variable 'n' is never read/);
  });

  it(
    'exits 1 on errors and prints compact lines when not on a terminal',
    { timeout: 60_000 },
    async () => {
      const file = tempSpec(miniSpec('invariant i: nope'));
      const r = await run(['lint', file]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/^.*m\.tether:7:14: error TTH1003: undefined name 'nope'$/m);
      expect(r.out).toMatch(/1 error, 0 warnings in 1 file\n$/);
    },
  );

  it('prints a code frame with --format frame', { timeout: 60_000 }, async () => {
    const r = await run(['lint', '--format', 'frame', tempSpec(miniSpec('invariant i: nope'))]);
    expect(r.out).toContain('error[TTH1003]: undefined name');
    expect(r.out).toContain('7 | invariant i: nope');
    expect(r.out).toContain('  |              ^^^^');
  });

  it('prints JSON with --format=json', { timeout: 60_000 }, async () => {
    const r = await run(['lint', '--format=json', tempSpec(miniSpec('invariant i: nope'))]);
    const parsed = JSON.parse(r.out) as {
      code: string;
      name: string;
      span: { start: { line: number } };
    }[];
    expect(parsed).toHaveLength(1);
    expect(parsed[0]).toMatchObject({
      code: 'TTH1003',
      name: 'undefined-name',
      span: { start: { line: 7 } },
    });
  });

  it('lints several files and reports each', { timeout: 60_000 }, async () => {
    const r = await run([
      'lint',
      tempSpec(miniSpec('invariant i: a')),
      tempSpec(miniSpec('invariant j: b')),
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/2 errors, 0 warnings in 2 files/);
  });
});

describe('usage and I/O errors exit 2 with one line', () => {
  it.each([
    [
      ['lint', '/nonexistent/x.tether'],
      "tether: cannot read '/nonexistent/x.tether': no such file\n",
    ],
    [
      ['lint', '--frobnicate', 'x'],
      "tether: unknown option '--frobnicate' (see 'tether lint --help')\n",
    ],
    [
      ['lint', '--format', 'xml', 'x'],
      "tether: --format takes compact, frame or json, not 'xml'\n",
    ],
    [['explode'], "tether: unknown command 'explode' (try 'tether --help')\n"],
    [['lint', tmpdir()], `tether: cannot read '${tmpdir()}': it is a directory\n`],
  ])('%j', { timeout: 60_000 }, async (args, message) => {
    const r = await run(args);
    expect(r).toEqual({ code: 2, out: '', err: message });
  });

  it('prints usage on stderr with no command', { timeout: 60_000 }, async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^usage: tether <command>/);
  });

  it('prints usage on stdout for --help', { timeout: 60_000 }, async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: tether <command>/);
  });
});

describe('the installed bin', () => {
  it(
    'runs through node with the documented exit codes and no stack trace',
    { timeout: 60_000 },
    () => {
      const bin = `${ROOT}generator/cli/bin.mjs`;
      const ok = spawnSync(process.execPath, [bin, 'lint', 'spec/session.tether'], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(ok.status).toBe(0);
      expect(ok.stdout).toBe('0 errors, 0 warnings in 1 file\n');
      const missing = spawnSync(process.execPath, [bin, 'lint', 'missing.tether'], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(missing.status).toBe(2);
      expect(missing.stderr).toBe("tether: cannot read 'missing.tether': no such file\n");
      const garbage = spawnSync(
        process.execPath,
        [bin, 'lint', tempSpec('\u0000\u0001 machine ((((')],
        { encoding: 'utf8' },
      );
      expect(garbage.status).toBe(1);
      expect(garbage.stdout).toMatch(/error TTH0001/);
      expect(garbage.stderr).toBe('');
    },
  );

  it('generate --check passes on the committed tree', { timeout: 60_000 }, () => {
    const r = spawnSync(process.execPath, [`${ROOT}generator/cli/bin.mjs`, 'generate', '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.stdout).toMatch(/generated files up to date/);
    expect(r.status).toBe(0);
  });

  it('generate --check names a stale file and exits 1', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tether-gen-'));
    try {
      mkdirSync(join(dir, 'spec'));
      writeFileSync(join(dir, 'spec/m.tether'), miniSpec());
      const tether = (...args: string[]) =>
        spawnSync(process.execPath, [`${ROOT}generator/cli/bin.mjs`, ...args], {
          cwd: dir,
          encoding: 'utf8',
        });
      expect(tether('generate').status).toBe(0);
      writeFileSync(join(dir, 'generated/m.ts'), '// edited by hand\n');
      const r = tether('generate', '--check');
      expect(r.status).toBe(1);
      expect(r.stdout).toBe(
        'stale: generated/m.ts (run `tether generate`)\n1 of 6 generated files stale\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('internal errors', () => {
  it('print one line and exit 70', { timeout: 60_000 }, async () => {
    let err = '';
    const broken = {
      stdout: {
        write: () => {
          throw new Error('disk on fire');
        },
        isTTY: false,
      },
      stderr: { write: (t: string) => void (err += t), isTTY: false },
    };
    const { main } = await import('../../generator/cli/main.ts');
    expect(await main(['lint', `${ROOT}spec/session.tether`], broken)).toBe(70);
    expect(err).toBe(
      'tether: internal error: disk on fire (this is a bug in Tether; set TETHER_DEBUG=1 for details)\n',
    );
  });
});
