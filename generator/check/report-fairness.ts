// Pass: `fairness weak each t` is fair to every payload of t's event on its own (README,
// "Properties and fairness"; ir.ts, IrFairness). The clock has no payloads, so `each clock`
// is an error (TTH4010); on a transition whose event has no fields there is one payload, and
// `each` changes nothing (TTH4011, a warning).

import type { CheckPass } from './context.ts';
import { CLOCK, declsOf } from './symbols.ts';

export const reportFairness: CheckPass = (ctx) => {
  for (const f of declsOf(ctx.ast, 'FairnessDecl')) {
    if (!f.each) continue;
    for (const target of f.targets) {
      if (target.name === CLOCK) {
        ctx.sink.report('TTH4010', target.span, { strength: f.strength });
        continue;
      }
      const t = ctx.symbols.transitions.get(target.name);
      const event = t && ctx.symbols.events.get(t.event.name);
      if (event && event.fields.length === 0)
        ctx.sink.report('TTH4011', target.span, { name: target.name, event: event.name.name });
    }
  }
};
