// Pass: reports what the typer (infer-types.ts) found in the expressions, one diagnostic per
// finding: mismatches (TTH2001), nullable values used unguarded (TTH2002), primes outside
// steps (TTH2005, TTH2014), time comparisons without `now` (TTH2008), time arithmetic other
// than now + duration (TTH2016), enabled() outside properties (TTH2011) and non-constant
// initial values (TTH2013). It infers nothing: it reads ctx.typeFindings.

import { printExpr } from '../parse/print.ts';
import { showType } from '../lower/types.ts';
import type { CheckPass } from './context.ts';

export const reportTypeErrors: CheckPass = (ctx) => {
  const { sink } = ctx;
  for (const f of ctx.typeFindings) {
    switch (f.kind) {
      case 'mismatch':
        sink.report('TTH2001', f.span, {
          context: f.context,
          expected: f.expected,
          actual: showType(f.actual),
        });
        break;
      case 'rangeAsValue':
        sink.report('TTH2001', f.expr.span, {
          context: 'a range',
          expected: 'a value (ranges only serve as quantifier domains)',
          actual: 'a range',
        });
        break;
      case 'typeAsValue': {
        const name = f.ref.name.name;
        sink.report('TTH2001', f.ref.span, {
          context: `'${name}'`,
          expected: 'a value',
          actual: `the type ${name} (types are values only as quantifier domains)`,
        });
        break;
      }
      case 'badArithmetic': {
        const op = f.expr.op;
        const allowed =
          op === '+'
            ? 'Int + Int, Time + Duration or Duration + Duration'
            : op === '-'
              ? 'Int - Int (times and durations are never subtracted)'
              : 'Int * Int or Duration * Int';
        sink.report('TTH2001', f.expr.opSpan, {
          context: `'${op}'`,
          expected: allowed,
          actual: `${showType(f.left)} ${op} ${showType(f.right)}`,
        });
        break;
      }
      case 'possiblyNull':
        sink.report('TTH2002', f.expr.span, { name: printExpr(f.expr) });
        break;
      case 'primeOfNonVariable':
        sink.report('TTH2014', f.ref.span, { name: f.ref.name.name });
        break;
      case 'primeOutsideStep':
        sink.report('TTH2005', f.ref.span, { name: f.ref.name.name });
        break;
      case 'nonConstantInit':
        sink.report('TTH2013', f.ref.span, { name: f.ref.name.name });
        break;
      case 'enabledOutsideProperty':
        sink.report('TTH2011', f.call.span);
        break;
      case 'timeComparisonWithoutNow':
        sink.report('TTH2008', f.expr.opSpan);
        break;
      case 'timeArithmetic':
        sink.report('TTH2016', f.expr.opSpan);
        break;
      default: {
        const unreachable: never = f;
        return unreachable;
      }
    }
  }
};
