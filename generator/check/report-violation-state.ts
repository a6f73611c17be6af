// Pass: the state an invariant failure moves to (seed §10) must be known and terminal:
// none at all (TTH3006), several terminal states and no choice (TTH3007), or a bad
// `on violation` (TTH3008). `on violation -> reject` needs no state (ir.ts rule 7), nor does
// a spec that checks nothing after a step.

import { checksSteps, declsOf } from './symbols.ts';
import type { CheckPass } from './context.ts';

export const reportViolationState: CheckPass = (ctx) => {
  const decls = declsOf(ctx.ast, 'ViolationDecl');
  const terminals = ctx.symbols.states.filter((s) => s.terminal);
  for (const extra of decls.slice(1))
    ctx.sink.report(
      'TTH3008',
      extra.span,
      { detail: "'on violation' is declared more than once" },
      [{ message: 'first declared here', span: decls[0]!.span }],
    );
  const chosen = decls[0]?.target;
  if (chosen?.kind === 'ViolationReject') return;
  if (chosen) {
    const sym = ctx.symbols.values.get(chosen.name);
    if (sym?.kind === 'state' && !sym.decl.terminal)
      ctx.sink.report(
        'TTH3008',
        chosen.span,
        {
          detail: `'on violation' must name a terminal state or 'reject', and '${chosen.name}' is not terminal`,
        },
        [{ message: `'${chosen.name}' is declared here`, span: sym.decl.name.span }],
      );
    return;
  }
  // No ensure, invariant or step property: no step can break one, no state is needed.
  if (!checksSteps(ctx.ast)) return;
  if (terminals.length === 0) ctx.sink.report('TTH3006', ctx.ast.machine.span);
  else if (terminals.length > 1)
    ctx.sink.report('TTH3007', ctx.ast.machine.span, {
      names: terminals.map((s) => s.name.name).join(', '),
    });
};
