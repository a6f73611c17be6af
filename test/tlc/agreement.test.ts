// The built-in explorer agrees with TLC: same verdict; on a passing spec the same number of
// distinct states and the same depth; on a failing one the same broken property. Compared
// with figures recorded from TLC v1.8.0 always, and with a live TLC run when TLC is here.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import { AGREEMENT_SPECS, type RecordedFigures } from './agreement-specs.ts';
import { irOf, runExplorer, runTlcOn } from './helpers.ts';
import { TLC_JAR } from './tlc-available.ts';
import type { CheckResult } from '../../generator/explore/result.ts';

const recorded = JSON.parse(readFileSync(`${ROOT}test/fixtures/tlc-figures.json`, 'utf8')) as Record<string, RecordedFigures>;

function figuresOf(r: CheckResult): RecordedFigures {
  return r.result === 'pass'
    ? { result: 'pass', distinctStates: r.distinctStates, depth: r.depth }
    : { result: 'fail', violated: r.violations[0]?.property ?? '?' };
}

describe('explorer vs the figures recorded from TLC', () => {
  it('covers every agreement spec', () => {
    expect(Object.keys(recorded).sort()).toEqual([...AGREEMENT_SPECS].sort());
  });
  for (const spec of AGREEMENT_SPECS)
    it(spec, () => {
      const r = runExplorer(irOf(spec));
      const expected = recorded[spec]!;
      if (expected.result === 'pass') expect(figuresOf(r)).toEqual(expected);
      else expect(r.violations.map((v) => v.property)).toContain(expected.violated);
    });
});

describe.skipIf(!TLC_JAR)('explorer vs a live TLC run', { timeout: 120_000 }, () => {
  for (const spec of AGREEMENT_SPECS)
    it(spec, async () => {
      const ir = irOf(spec);
      const tlc = await runTlcOn(ir, TLC_JAR!);
      const explorer = runExplorer(ir);
      expect(figuresOf(tlc)).toEqual(recorded[spec]);
      if (tlc.result === 'pass') expect(figuresOf(explorer)).toEqual(figuresOf(tlc));
      else expect(explorer.violations.map((v) => v.property)).toContain(tlc.violations[0]!.property);
    });
});
