// Explorer counterexamples are behaviours of the model (each step replayed through the model
// semantics) that break the property they are reported for (a safety trace ends in a bad
// state or step; a liveness lasso fails the formula when evaluated on its own).

import { describe, expect, it } from 'vitest';
import { explore } from '../../generator/explore/explore.ts';
import type { Trace } from '../../generator/explore/result.ts';
import { STATE_SLOT, VERSION_SLOT } from '../../generator/semantics/compile.ts';
import { Model } from '../../generator/semantics/model.ts';
import { valueEquals, type Value } from '../../generator/semantics/values.ts';
import { holdsOnLasso } from '../../generator/tlc/lasso.ts';
import { irOf } from '../tlc/helpers.ts';

function slots(model: Model, named: Readonly<Record<string, Value>>): Value[] {
  const s: Value[] = new Array<Value>(model.layout.size).fill(null);
  s[STATE_SLOT] = named['state']!;
  s[VERSION_SLOT] = named['version']!;
  for (const [name, slot] of model.layout.slots) s[slot] = named[name]!;
  return s;
}

/** Replays a trace through the model; returns the states as slot arrays. */
function replay(model: Model, trace: Trace): Value[][] {
  const states = trace.steps.map((s) => slots(model, s.state));
  expect(model.initialStates().some((i) => valueEquals(JSON.stringify(i), JSON.stringify(states[0])))).toBe(true);
  for (let i = 1; i < states.length; i++) {
    const step = trace.steps[i]!;
    const prev = states[i - 1]!;
    let next: Value[] | null;
    if (step.action === 'Tick') next = model.tick(prev);
    else {
      const t = model.transitions.find((x) => x.ir.name === step.action)!;
      const event = model.ir.events[t.eventIndex]!;
      const payload = event.fields.map((f) => step.event!.payload[f.name]!);
      expect(t.sources.has(prev[STATE_SLOT] as string) && model.guardHolds(t, prev, payload), `step ${i + 1} (${step.action}) is enabled`).toBe(true);
      next = model.fire(t, prev, payload);
    }
    expect(JSON.stringify(next), `step ${i + 1} reaches the traced state`).toBe(JSON.stringify(states[i]));
  }
  return states;
}

const CASES = [
  ['test/fixtures/seeded/missing-nonce-check.tether', 'L2_no_candidate_stays_in_recovery'],
  ['test/fixtures/seeded/rejection-mutates.tether', 'S3_only_accepted_reattach_consumes_nonces'],
  ['test/fixtures/models/overflow.tether', 'TypeOK'],
  ['test/fixtures/models/weak-fairness.tether', 'eventually_on'],
  ['test/fixtures/seeded/unbounded-recovery.tether', 'L3_recovery_is_bounded'],
] as const;

describe('explorer counterexamples', () => {
  for (const [spec, property] of CASES)
    it(`${spec}: ${property}`, () => {
      const ir = irOf(spec);
      const model = new Model(ir);
      const v = explore(ir).violations.find((x) => x.property === property)!;
      expect(v).toBeDefined();
      const states = replay(model, v.trace);
      const step = ir.steps.find((s) => s.name === property);
      const temporal = ir.properties.find((p) => p.name === property);
      if (temporal) {
        const loopStart = v.trace.stutters ? states.length - 1 : v.trace.loopStart!;
        expect(loopStart).toBeGreaterThanOrEqual(0);
        if (!v.trace.stutters) expect(JSON.stringify(states.at(-1))).not.toBe(undefined);
        // The loop closes: the last state steps back to the loop start (or stutters).
        expect(holdsOnLasso(model, temporal.formula, { states, loopStart })).toBe(false);
      } else if (step) {
        const frame = model.frame(states.at(-2)!, null, states.at(-1)!);
        expect(model.steps.find((s) => s.name === property)!.test(frame)).toBe(false);
      } else {
        expect(model.slotDomains.some((d, i) => d !== null && !d.some((x) => valueEquals(x, states.at(-1)![i]!)))).toBe(true);
      }
    });

  it('counterexamples of safety properties are shortest', () => {
    const r = explore(irOf('test/fixtures/models/overflow.tether'));
    // n: 0 → 1 → 2 → 3 (out of 0..2): the initial state and three bumps.
    expect(r.violations[0]!.trace.steps.map((s) => s.action)).toEqual([null, 'bump', 'bump', 'bump']);
  });
});
