// TLC's liveness counterexamples, as Tether reads them, are real behaviours of the model: the
// last state steps back to the state TLC names ("N: Back to state"), the cycle is fair, and
// the property reported broken fails on the lasso. On outputs recorded from TLC v1.8.0 always,
// and on live TLC runs when TLC is here.

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../generator/explore/result.ts';
import type { IrMachine } from '../../generator/lower/ir.ts';
import { Model } from '../../generator/semantics/model.ts';
import { holdsOnLasso } from '../../generator/tlc/lasso.ts';
import { ToolOutputParser } from '../../generator/tlc/parse-output.ts';
import { interpretTlc } from '../../generator/tlc/read-run.ts';
import { expectRealBehaviour } from '../explore/real-counterexample.ts';
import { fixturePath } from '../helpers.ts';
import { irOf, runTlcOn } from './helpers.ts';
import { TLC_JAR } from './tlc-available.ts';

/** Specs whose temporal properties fail, some after a prefix, some through model values. */
const SPECS = [
  'test/fixtures/models/weak-fairness.tether',
  'test/fixtures/results/late-loop.tether',
  'test/fixtures/results/two-loops.tether',
  'test/fixtures/results/stuck-outside.tether',
  'test/fixtures/results/strong-after-prefix.tether',
  'test/fixtures/results/clock-loop.tether',
  'test/fixtures/seeded/unbounded-recovery.tether',
] as const;

function expectRealLassos(ir: IrMachine, r: CheckResult): void {
  const temporal = r.violations.filter((v) => v.kind === 'temporal');
  expect(temporal.length).toBeGreaterThan(0);
  for (const v of temporal) {
    const { states, loopStart } = expectRealBehaviour(ir, v.trace);
    const formula = ir.properties.find((p) => p.name === v.property)!.formula;
    expect(
      holdsOnLasso(new Model(ir), formula, { states, loopStart }),
      `${v.property} fails on TLC's lasso`,
    ).toBe(false);
  }
}

const outputs = readdirSync(fixturePath('tlc-output'));

describe('TLC lassos recorded from TLC v1.8.0', () => {
  for (const spec of SPECS) {
    const base = spec.replace(/^.*\//, '').replace(/\.tether$/, '');
    const file = outputs.find((f) => f.startsWith(`${base}.exit-`));
    it(spec, () => {
      expect(
        file,
        `a recorded output of ${spec} (npx tsx test/tlc/record-figures.ts ${spec})`,
      ).toBeDefined();
      if (!file) return;
      const p = new ToolOutputParser();
      p.push(readFileSync(fixturePath('tlc-output', file), 'utf8'));
      const ir = irOf(spec);
      expectRealLassos(ir, interpretTlc(ir, p.end(), Number(/exit-(\d+)/.exec(file)![1])));
    });
  }
});

describe.skipIf(!TLC_JAR)('TLC lassos of a live TLC run', { timeout: 120_000 }, () => {
  for (const spec of SPECS.filter((s) => !s.startsWith('test/fixtures/seeded/')))
    it(spec, async () => {
      const ir = irOf(spec);
      expectRealLassos(ir, await runTlcOn(ir, TLC_JAR!));
    });
});
