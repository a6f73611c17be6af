// Seeded bugs: the flagship with one deliberate defect. Each must make both checkers fail,
// naming the broken property, with a counterexample. Two defects the language cannot express
// (leaving TERMINATED, keeping the version) are rejected by the checker; their model-level
// guarantees are tested by seeding the defect into the flagship's IR.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { dispatchTable, type IrMachine } from '../../generator/lower/ir.ts';
import { ROOT } from '../helpers.ts';
import { irOf, runExplorer, runTlcOn } from './helpers.ts';
import { TLC_JAR } from './tlc-available.ts';

const SPEC_SEEDS = [
  ['test/fixtures/seeded/missing-nonce-check.tether', 'L2_no_candidate_stays_in_recovery'],
  ['test/fixtures/seeded/two-transitions-enabled.tether', 'Deterministic'],
  ['test/fixtures/seeded/unbounded-recovery.tether', 'L3_recovery_is_bounded'],
  ['test/fixtures/seeded/rejection-mutates.tether', 'S3_only_accepted_reattach_consumes_nonces'],
] as const;

function mutate(
  ir: IrMachine,
  transition: string,
  change: (t: IrMachine['transitions'][number]) => object,
): IrMachine {
  const transitions = ir.transitions.map((t) =>
    t.name === transition ? { ...t, ...change(t) } : t,
  );
  return { ...ir, transitions, dispatch: dispatchTable(ir.states, ir.events, transitions) };
}

const IR_SEEDS: readonly [string, string, () => IrMachine][] = [
  [
    'a transition out of TERMINATED',
    'TerminalAbsorbing',
    () =>
      mutate(irOf('spec/session.tether'), 'terminate', (t) => ({
        sources: [...t.sources, 'TERMINATED'],
      })),
  ],
  [
    'a transition that keeps the version',
    'VersionIncrements',
    () => mutate(irOf('spec/session.tether'), 'transport_unstable', () => ({ versionStep: 0 })),
  ],
];

describe('seeded bugs: the explorer', () => {
  for (const [spec, property] of SPEC_SEEDS)
    it(`${spec} breaks ${property}`, () => {
      expect(readFileSync(`${ROOT}${spec}`, 'utf8')).toMatch(
        new RegExp(`Expected: ${property} fails`),
      );
      const r = runExplorer(irOf(spec));
      expect(r.result).toBe('fail');
      const v = r.violations.find((x) => x.property === property);
      expect(v, `violations: ${r.violations.map((x) => x.property).join(', ')}`).toBeDefined();
      expect(v!.trace.steps.length).toBeGreaterThan(1);
    });
  for (const [what, property, ir] of IR_SEEDS)
    it(`${what} (seeded in the IR) breaks ${property}`, () => {
      const r = runExplorer(ir());
      expect(r.violations.map((v) => v.property)).toEqual([property]);
      expect(r.violations[0]!.trace.steps.length).toBeGreaterThan(1);
    });
  it.each([
    ['test/fixtures/seeded/leaves-terminated.tether', 'TTH3003'],
    ['test/fixtures/seeded/keeps-version.tether', 'TTH2006'],
  ])('the language rejects %s (%s)', (spec, code) => {
    const c = compileSpec(readFileSync(`${ROOT}${spec}`, 'utf8'), spec);
    expect(c.ir).toBeNull();
    expect(c.diagnostics.map((d) => d.code)).toContain(code);
  });
});

describe.skipIf(!TLC_JAR)('seeded bugs: TLC', { timeout: 120_000 }, () => {
  for (const [spec, property] of SPEC_SEEDS)
    it(`${spec} breaks ${property}`, async () => {
      const r = await runTlcOn(irOf(spec), TLC_JAR!);
      // Every property it breaks is named (unbounded-recovery breaks two temporal ones).
      expect(r.violations.map((v) => v.property)).toContain(property);
      expect(r.violations.find((v) => v.property === property)!.trace.steps.length).toBeGreaterThan(
        1,
      );
    });
  for (const [what, property, ir] of IR_SEEDS)
    it(`${what} (seeded in the IR) breaks ${property}`, async () => {
      const r = await runTlcOn(ir(), TLC_JAR!);
      expect(r.violations.map((v) => v.property)).toEqual([property]);
    });
});
