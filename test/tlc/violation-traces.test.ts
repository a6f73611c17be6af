// Reading the trace of a TLC violation as the property says, from outputs recorded with
// test/tlc/record-figures.ts on the pipeline harness's found specs
// (test/fixtures/pipeline-found/, no TLC needed here): the payload of an ensure's step, one
// trace per violation, and what one run decides of two failed liveness properties.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILTIN } from '../../generator/explore/builtin.ts';
import {
  firstError,
  MSG,
  ToolOutputParser,
  type TlcMessage,
} from '../../generator/tlc/parse-output.ts';
import { interpretTlc } from '../../generator/tlc/read-run.ts';
import { Model, slotsFrom } from '../../generator/semantics/model.ts';
import type { Value } from '../../generator/semantics/values.ts';
import { fixturePath } from '../helpers.ts';
import { irOf } from './helpers.ts';

function recorded(base: string): TlcMessage[] {
  const p = new ToolOutputParser();
  p.push(readFileSync(fixturePath('tlc-output', `${base}.exit-13.out`), 'utf8'));
  return p.end();
}

const spec = (base: string): string => `test/fixtures/pipeline-found/${base}.tether`;

describe("the payload of an ensure's counterexample", () => {
  const ir = irOf(spec('tlc-ensure-payload'));
  const model = new Model(ir);
  const go = model.transitions.find((t) => t.ir.name === 'go')!;
  /** Does some ensure of go fail after the trace's last step, with its payload? */
  const ensureFails = (step: {
    state: Readonly<Record<string, Value>>;
    event: { payload: Readonly<Record<string, Value>> } | null;
  }): boolean => {
    const state = slotsFrom(model.layout, (name) => step.state[name] ?? null);
    const payload = ir.events[go.eventIndex]!.fields.map((f) => step.event!.payload[f.name]!);
    return go.ensures.some((e) => !e(model.frame(state, payload)));
  };

  it('is one that breaks the ensure, not the first that takes the step (TLC labels that one)', () => {
    const messages = recorded('tlc-ensure-payload');
    // TLC's label: RED, the first payload of GO, for which `ensure event.color == RED` holds.
    expect(messages.some((m) => /^2: <go_step\(\[color \|-> "RED"\]\) line/.test(m.text))).toBe(
      true,
    );
    const r = interpretTlc(ir, messages, 13);
    expect(r.violations.map((v) => v.property)).toEqual([BUILTIN.ensures('go')]);
    const last = r.violations[0]!.trace.steps.at(-1)!;
    expect(last.action).toBe('go');
    expect(last.loc).toEqual(ir.transitions.find((t) => t.name === 'go')!.loc);
    expect(last.event).toEqual({ name: 'GO', payload: { color: 'BLUE' } });
    expect(ensureFails(last)).toBe(true);
  });

  it("keeps TLC's payload when it already breaks the ensure", () => {
    // The same output, TLC's label naming BLUE (the payload TLC would find first in another order).
    const messages = recorded('tlc-ensure-payload').map((m) =>
      m.code === MSG.statePrint ? { ...m, text: m.text.replace('"RED"', '"BLUE"') } : m,
    );
    const last = interpretTlc(ir, messages, 13).violations[0]!.trace.steps.at(-1)!;
    expect(last.event).toEqual({ name: 'GO', payload: { color: 'BLUE' } });
  });
});

describe('one trace per violation', () => {
  const ir = irOf(spec('tlc-two-traces'));
  const messages = recorded('tlc-two-traces');

  it('reads the step property its own trace, not the temporal property one after it', () => {
    // TLC reports `stays` with a 2-state trace, then `lit_forever` with a 1-state one.
    const codes = messages.map((m) => m.code);
    expect(codes.filter((c) => c === MSG.actionPropertyViolated)).toHaveLength(1);
    expect(codes.filter((c) => c === MSG.temporalViolated)).toHaveLength(1);
    expect(codes.filter((c) => c === MSG.statePrint)).toHaveLength(3);
    const r = interpretTlc(ir, messages, 13);
    expect(r.violations.map((v) => v.property)).toEqual(['stays']);
    const trace = r.violations[0]!.trace;
    expect(trace.steps.map((s) => [s.action, s.state['state']])).toEqual([
      [null, 'A'],
      ['go', 'Z'],
    ]);
    expect(trace.loopStart).toBeNull();
    expect(trace.stutters).toBe(false);
  });

  it('splits the messages at each violation', () => {
    const first = firstError(messages);
    expect(first[0]!.code).toBe(MSG.actionPropertyViolated);
    expect(first.filter((m) => m.code === MSG.statePrint)).toHaveLength(2);
    expect(first.some((m) => m.code === MSG.temporalViolated)).toBe(false);
    // Without a violation, every message.
    const clean = messages.filter(
      (m) => m.code !== MSG.actionPropertyViolated && m.code !== MSG.temporalViolated,
    );
    expect(firstError(clean)).toEqual(clean);
  });
});

describe('two failed liveness properties', () => {
  it('one run decides the one its lasso breaks; the other is left to a rerun', () => {
    // TLC's lasso (A, then Z stuttering) breaks `eventually state == B` but not
    // `eventually state == Z`: one run cannot decide reaches_z (tlc/model-check.ts runs TLC
    // again on it, and so does the pipeline harness since it checks as `tether check` does).
    const ir = irOf(spec('statuses-two-liveness'));
    const r = interpretTlc(ir, recorded('statuses-two-liveness'), 13);
    expect(r.violations.map((v) => v.property)).toEqual(['reaches_b']);
    const status = Object.fromEntries(r.properties.map((p) => [p.name, p.status]));
    expect(status).toMatchObject({
      reaches_b: 'violated',
      reaches_z: 'unchecked',
      TypeOK: 'holds',
    });
  });
});

describe('a property that is a state predicate', () => {
  it("is read from TLC's 'violated by the initial state' (2108), a 1-state counterexample", () => {
    // Without its label TLC refused the module ("cannot be used as a property").
    const ir = irOf(spec('tlc-predicate-property'));
    const messages = recorded('tlc-predicate-property');
    expect(messages.some((m) => m.code === MSG.propertyViolatedInitial)).toBe(true);
    const r = interpretTlc(ir, messages, 13);
    expect(r.violations.map((v) => [v.property, v.kind, v.message])).toEqual([
      ['starts_lit', 'temporal', 'property starts_lit is violated'],
    ]);
    expect(r.violations[0]!.trace.steps.map((s) => [s.action, s.state])).toEqual([
      [null, { state: 'A', version: 0, lit: false, up: true }],
    ]);
  });
});
