// Explorer counterexamples are behaviours of the model (each step replayed through the model
// semantics) that break the property they are reported for: a safety trace ends in a bad
// state or step; a liveness lasso closes (its last state steps back to its loop start), is
// fair under the declared fairness, and fails the formula when evaluated on its own. Checked
// on every temporal violation of the fixture specs and of random small machines.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { explore } from '../../generator/explore/explore.ts';
import type { Violation } from '../../generator/explore/result.ts';
import type { IrMachine } from '../../generator/lower/ir.ts';
import { Model } from '../../generator/semantics/model.ts';
import { holdsOnLasso } from '../../generator/tlc/lasso.ts';
import { pbtOptions } from '../helpers.ts';
import { irOf } from '../tlc/helpers.ts';
import { expectRealBehaviour, replayTrace } from './real-counterexample.ts';

const CASES = [
  ['test/fixtures/seeded/missing-nonce-check.tether', 'L2_no_candidate_stays_in_recovery'],
  ['test/fixtures/seeded/rejection-mutates.tether', 'S3_only_accepted_reattach_consumes_nonces'],
  ['test/fixtures/models/overflow.tether', 'TypeOK'],
] as const;

/** Specs with liveness failures: every temporal violation the explorer reports is checked. */
const LIVENESS_SPECS = [
  'test/fixtures/models/weak-fairness.tether',
  'test/fixtures/seeded/unbounded-recovery.tether',
  'test/fixtures/results/late-loop.tether',
  'test/fixtures/results/two-loops.tether',
  'test/fixtures/results/stuck-outside.tether',
  'test/fixtures/results/strong-after-prefix.tether',
  'test/fixtures/results/clock-loop.tether',
] as const;

/** Expects every temporal violation of the explorer's result to be a real counterexample;
 *  returns them. */
function expectRealTemporalViolations(ir: IrMachine): Violation[] {
  const r = explore(ir);
  const temporal = r.violations.filter((v) => v.kind === 'temporal');
  for (const v of temporal) {
    const { states, loopStart } = expectRealBehaviour(ir, v.trace);
    const formula = ir.properties.find((p) => p.name === v.property)!.formula;
    expect(
      holdsOnLasso(new Model(ir), formula, { states, loopStart }),
      `${v.property} fails on its counterexample`,
    ).toBe(false);
  }
  return temporal;
}

describe('explorer counterexamples', () => {
  for (const [spec, property] of CASES)
    it(`${spec}: ${property}`, () => {
      const ir = irOf(spec);
      const model = new Model(ir);
      const v = explore(ir).violations.find((x) => x.property === property)!;
      expect(v).toBeDefined();
      const states = replayTrace(model, v.trace);
      const step = ir.steps.find((s) => s.name === property);
      if (step) {
        const frame = model.frame(states.at(-2)!, null, states.at(-1)!);
        expect(model.steps.find((s) => s.name === property)!.test(frame)).toBe(false);
      } else {
        expect(model.slotDomains.some((d, i) => d !== null && !d.has(states.at(-1)![i]!))).toBe(
          true,
        );
      }
    });

  for (const spec of LIVENESS_SPECS)
    it(`${spec}: every liveness counterexample is a real, fair lasso that breaks its property`, () => {
      expect(expectRealTemporalViolations(irOf(spec)).length).toBeGreaterThan(0);
    });

  it('marks the loop where the fair cycle starts, after the prefix that enters it', () => {
    // late-loop: START, A, B, then the cycle A, B: the last state (B) steps back to state 4 (A).
    const v = explore(irOf('test/fixtures/results/late-loop.tether')).violations[0]!;
    expect(v.trace.steps.map((s) => s.state['state'])).toEqual(['START', 'A', 'B', 'A', 'B']);
    expect(v.trace.loopStart).toBe(3);
  });

  it('counterexamples of safety properties are shortest', () => {
    const r = explore(irOf('test/fixtures/models/overflow.tether'));
    // n: 0 → 1 → 2 → 3 (out of 0..2): the initial state and three bumps.
    expect(r.violations[0]!.trace.steps.map((s) => s.action)).toEqual([
      null,
      'bump',
      'bump',
      'bump',
    ]);
  });

  it('explains a stop outside the goal as a stop, not as leaving the goal', () => {
    const v = explore(irOf('test/fixtures/results/stuck-outside.tether')).violations[0]!;
    expect(v.trace.stutters).toBe(true);
    expect(v.message).toBe(
      'property settles is violated: a behaviour can stop, with no fair step left, in a state outside its goal',
    );
  });
});

/** A random small machine: states S0..Sn (the last one terminal), a flag, one event per
 *  transition, random fairness and one temporal property. */
const machines = fc
  .record({
    states: fc.integer({ min: 2, max: 5 }),
    edges: fc.array(
      fc.record({
        from: fc.nat(4),
        to: fc.nat(4),
        guard: fc.constantFrom('', 'flag', 'not flag'),
        flip: fc.boolean(),
        // The event carries k: 0..1 and the step sets the flag to k == 1 (two payloads, two
        // different steps: what `fairness ... each` tells apart).
        field: fc.boolean(),
      }),
      { minLength: 1, maxLength: 9 },
    ),
    // Per transition (drawn ones, then idle ones): no fairness, weak or strong, per payload or not.
    fairness: fc.array(fc.constantFrom('', 'weak', 'weak', 'strong', 'weak each', 'strong each'), {
      minLength: 14,
      maxLength: 14,
    }),
    property: fc.record({
      form: fc.constantFrom('eventually', 'leadsTo', 'eventuallyAlways', 'alwaysEventually'),
      a: fc.nat(4),
      b: fc.nat(4),
    }),
  })
  .map((m) => {
    const n = m.states;
    const name = (i: number): string => `S${i % n}`;
    const last = n - 1;
    const lines = [
      'machine Random',
      `states { initial S0 ${Array.from({ length: n - 1 }, (_, i) => `${i + 1 === last ? 'terminal ' : ''}S${i + 1}`).join(' ')} }`,
      'var flag: Bool = false',
    ];
    const drawn = m.edges
      .map((e) => ({ ...e, from: e.from % n, to: e.to % n }))
      .filter((e) => e.from !== last);
    // A state with no unguarded way out also gets an idle step, so no search stops at a deadlock.
    const idle = Array.from({ length: last }, (_, i) => i)
      .filter((i) => !drawn.some((e) => e.from === i && e.guard === ''))
      .map((i) => ({ from: i, to: i, guard: '', flip: false, field: false }));
    const edges = [...drawn, ...idle];
    edges.forEach((e, i) => {
      lines.push(
        `event E${i} {${e.field ? ' k: 0..1 ' : ''}}`,
        `transition t${i}: ${name(e.from)} -> ${name(e.to)} on E${i}`,
        '  reason MOVED',
      );
      if (e.guard) lines.push(`  require ${e.guard} else BLOCKED`);
      if (e.field) lines.push('  set flag = event.k == 1');
      else if (e.flip) lines.push('  set flag = not flag');
    });
    lines.push('accept { MOVED }', 'reject { BLOCKED }');
    edges.forEach((_, i) => m.fairness[i] && lines.push(`fairness ${m.fairness[i]} t${i}`));
    const p = m.property;
    const formula = {
      eventually: `eventually state == ${name(p.a)}`,
      leadsTo: `state == ${name(p.a)} ~> state == ${name(p.b)}`,
      eventuallyAlways: `eventually always (state == ${name(p.a)} or flag)`,
      alwaysEventually: `always eventually state == ${name(p.a)}`,
    }[p.form];
    lines.push(`property goal: ${formula}`);
    return lines.join('\n');
  });

describe('explorer counterexamples on random machines', () => {
  it('every lasso is a real, fair lasso of the model that breaks the property', () => {
    let loops = 0;
    let stops = 0;
    fc.assert(
      fc.property(machines, (text) => {
        const c = compileSpec(text, 'random.tether');
        expect(c.ir, c.diagnostics.map((d) => d.message).join('; ')).not.toBeNull();
        for (const v of expectRealTemporalViolations(c.ir!)) {
          if (v.trace.stutters) stops++;
          else loops++;
        }
      }),
      pbtOptions(150),
    );
    // Not vacuous: many draws break their property, by a loop or by stopping.
    expect(loops).toBeGreaterThan(20);
    expect(stops).toBeGreaterThan(10);
  });
});
