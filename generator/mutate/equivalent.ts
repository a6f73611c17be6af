// The rules that explain a surviving mutant as equivalent, decided on the model (the
// conformance plan), so `npm run mutate` can tell a gap in the suite from a mutant no input
// can tell apart. A rule names why; a survivor no rule explains is a miss.

import type { ConformancePlan } from '../conformance/plan.ts';
import type { IrMachine } from '../lower/ir.ts';
import type { Mutant } from './mutants.ts';
import { whySubsumed } from './subsumed.ts';

/**
 * Why a surviving mutant cannot change what the engine does, by rules decided on the model
 * (the conformance plan); null when none applies (then the suite missed a behaviour change).
 * Every survivor has also passed the exhaustive check: the dispatch rule's outcome for every
 * event and payload in every reachable state.
 */
export function whyEquivalent(m: Mutant, plan: ConformancePlan, ir: IrMachine): string | null {
  const transition = m.where.replace(/^(guard_|REASONS_)/, '');
  const is = (c: { transition: string; clause: number }): boolean =>
    c.transition === transition && c.clause === m.clause;
  if (m.where.startsWith('REASONS_') && m.operator === 'swap-reason') {
    const shadow = plan.shadowed.find((c) => is(c.clause));
    if (shadow)
      return `the clause never names a rejection (whenever it fails, ${shadow.outcome.ok ? `${shadow.outcome.transition} is taken` : `${shadow.outcome.by.transition} require #${shadow.outcome.by.clause + 1} names it`}), so this reason string is never returned`;
    if (plan.dead.some(is))
      return 'the clause never fails (TTH6001), so this reason string is never returned';
  }
  if (m.where.startsWith('guard_') && plan.preempted.some(is))
    return 'the clause fails only where a candidate tried before it is taken, so whether it holds is never observed';
  if (
    m.operator === 'tie-rule' &&
    m.event !== undefined &&
    !plan.tieSensitiveEvents.includes(m.event)
  )
    return `no reachable state has two ${m.event} candidates failing at the same clause with different reasons, so the tie rule never decides`;
  // `-> stay` from one source state: the state it keeps is that one whenever it is taken.
  const stay = ir.transitions.find((t) => `take_${t.name}` === m.where && t.target === null);
  if (
    m.operator === 'wrong-target' &&
    stay?.sources.length === 1 &&
    m.original === 's.state' &&
    m.replacement === `'${stay.sources[0]}'`
  )
    return `${stay.name} stays in its one source state, ${stay.sources[0]}: s.state is ${stay.sources[0]} whenever it is taken`;
  // A runtime check of a step that fails only where another of the step's checks does.
  return whySubsumed(m, ir);
}
