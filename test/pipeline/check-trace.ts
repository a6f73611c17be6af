// Independent checks of a counterexample on the model (semantics/model.ts), for the pipeline
// harness: the trace starts in an initial state, every step is a step of the model, the last
// state (or step) breaks the named property; a liveness counterexample is a lasso whose loop
// closes with a step of the model, that is fair under the declared fairness, and on which the
// named temporal property is false (tlc/lasso.ts evaluates it exactly); or, for the safety
// forms of a temporal property, a finite trace on which that form already fails.

import { BUILTIN } from '../../generator/explore/builtin.ts';
import type { Trace, Violation } from '../../generator/explore/result.ts';
import type { IrMachine } from '../../generator/lower/ir.ts';
import { STATE_SLOT } from '../../generator/semantics/compile.ts';
import { Model, slotsFrom } from '../../generator/semantics/model.ts';
import { valueKey, type Value } from '../../generator/semantics/values.ts';
import { holdsOnLasso, safetyParts } from '../../generator/tlc/lasso.ts';

const keyOf = (s: readonly Value[]): string => s.map(valueKey).join('|');

/** The actions (transition names, or `Tick`) that step from `from` to `to` in the model. */
function actionsBetween(model: Model, from: readonly Value[], to: readonly Value[]): string[] {
  const out: string[] = [];
  const target = keyOf(to);
  const tick = model.tick(from);
  if (tick && keyOf(tick) === target) out.push('Tick');
  const state = from[STATE_SLOT] as string;
  if (model.terminal.has(state)) return out;
  for (const t of model.transitions) {
    if (!t.sources.has(state)) continue;
    // The transition, and `name#i` for each payload i that takes this step (`fairness each`).
    let taken = false;
    model.eventPayloads(t.eventIndex).forEach((p, i) => {
      if (model.guardHolds(t, from, p) && keyOf(model.fire(t, from, p)) === target) {
        out.push(`${t.ir.name}#${i}`);
        taken = true;
      }
    });
    if (taken) out.push(t.ir.name);
  }
  return out;
}

/** The fairness clauses as actions: a name, when it is enabled; `each t` gives one per payload. */
function fairActions(
  model: Model,
  ir: IrMachine,
): {
  strength: 'weak' | 'strong';
  name: string;
  shown: string;
  enabled: (s: readonly Value[]) => boolean;
}[] {
  return ir.fairness.flatMap((f) => {
    const target = f.target;
    if (target.kind === 'clock')
      return [
        {
          strength: f.strength,
          name: 'Tick',
          shown: 'the clock',
          enabled: (s: readonly Value[]) => model.tick(s) !== null,
        },
      ];
    if (!target.each)
      return [
        {
          strength: f.strength,
          name: target.name,
          shown: `'${target.name}'`,
          enabled: (s: readonly Value[]) => model.isEnabled(target.name, s),
        },
      ];
    const t = model.transitions.find((x) => x.ir.name === target.name)!;
    return model.eventPayloads(t.eventIndex).map((p, i) => ({
      strength: f.strength,
      name: `${target.name}#${i}`,
      shown: `'${target.name}' with payload ${JSON.stringify(p)}`,
      enabled: (s: readonly Value[]) =>
        t.sources.has(s[STATE_SLOT] as string) &&
        !model.terminal.has(s[STATE_SLOT] as string) &&
        model.guardHolds(t, s, p),
    }));
  });
}

/** Why a checker's counterexample is not one, or null when it is. */
export function traceProblem(ir: IrMachine, v: Violation): string | null {
  const model = new Model(ir);
  const trace: Trace = v.trace;
  if (trace.steps.length === 0) return `the counterexample of '${v.property}' has no states`;
  const states = trace.steps.map((st) => slotsFrom(model.layout, (name) => st.state[name] ?? null));
  const initial = new Set(model.initialStates().map(keyOf));
  if (!initial.has(keyOf(states[0]!)))
    return `state 1 of the counterexample of '${v.property}' is not an initial state`;
  for (let i = 1; i < states.length; i++) {
    const step = trace.steps[i]!;
    const possible = actionsBetween(model, states[i - 1]!, states[i]!);
    if (possible.length === 0)
      return `step ${i} -> ${i + 1} of the counterexample of '${v.property}' ('${step.action ?? '?'}') is not a step of the model`;
    if (step.action !== null && !possible.includes(step.action))
      return `step ${i} -> ${i + 1} of the counterexample of '${v.property}' is labelled '${step.action}', but only ${possible.map((a) => `'${a}'`).join(', ')} takes it`;
  }
  const last = states[states.length - 1]!;
  const frame = model.frame(last);
  if (v.kind === 'temporal') return lassoProblem(ir, model, v, states);
  if (v.property === BUILTIN.deadlock) {
    const state = last[STATE_SLOT] as string;
    if (model.terminal.has(state))
      return `the deadlock counterexample ends in the terminal state '${state}'`;
    const moves =
      model.tick(last) !== null ||
      model.transitions.some(
        (t) =>
          t.sources.has(state) &&
          model.eventPayloads(t.eventIndex).some((p) => model.guardHolds(t, last, p)),
      );
    return moves ? 'the deadlock counterexample ends in a state that has a successor' : null;
  }
  if (v.property === BUILTIN.typeOk) {
    const outside = model.slotDomains.some((d, i) => d !== null && !d.has(last[i]!));
    return outside ? null : 'the TypeOK counterexample ends in a state inside the declared types';
  }
  if (v.property === BUILTIN.deterministic) {
    // The explorer adds the step taken; TLC stops in the state: the last two states are candidates.
    const nondeterministic = (s: readonly Value[]): boolean =>
      ir.events.some((_, ev) =>
        model
          .eventPayloads(ev)
          .some(
            (p) =>
              model.candidates(s[STATE_SLOT] as string, ev).filter((t) => model.guardHolds(t, s, p))
                .length > 1,
          ),
      );
    return states.slice(-2).some(nondeterministic)
      ? null
      : 'no state at the end of the Deterministic counterexample enables two transitions at once';
  }
  const invariant = model.invariants.find((x) => x.name === v.property);
  if (invariant)
    return invariant.test(frame)
      ? `invariant '${v.property}' holds in the last state of its counterexample`
      : null;
  if (states.length < 2)
    return `the counterexample of the step property '${v.property}' has no step`;
  const prev = states[states.length - 2]!;
  const stepProperty = model.steps.find((x) => x.name === v.property);
  if (stepProperty)
    return stepProperty.test(model.frame(prev, null, last))
      ? `step property '${v.property}' holds on the last step of its counterexample`
      : null;
  const ensured = model.transitions.find((t) => BUILTIN.ensures(t.ir.name) === v.property);
  if (ensured) {
    const step = trace.steps[trace.steps.length - 1]!;
    if (step.action !== ensured.ir.name)
      return `the last step of the counterexample of '${v.property}' is '${step.action ?? 'none'}', not '${ensured.ir.name}'`;
    const payload = ir.events[ensured.eventIndex]!.fields.map(
      (f) => step.event?.payload[f.name] ?? null,
    );
    return ensured.ensures.every((e) => e(model.frame(last, payload)))
      ? `every ensure of '${ensured.ir.name}' holds after the last step of its counterexample`
      : null;
  }
  return null; // a built-in step property the text cannot break (VersionIncrements, TerminalAbsorbing)
}

function lassoProblem(
  ir: IrMachine,
  model: Model,
  v: Violation,
  states: readonly (readonly Value[])[],
): string | null {
  const { loopStart, stutters } = v.trace;
  const n = states.length;
  const property = ir.properties.find((p) => p.name === v.property);
  if (!property)
    return `the liveness counterexample names '${v.property}', which is not a property of the spec`;
  // A finite trace (no loop, no stuttering) witnesses a safety form (`always p`, `always (p
  // => always q)`, or a conjunct of one) that fails on it: every continuation fails it. Else
  // it is read as its last state stuttering forever (as tlc/parse-output.ts evaluates it).
  const finite = !stutters && loopStart === null;
  if (
    finite &&
    safetyParts(property.formula).some((f) => !holdsOnLasso(model, f, { states, loopStart: n - 1 }))
  )
    return null;
  let start: number;
  const loopActions = new Set<string>();
  // A loop back to the last state itself is that state stuttering forever.
  const stutter = stutters || finite || loopStart === n - 1;
  if (stutter) start = n - 1;
  else {
    if (loopStart === null || loopStart < 0 || loopStart >= n)
      return `the liveness counterexample of '${v.property}' has no loop start (${String(loopStart)}) in its ${n} states`;
    start = loopStart;
    const closing = actionsBetween(model, states[n - 1]!, states[start]!);
    if (closing.length === 0)
      return `the loop of the counterexample of '${v.property}' does not close: state ${n} has no step back to state ${start + 1}`;
    closing.forEach((a) => loopActions.add(a));
    for (let i = start + 1; i < n; i++)
      actionsBetween(model, states[i - 1]!, states[i]!).forEach((a) => loopActions.add(a));
  }
  if (holdsOnLasso(model, property.formula, { states, loopStart: start }))
    return `'${v.property}' holds on its own counterexample (${stutter ? 'stuttering in state ' + n : `loop back to state ${start + 1} of ${n}`})`;
  const loop = states.slice(start);
  for (const f of fairActions(model, ir)) {
    const demanded = f.strength === 'weak' ? loop.every(f.enabled) : loop.some(f.enabled);
    if (demanded && !loopActions.has(f.name))
      return `the counterexample of '${v.property}' is not fair: ${f.shown} is ${f.strength === 'weak' ? 'always' : 'repeatedly'} enabled on its ${stutter ? 'stuttering end' : 'loop'} (fairness ${f.strength}) but never taken`;
  }
  return null;
}
