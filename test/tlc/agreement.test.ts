// The built-in explorer agrees with TLC: same verdict, the same status for every property
// (holds / violated / unchecked, by the one rule of explore/result.ts), and on a passing
// spec the same number of distinct states and the same depth. Compared with figures
// recorded from TLC v1.8.0 always, and with a live TLC run when TLC is here.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { AGREEMENT_SPECS, type RecordedFigures } from './agreement-specs.ts';
import { irOf, runExplorer, runTlcOn } from './helpers.ts';
import { TLC_JAR } from './tlc-available.ts';
import type { CheckResult } from '../../generator/explore/result.ts';

const recorded = JSON.parse(
  readFileSync(`${ROOT}test/fixtures/tlc-figures.json`, 'utf8'),
) as Record<string, RecordedFigures>;

const statusesOf = (r: CheckResult): Record<string, string> =>
  Object.fromEntries(r.properties.map((p) => [p.name, p.status]));

/** What both checkers must report alike (which counterexample each shows may differ). */
function figuresOf(r: CheckResult): RecordedFigures {
  const statuses = statusesOf(r) as RecordedFigures['statuses'];
  return r.result === 'pass'
    ? { result: 'pass', distinctStates: r.distinctStates, depth: r.depth, statuses }
    : { result: 'fail', violated: r.violations.map((v) => v.property).sort(), statuses };
}

const sorted = (f: RecordedFigures): RecordedFigures =>
  f.result === 'fail' ? { ...f, violated: [...f.violated].sort() } : f;

describe('explorer vs the figures recorded from TLC', () => {
  it('covers every agreement spec', () => {
    expect(Object.keys(recorded).sort()).toEqual([...AGREEMENT_SPECS].sort());
  });
  it('covers passing specs, specs failing a safety property and specs failing only liveness', () => {
    const kinds = Object.values(recorded).map((f) =>
      f.result === 'pass'
        ? 'pass'
        : Object.values(f.statuses).includes('unchecked')
          ? 'safety'
          : 'liveness only',
    );
    expect(new Set(kinds)).toEqual(new Set(['pass', 'safety', 'liveness only']));
  });
  for (const spec of AGREEMENT_SPECS)
    it(spec, () => {
      expect(figuresOf(runExplorer(irOf(spec)))).toEqual(sorted(recorded[spec]!));
    });
});

describe.skipIf(!TLC_JAR)('explorer vs a live TLC run', { timeout: 120_000 }, () => {
  for (const spec of AGREEMENT_SPECS)
    it(spec, async () => {
      const ir = irOf(spec);
      const tlc = await runTlcOn(ir, TLC_JAR!);
      expect(figuresOf(tlc)).toEqual(sorted(recorded[spec]!));
      expect(figuresOf(runExplorer(ir))).toEqual(figuresOf(tlc));
    });
});
