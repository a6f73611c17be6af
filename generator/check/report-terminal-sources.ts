// Pass: a transition may not leave a terminal state (TTH3003); terminal states absorb
// every event (seed §2: "TERMINATED is absorbing"; README.md, "Dispatch rule": a terminal
// state rejects with TERMINATED). `*` never includes terminal states.

import type { Ident } from '../parse/ast.ts';
import type { CheckPass } from './context.ts';

export const reportTerminalSources: CheckPass = (ctx) => {
  for (const t of ctx.symbols.transitions.values()) {
    if (!Array.isArray(t.sources)) continue;
    for (const s of t.sources as readonly Ident[]) {
      const sym = ctx.symbols.values.get(s.name);
      if (sym?.kind === 'state' && sym.decl.terminal)
        ctx.sink.report('TTH3003', s.span, { transition: t.name.name, name: s.name }, [
          { message: `'${s.name}' is declared terminal here`, span: sym.decl.span },
        ]);
    }
  }
};
