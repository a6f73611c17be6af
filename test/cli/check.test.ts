// `tether check`: the first line names the checker, results in spec terms, --json, exit codes.

import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.ts';
import { TLC_JAR } from '../tlc/tlc-available.ts';

const run = runCli;

const spec = (p: string): string => `${ROOT}${p}`;

// Each case runs a whole check in-process (the flagship's takes seconds on a loaded machine).
describe('tether check', { timeout: 60_000 }, () => {
  it(
    'passes the flagship on the explorer and says which checker ran',
    { timeout: 60_000 },
    async () => {
      const r = await run(['check', '--explorer', spec('spec/session.tether')]);
      expect(r.code).toBe(0);
      const [first, ...rest] = r.out.trim().split('\n');
      expect(first).toMatch(
        /^checker: built-in explorer \(requested with --explorer; to use TLC: /,
      );
      expect(rest.at(-1)).toMatch(
        /^.*spec\/session\.tether: pass: 11,660 distinct states \([\d,]+ generated\), depth 23; all \d+ properties hold$/,
      );
    },
  );

  it('prints a counterexample in spec terms and exits 1', { timeout: 60_000 }, async () => {
    const r = await run([
      'check',
      '--explorer',
      spec('test/fixtures/seeded/rejection-mutates.tether'),
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL');
    expect(r.out).toMatch(
      /✗ S3_only_accepted_reattach_consumes_nonces \(step property, .*rejection-mutates\.tether:\d+:\d+\)/,
    );
    expect(r.out).toMatch(/ {2}1 {2}initial state\n/);
    expect(r.out).toMatch(
      /burn_nonce_on_bad_proof {2}.*rejection-mutates\.tether:\d+:\d+\n\s+on REATTACH \{ transport: TransportId\d, proof_valid: false, nonce: Nonce\d, ownership_conflict: (true|false) \}\n\s+version: \d+ → \d+, used_nonces: \{\} → \{Nonce\d\}/,
    );
    expect(r.out).toMatch(/session_deadline = now\+12/);
  });

  it('shows a liveness lasso that stutters or loops', { timeout: 60_000 }, async () => {
    const r = await run(['check', '--explorer', spec('test/fixtures/models/weak-fairness.tether')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✗ eventually_on \(temporal property/);
    expect(r.out).toMatch(
      /(stays in this state forever \(stuttering\)|↻ back to state \d+, forever)/,
    );
  });

  it('prints the documented JSON shape with --json', { timeout: 60_000 }, async () => {
    const r = await run([
      'check',
      '--explorer',
      '--json',
      spec('test/fixtures/models/overflow.tether'),
    ]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual([
      'spec',
      'checker',
      'result',
      'distinctStates',
      'statesGenerated',
      'depth',
      'properties',
      'violations',
      'notes',
      'bounds',
      'trace',
      'diagnostics',
    ]);
    expect(j).toMatchObject({ checker: 'explorer', result: 'fail' });
    expect((j['violations'] as { property: string }[])[0]!.property).toBe('TypeOK');
    expect((j['trace'] as unknown[]).length).toBe(4);
  });

  it(
    'reports the safety properties of a complete search that fails only liveness as holding',
    { timeout: 60_000 },
    async () => {
      const r = await run([
        'check',
        '--explorer',
        '--json',
        spec('test/fixtures/results/late-loop.tether'),
      ]);
      expect(r.code).toBe(1);
      const j = JSON.parse(r.out) as { properties: { name: string; status: string }[] };
      expect(Object.fromEntries(j.properties.map((p) => [p.name, p.status]))).toEqual({
        TypeOK: 'holds',
        seen_bounded: 'holds',
        Deterministic: 'holds',
        seen_grows: 'holds',
        VersionIncrements: 'holds',
        TerminalAbsorbing: 'holds',
        reaches_done: 'violated',
        seen_stays_nonempty: 'holds',
        keeps_moving: 'holds',
        Deadlock: 'holds',
      });
    },
  );

  it(
    'explains a stuttering counterexample as a stop, not as leaving the goal',
    { timeout: 60_000 },
    async () => {
      const r = await run([
        'check',
        '--explorer',
        spec('test/fixtures/results/stuck-outside.tether'),
      ]);
      expect(r.out).toContain(
        'property settles is violated: a behaviour can stop, with no fair step left, in a state outside its goal',
      );
      expect(r.out).toContain('… and stays in this state forever (stuttering)');
      expect(r.out).not.toContain('leaves the goal');
    },
  );

  it('reads its files before saying which checker runs', { timeout: 60_000 }, async () => {
    const r = await run(['check', '--explorer', 'no/such/spec.tether']);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: "tether: cannot read 'no/such/spec.tether': no such file\n",
    });
  });

  it(
    'puts warnings in the --json result, in the shape of lint --format json',
    { timeout: 60_000 },
    async () => {
      const file = spec('test/fixtures/results/first-violation-deterministic.tether');
      const lint = JSON.parse((await run(['lint', '--format', 'json', file])).out) as object[];
      expect(lint.length).toBeGreaterThan(0);
      const j = JSON.parse((await run(['check', '--explorer', '--json', file])).out) as {
        diagnostics: object[];
      };
      expect(j.diagnostics).toEqual(lint);
      // A spec with errors: its diagnostics in the same shape.
      const bad = spec('test/fixtures/diagnostics/TTH1002-undefined-state.tether');
      const badLint = JSON.parse((await run(['lint', '--format', 'json', bad])).out) as object[];
      expect(JSON.parse((await run(['check', '--explorer', '--json', bad])).out)).toEqual({
        spec: bad.replace(ROOT, ''),
        result: 'error',
        diagnostics: badLint,
      });
    },
  );

  it(
    'prints nothing but JSON with --format json (it implies --json)',
    { timeout: 60_000 },
    async () => {
      const file = spec('test/fixtures/results/first-violation-deterministic.tether');
      const r = await run(['check', '--explorer', '--format', 'json', file]);
      expect(r.code).toBe(1);
      const j = JSON.parse(r.out) as { checker: string; diagnostics: { code: string }[] };
      expect(j.checker).toBe('explorer');
      expect(j.diagnostics.map((d) => d.code)).toEqual(['TTH4004']);
      expect(r.out).toBe((await run(['check', '--explorer', '--json', file])).out);
    },
  );

  it('does not model-check a spec with errors', { timeout: 60_000 }, async () => {
    const r = await run([
      'check',
      '--explorer',
      spec('test/fixtures/diagnostics/TTH1002-undefined-state.tether'),
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/error TTH1002/);
    expect(r.out).toMatch(/not model-checked: the spec has errors/);
  });

  it('exits 2 for an explicit checker that cannot run', { timeout: 60_000 }, async () => {
    const r = await run(['check', '--tlc-jar', '/no/such.jar', spec('spec/session.tether')]);
    expect(r).toEqual({
      code: 2,
      out: '',
      err: "tether: --tlc-jar names '/no/such.jar', which is not a file\n",
    });
    expect((await run(['check', '--workers', 'zero'])).err).toBe(
      "tether: --workers takes a positive integer or 'auto', not 'zero'\n",
    );
  });

  it.skipIf(!TLC_JAR)(
    'runs TLC with --tlc-jar and agrees with the explorer',
    { timeout: 60_000 },
    async () => {
      const r = await run(['check', '--tlc-jar', TLC_JAR!, spec('spec/session.tether')]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^checker: TLC \(java -cp .*, from --tlc-jar\)\n/);
      expect(r.out).toMatch(/pass: 11,660 distinct states \([\d,]+ generated\), depth 23/);
    },
  );
});
