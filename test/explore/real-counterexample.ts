// Checks that a reported counterexample is a behaviour of the model, whichever checker found
// it: each step is enabled and lands on the traced state; a lasso's last state steps back to
// its loop start and the declared fairness holds on its cycle; a stuttering end is fair (no
// fair action enabled there). Used on the explorer's and on TLC's counterexamples.

import { expect } from 'vitest';
import type { Trace } from '../../generator/explore/result.ts';
import type { IrMachine } from '../../generator/lower/ir.ts';
import { STATE_SLOT, VERSION_SLOT } from '../../generator/semantics/compile.ts';
import { Model } from '../../generator/semantics/model.ts';
import { valueKey, type Value } from '../../generator/semantics/values.ts';

const key = (s: readonly Value[]): string => s.map(valueKey).join('|');

function slotsOf(model: Model, named: Readonly<Record<string, Value>>): Value[] {
  const s: Value[] = new Array<Value>(model.layout.size).fill(null);
  s[STATE_SLOT] = named['state']!;
  s[VERSION_SLOT] = named['version']!;
  for (const [name, slot] of model.layout.slots) s[slot] = named[name]!;
  return s;
}

/** Replays a trace through the model; returns its states as slot arrays. */
export function replayTrace(model: Model, trace: Trace): Value[][] {
  const states = trace.steps.map((s) => slotsOf(model, s.state));
  expect(model.initialStates().map(key), 'the first state is initial').toContain(key(states[0]!));
  for (let i = 1; i < states.length; i++) {
    const step = trace.steps[i]!;
    const prev = states[i - 1]!;
    let next: Value[] | null;
    if (step.action === 'Tick') next = model.tick(prev);
    else {
      const t = model.transitions.find((x) => x.ir.name === step.action)!;
      expect(t, `step ${i + 1} names a transition`).toBeDefined();
      const event = model.ir.events[t.eventIndex]!;
      const payload = event.fields.map((f) => step.event!.payload[f.name]!);
      expect(
        t.sources.has(prev[STATE_SLOT] as string) && model.guardHolds(t, prev, payload),
        `step ${i + 1} (${step.action}) is enabled`,
      ).toBe(true);
      next = model.fire(t, prev, payload);
    }
    expect(next && key(next), `step ${i + 1} reaches the traced state`).toBe(key(states[i]!));
  }
  return states;
}

/** An action of the fairness clauses, as a relation on model states. */
interface Action {
  readonly name: string;
  readonly strong: boolean;
  readonly enabled: (s: readonly Value[]) => boolean;
  /** Is s → t a step of this action (for some payload)? */
  readonly step: (s: readonly Value[], t: readonly Value[]) => boolean;
}

function fairActions(model: Model, ir: IrMachine): Action[] {
  return ir.fairness.flatMap((f): Action[] => {
    const strong = f.strength === 'strong';
    const target = f.target;
    if (target.kind === 'clock') {
      return [
        {
          name: 'clock',
          strong,
          enabled: (s) => model.tick(s) !== null,
          step: (s, t) => key(model.tick(s) ?? []) === key(t),
        },
      ];
    }
    const tr = model.transitions.find((x) => x.ir.name === target.name)!;
    const action = (name: string, payloads: readonly (readonly Value[])[]): Action => {
      const from = (s: readonly Value[]): Value[][] =>
        tr.sources.has(s[STATE_SLOT] as string)
          ? payloads.filter((p) => model.guardHolds(tr, s, p)).map((p) => model.fire(tr, s, p))
          : [];
      return {
        name,
        strong,
        enabled: (s) => from(s).length > 0,
        step: (s, t) => from(s).some((n) => key(n) === key(t)),
      };
    };
    const payloads = model.eventPayloads(tr.eventIndex);
    // `each t`: one action per payload (ir.ts, IrFairness).
    return target.each
      ? payloads.map((p) => action(`${target.name} ${JSON.stringify(p)}`, [p]))
      : [action(target.name, payloads)];
  });
}

/** Is s → t a step of the model (some transition with some payload, or the clock)? */
function isModelStep(model: Model, s: readonly Value[], t: readonly Value[]): boolean {
  if (key(model.tick(s) ?? []) === key(t)) return true;
  return model.transitions.some(
    (tr) =>
      tr.sources.has(s[STATE_SLOT] as string) &&
      model
        .eventPayloads(tr.eventIndex)
        .some((p) => model.guardHolds(tr, s, p) && key(model.fire(tr, s, p)) === key(t)),
  );
}

/**
 * Expects the trace to be a real behaviour of the model: a lasso (loopStart set) closes with
 * a model step and is fair; a stuttering end is fair. Returns the states, and the loop start
 * to evaluate the formula with (the last state itself for a stuttering or finite trace).
 */
export function expectRealBehaviour(
  ir: IrMachine,
  trace: Trace,
): { states: Value[][]; loopStart: number } {
  const model = new Model(ir);
  const states = replayTrace(model, trace);
  const actions = fairActions(model, ir);
  const last = states.length - 1;
  if (trace.loopStart === null) {
    if (trace.stutters)
      for (const a of actions)
        expect(
          a.enabled(states[last]!),
          `stuttering forever is fair: ${a.name} is not enabled in the last state`,
        ).toBe(false);
    return { states, loopStart: last };
  }
  expect(trace.stutters).toBe(false);
  const loopStart = trace.loopStart;
  expect(
    loopStart >= 0 && loopStart <= last,
    `loop start ${loopStart} is a state of the trace`,
  ).toBe(true);
  expect(
    isModelStep(model, states[last]!, states[loopStart]!),
    `the last state steps back to state ${loopStart + 1}`,
  ).toBe(true);
  const cycle = states.slice(loopStart);
  const edges = cycle.map((s, i) => [s, cycle[(i + 1) % cycle.length]!] as const);
  for (const a of actions) {
    const taken = edges.some(([s, t]) => a.step(s, t));
    // WF: enabled on the whole cycle ⇒ taken on it; SF: enabled somewhere on it ⇒ taken.
    const demanded = a.strong ? cycle.some(a.enabled) : cycle.every(a.enabled);
    expect(
      !demanded || taken,
      `the cycle is fair to ${a.strong ? 'strong' : 'weak'} ${a.name}`,
    ).toBe(true);
  }
  return { states, loopStart };
}
