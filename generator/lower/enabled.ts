// What enabled() needs of a machine (ir.ts rule 8): the transitions it names, and how many
// model values its search adds to each opaque type. Read by the TLA+ emitter and the names.

import { childrenOf, type IrExpr, type IrMachine, type IrTemporal } from './ir.ts';
import { stripNull } from './types.ts';

/** The transitions some enabled() names (in invariants and properties, the only places it may
 *  appear: checker TTH2011). */
export function enabledTransitions(ir: IrMachine): ReadonlySet<string> {
  const found = new Set<string>();
  const visit = (e: IrExpr): void => {
    if (e.kind === 'enabled') found.add(e.transition);
    for (const c of childrenOf(e)) visit(c);
  };
  const visitTemporal = (t: IrTemporal): void => {
    if (t.kind === 'predicate') visit(t.expr);
    else if (t.kind === 'always' || t.kind === 'eventually') visitTemporal(t.body);
    else {
      visitTemporal(t.left);
      visitTemporal(t.right);
    }
  };
  for (const i of ir.invariants) visit(i.expr);
  for (const p of ir.properties) visitTemporal(p.formula);
  return found;
}

/**
 * ir.ts rule 8: per opaque type, how many model values enabled()'s search adds to the type's
 * own, which no state or event ever holds: as many as one event that enabled() searches has
 * fields of the type (T or T?). The runtime's search gives each field a held id, one of the
 * fields before it, or an id nothing holds, and with that many unheld values the model has
 * every such pattern too, whatever the state holds. Types that need none are absent.
 */
export function unheldCounts(ir: IrMachine): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  const searched = enabledTransitions(ir);
  const events = new Set(ir.transitions.filter((t) => searched.has(t.name)).map((t) => t.event));
  for (const e of ir.events.filter((x) => events.has(x.name))) {
    const here = new Map<string, number>();
    for (const f of e.fields) {
      const t = stripNull(f.type);
      if (t.kind === 'opaque') here.set(t.name, (here.get(t.name) ?? 0) + 1);
    }
    for (const [name, n] of here) counts.set(name, Math.max(counts.get(name) ?? 0, n));
  }
  return counts;
}
