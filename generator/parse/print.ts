// Prints an expression back in the language's syntax, fully parenthesised where precedence
// could matter. Used in messages and as the canonical text of guard atoms.

import type { Expr, Temporal } from './ast.ts';

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'BoolLit':
      return String(e.value);
    case 'IntLit':
      return String(e.value);
    case 'NullLit':
      return 'null';
    case 'SetLit':
      return `{${e.elements.map(printExpr).join(', ')}}`;
    case 'RangeExpr':
      return `${printExpr(e.lo)}..${printExpr(e.hi)}`;
    case 'NameRef':
      return e.primed ? `${e.name.name}'` : e.name.name;
    case 'EventField':
      return `event.${e.field.name}`;
    case 'Unary':
      return e.op === 'not' ? `not ${wrap(e.operand)}` : `-${wrap(e.operand)}`;
    case 'Binary':
      return `${wrap(e.left)} ${e.op} ${wrap(e.right)}`;
    case 'IfExpr':
      return `if ${printExpr(e.cond)} then ${printExpr(e.then)} else ${printExpr(e.otherwise)}`;
    case 'Quantifier':
      return `${e.quantifier} ${e.variable.name} in ${printExpr(e.domain)}: ${printExpr(e.body)}`;
    case 'Call':
      return `${e.callee.name}(${e.args.map(printExpr).join(', ')})`;
    case 'SeqLit':
      return `[${e.elements.map(printExpr).join(', ')}]`;
    case 'Index':
      return `${wrap(e.target)}[${printExpr(e.key)}]`;
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

function wrap(e: Expr): string {
  return e.kind === 'Binary' ||
    e.kind === 'IfExpr' ||
    e.kind === 'Quantifier' ||
    (e.kind === 'Unary' && e.op === 'not')
    ? `(${printExpr(e)})`
    : printExpr(e);
}

export function printTemporal(t: Temporal): string {
  switch (t.kind) {
    case 'Always':
      return `always ${printTemporal(t.body)}`;
    case 'Eventually':
      return `eventually ${printTemporal(t.body)}`;
    case 'LeadsTo':
      return `(${printTemporal(t.left)}) ~> (${printTemporal(t.right)})`;
    case 'TemporalBinary':
      return `(${printTemporal(t.left)}) ${t.op} (${printTemporal(t.right)})`;
    case 'StatePredicate':
      return printExpr(t.expr);
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}
