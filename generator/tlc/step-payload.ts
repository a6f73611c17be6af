// The payload of a step of a TLC trace, chosen by what the violated property says. TLC labels
// each step with an action that takes it and, for a transition, with the first payload it
// finds that takes it. A step property reads only the two states, so any such payload will
// do; but `Ensures_<t>` (emit-tla: `\A event \in <E>_Payloads: t_step(event) => ensures`)
// also reads the event, and is violated when *some* payload that takes the step breaks an
// ensure of t: TLC's label may name another one, for which every ensure holds (or even
// another transition that takes the same step).

import type { Trace } from '../explore/result.ts';
import type { IrMachine } from '../lower/ir.ts';
import { STATE_SLOT } from '../semantics/compile.ts';
import type { Model } from '../semantics/model.ts';
import { valueEquals, type Value } from '../semantics/values.ts';

/**
 * The trace of an `Ensures_<t>` violation with its last step labelled as the property says:
 * transition t with the first payload (in the model's order, as the explorer draws them) that
 * takes the step and breaks an ensure of t. TLC's own label stays when it already breaks one,
 * and when no payload does (then the trace is not one of the model: check-trace says so).
 */
export function labelEnsureStep(
  ir: IrMachine,
  model: Model,
  trace: Trace,
  states: readonly (readonly Value[])[],
  transition: string,
): Trace {
  const t = model.transitions.find((x) => x.ir.name === transition);
  const n = states.length;
  const last = trace.steps[n - 1];
  if (!t || n < 2 || !last || trace.steps.length !== n) return trace;
  const from = states[n - 2]!;
  const to = states[n - 1]!;
  const fields = ir.events[t.eventIndex]!.fields;
  const breaks = (payload: readonly Value[]): boolean =>
    t.sources.has(from[STATE_SLOT] as string) &&
    model.guardHolds(t, from, payload) &&
    sameState(model.fire(t, from, payload), to) &&
    t.ensures.some((e) => !e(model.frame(to, payload)));
  if (last.action === t.ir.name && last.event) {
    const labelled = fields.map((f) => last.event!.payload[f.name] ?? null);
    if (breaks(labelled)) return trace;
  }
  const payload = model.eventPayloads(t.eventIndex).find(breaks);
  if (!payload) return trace;
  const step = {
    action: t.ir.name,
    loc: t.ir.loc,
    event: {
      name: t.ir.event,
      payload: Object.fromEntries(fields.map((f, i) => [f.name, payload[i]!])),
    },
    state: last.state,
  };
  return { ...trace, steps: [...trace.steps.slice(0, -1), step] };
}

function sameState(a: readonly Value[], b: readonly Value[]): boolean {
  return a.length === b.length && a.every((v, i) => valueEquals(v, b[i]!));
}
