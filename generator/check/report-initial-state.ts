// Pass: exactly one initial state (TTH3001, TTH3002), and it is not terminal (TTH3009).

import type { CheckPass } from './context.ts';

export const reportInitialState: CheckPass = (ctx) => {
  const initial = ctx.symbols.states.filter((s) => s.initial);
  const first = initial[0];
  if (!first) {
    const where = ctx.ast.decls.find((d) => d.kind === 'StatesDecl')?.span ?? ctx.ast.machine.span;
    ctx.sink.report('TTH3001', where);
    return;
  }
  for (const s of initial.slice(1))
    ctx.sink.report('TTH3002', s.name.span, { name: s.name.name, other: first.name.name }, [
      { message: `'${first.name.name}' is also initial`, span: first.name.span },
    ]);
  for (const s of initial)
    if (s.terminal) ctx.sink.report('TTH3009', s.name.span, { name: s.name.name });
};
