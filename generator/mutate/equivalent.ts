// The rules that explain a surviving mutant as equivalent, decided on the model (the
// conformance plan), so `npm run mutate` can tell a gap in the suite from a mutant no input
// can tell apart. A rule names why; a survivor no rule explains is a miss.

import type { ConformancePlan } from '../conformance/plan.ts';
import type { Mutant } from './mutants.ts';

/**
 * Why a surviving mutant cannot change what the engine does, by rules decided on the model
 * (the conformance plan); null when none applies (then the suite missed a behaviour change).
 * Every survivor has also passed the exhaustive check: the dispatch rule's outcome for every
 * event and payload in every reachable state.
 */
export function whyEquivalent(m: Mutant, plan: ConformancePlan): string | null {
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
  return null;
}
