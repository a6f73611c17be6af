// Pass: `refuse E in S1 | S2 else R` names the rejection of E where no transition handles it
// (README, "Refusals"). In a listed state a transition handles E (TTH4006), or the state is
// terminal (TTH4007), or another refusal already covers it (TTH4008): each is an error, as
// the refusal would never apply or would say two things. `*` lists every non-terminal state
// where no transition handles E and no refusal of E lists by name: a default, whatever the
// order, so it meets none of these (two `*` refusals of one event still meet TTH4008).

import type { AnySource, Ident, RefusalDecl } from '../parse/ast.ts';
import type { CheckContext, CheckPass } from './context.ts';
import { declsOf } from './symbols.ts';
import { listedStates, sourceStates } from './transition-sources.ts';

export const reportRefusals: CheckPass = (ctx) => {
  const handler = new Map<string, string>(); // `${state} ${event}` → the first transition
  for (const t of ctx.symbols.transitions.values())
    for (const s of sourceStates(ctx.symbols, t)) {
      const key = `${s} ${t.event.name}`;
      if (!handler.has(key)) handler.set(key, t.name.name);
    }
  const refused = new Map<string, RefusalDecl>();
  for (const r of declsOf(ctx.ast, 'RefusalDecl')) {
    const event = r.event.name;
    const listed = Array.isArray(r.states) ? (r.states as readonly Ident[]) : null;
    for (const state of refusalStates(ctx, r)) {
      const at = listed
        ? (listed.find((s) => s.name === state)?.span ?? r.span)
        : (r.states as AnySource).span;
      const key = `${state} ${event}`;
      const sym = ctx.symbols.values.get(state);
      if (sym?.kind === 'state' && sym.decl.terminal)
        ctx.sink.report('TTH4007', at, { state, event }, [
          { message: `'${state}' is declared terminal here`, span: sym.decl.span },
        ]);
      else if (handler.has(key))
        ctx.sink.report('TTH4006', at, { event, state, transition: handler.get(key)! });
      else if (refused.has(key))
        ctx.sink.report('TTH4008', at, { event, state }, [
          { message: 'first refused here', span: refused.get(key)!.span },
        ]);
      else refused.set(key, r);
    }
  }
};

/** The states a refusal applies in: those listed, or for `*` every non-terminal state where
 *  no transition handles its event and no refusal of it lists the state. */
export function refusalStates(ctx: CheckContext, r: RefusalDecl): string[] {
  const states = listedStates(ctx.symbols, r.states);
  if (Array.isArray(r.states)) return states;
  const handled = new Set([
    ...[...ctx.symbols.transitions.values()]
      .filter((t) => t.event.name === r.event.name)
      .flatMap((t) => sourceStates(ctx.symbols, t)),
    ...declsOf(ctx.ast, 'RefusalDecl')
      .filter((x) => x.event.name === r.event.name && Array.isArray(x.states))
      .flatMap((x) => listedStates(ctx.symbols, x.states)),
  ]);
  return states.filter((s) => !handled.has(s));
}
