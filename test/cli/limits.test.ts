// `tether check --max-states/--max-depth/--time-limit` on a model of 10^8 states, with both
// checkers: an INCOMPLETE result that says how far the search got and which limit stopped it
// (exit 1, text and --json); and the explorer's memory guard, which stops before the heap is
// exhausted instead of crashing.

import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers.ts';
import { TLC_JAR } from '../tlc/tlc-available.ts';
import { runBin } from './spawn-cli.ts';

const COUNTERS = `${ROOT}test/fixtures/models/counters.tether`;

interface Json {
  result: string;
  distinctStates: number;
  statesGenerated: number;
  depth: number;
  properties: { name: string; status: string }[];
  stopped?: { limit: string; detail: string; seconds: number };
}

describe('check stops at its limits', () => {
  it(
    'the explorer stops past --max-states and says how far it got',
    { timeout: 60_000 },
    async () => {
      const r = await runCli(['check', '--explorer', '--max-states', '1000', COUNTERS]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(
        /counters\.tether: INCOMPLETE: 1,000 distinct states \([\d,]+ generated\), depth \d+\n {2}\? stopped at --max-states 1000 after \d+\.\d s \(the model has more distinct states\); no safety violation found so far, and no property is proved\n$/,
      );
    },
  );

  it(
    'the explorer explores to --max-depth, checking what lies one step beyond, as TLC does',
    { timeout: 60_000 },
    async () => {
      const r = await runCli(['check', '--explorer', '--json', '--max-depth', '5', COUNTERS]);
      expect(r.code).toBe(1);
      const j = JSON.parse(r.out) as Json;
      // Depth 5: COUNTING with a+b+c+d <= 4 (70 states) and DONE with a sum <= 3 (35).
      expect(j).toMatchObject({
        result: 'incomplete',
        distinctStates: 105,
        statesGenerated: 386,
        depth: 5,
      });
      expect(j.stopped).toMatchObject({ limit: 'depth', detail: '--max-depth 5' });
      expect(j.properties.every((p) => p.status === 'unchecked')).toBe(true);
    },
  );

  it('the explorer stops at --time-limit', { timeout: 60_000 }, async () => {
    const r = await runCli(['check', '--explorer', '--json', '--time-limit', '1', COUNTERS]);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as Json;
    expect(j.result).toBe('incomplete');
    expect(j.stopped).toMatchObject({ limit: 'time', detail: '--time-limit 1' });
    expect(j.stopped!.seconds).toBeGreaterThanOrEqual(1);
    expect(j.distinctStates).toBeGreaterThan(0);
  });

  it('a search that ends within its limits is complete', { timeout: 60_000 }, async () => {
    const r = await runCli([
      'check',
      '--explorer',
      '--max-states',
      '100000',
      '--max-depth',
      '100',
      '--time-limit',
      '600',
      `${ROOT}test/fixtures/models/wide-domain.tether`,
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/wide-domain\.tether: pass: 26 distinct states/);
  });

  it.each([
    [['--max-states', '0'], "tether: --max-states takes a positive integer, not '0'\n"],
    [['--max-depth', 'deep'], "tether: --max-depth takes a positive integer, not 'deep'\n"],
    [['--time-limit', '-3'], "tether: --time-limit takes a positive integer, not '-3'\n"],
  ])('refuses %j with one line and exit 2', { timeout: 60_000 }, async (flag, message) => {
    expect(await runCli(['check', '--explorer', ...flag, COUNTERS])).toEqual({
      code: 2,
      out: '',
      err: message,
    });
  });

  it(
    'the explorer stops before the heap is exhausted, never with a V8 out-of-memory crash',
    { timeout: 120_000 },
    async () => {
      const r = await runBin(['check', '--explorer', COUNTERS], {
        nodeArgs: ['--max-old-space-size=128'],
      });
      expect(r.err).not.toMatch(/FATAL|out of memory/);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/counters\.tether: INCOMPLETE: [\d,]+ distinct states/);
      expect(r.out).toMatch(
        /\? stopped after \d+\.\d s, before memory ran out \(\d+ MB of the heap's \d+ MB in use; give Node more with NODE_OPTIONS=--max-old-space-size=MB, or use TLC\)/,
      );
    },
  );

  it.skipIf(!TLC_JAR)(
    'TLC stops at each limit and reports like the explorer',
    { timeout: 180_000 },
    async () => {
      const depth = JSON.parse(
        (await runCli(['check', '--tlc-jar', TLC_JAR!, '--json', '--max-depth', '5', COUNTERS]))
          .out,
      ) as Json;
      // The same figures as the explorer's: TLC's state constraint TLCGet("level") <= 5.
      expect(depth).toMatchObject({
        result: 'incomplete',
        distinctStates: 105,
        statesGenerated: 386,
        depth: 5,
        stopped: { limit: 'depth', detail: '--max-depth 5' },
      });
      const states = await runCli([
        'check',
        '--tlc-jar',
        TLC_JAR!,
        '--max-states',
        '1000',
        COUNTERS,
      ]);
      expect(states.code).toBe(1);
      expect(states.out).toMatch(
        /counters\.tether: INCOMPLETE: 1,00\d distinct states \([\d,]+ generated\), depth \d+\n {2}\? stopped at --max-states 1000 after/,
      );
      const time = JSON.parse(
        (await runCli(['check', '--tlc-jar', TLC_JAR!, '--json', '--time-limit', '2', COUNTERS]))
          .out,
      ) as Json;
      expect(time).toMatchObject({
        result: 'incomplete',
        stopped: { limit: 'time', detail: '--time-limit 2' },
      });
      expect(time.distinctStates).toBeGreaterThan(0);
    },
  );
});
