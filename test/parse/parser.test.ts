// Parser behaviour: precedence, spans, comments, keywords and syntax-error messages.

import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../generator/parse/parse.ts';
import { printExpr } from '../../generator/parse/print.ts';
import type { Expr, InvariantDecl } from '../../generator/parse/ast.ts';

function invariantExpr(body: string): Expr {
  const { ast, sink } = parseSpec(`machine M\ninvariant i: ${body}\n`, 't.tether');
  expect(sink.items).toEqual([]);
  return (ast!.decls[0] as InvariantDecl).body;
}

function syntaxError(text: string): string {
  const { ast, sink } = parseSpec(text, 't.tether');
  expect(ast).toBeNull();
  expect(sink.items).toHaveLength(1);
  const d = sink.items[0]!;
  return `${d.span.start.line}:${d.span.start.column} ${d.message}`;
}

describe('expression precedence', () => {
  it.each([
    ['a or b and c', 'a or (b and c)'],
    ['not a and b', '(not a) and b'],
    ['a => b => c', 'a => (b => c)'],
    ['a => b or c', 'a => (b or c)'],
    ['x + y * z == 3', '(x + (y * z)) == 3'],
    ['x - y - z < 1', '((x - y) - z) < 1'],
    ['s union t minus u == {}', '((s union t) minus u) == {}'],
    ['x in s union t', 'x in (s union t)'],
    ['x not in {}', 'x not in {}'],
    ['-x + 1 > 0', '(-x + 1) > 0'],
    ["x' == x", "x' == x"],
    ['if a then b else c or d', 'if a then b else c or d'],
    ['forall n in N: n in s and true', 'forall n in N: (n in s) and true'],
  ])('%s', (input, expected) => {
    expect(printExpr(invariantExpr(input))).toBe(expected);
  });

  it('keeps if-then-else branches whole', () => {
    const e = invariantExpr('if a then 1 else 2 + 3');
    expect(e.kind).toBe('IfExpr');
    expect(e.kind === 'IfExpr' && printExpr(e.otherwise)).toBe('2 + 3');
  });
});

describe('spans', () => {
  it('points names and operators at their own text', () => {
    const text = 'machine M\ninvariant inv:  alpha  ==  beta\n';
    const { ast } = parseSpec(text, 't.tether');
    const decl = ast!.decls[0] as InvariantDecl;
    expect(text.slice(decl.name.span.start.offset, decl.name.span.end.offset)).toBe('inv');
    const body = decl.body;
    expect(body.kind).toBe('Binary');
    if (body.kind !== 'Binary') return;
    expect(text.slice(body.opSpan.start.offset, body.opSpan.end.offset)).toBe('==');
    expect(text.slice(body.span.start.offset, body.span.end.offset)).toBe('alpha  ==  beta');
    expect(body.left.span.start).toEqual({ offset: 26, line: 2, column: 17 });
  });
});

describe('lexical rules', () => {
  it('skips line and block comments anywhere', () => {
    const { sink } = parseSpec(
      '/* a */ machine // b\n M /* c\n d */ invariant i: /* e */ true // f',
      't.tether',
    );
    expect(sink.items).toEqual([]);
  });

  it('accepts keywords as prefixes of names', () => {
    expect(printExpr(invariantExpr('intersection and inside and setting and events'))).toBe(
      '((intersection and inside) and setting) and events',
    );
  });

  it('rejects a keyword as a name, saying it is one', () => {
    expect(syntaxError('machine M\nvar set: Bool = true\n')).toBe(
      "2:5 syntax error: 'set' is a keyword and cannot be used as a name",
    );
  });

  it.each([
    ['an event field', 'event GO { valid: Bool, reason: Bool }', 'reason'],
    ['the first event field', 'event GO { reason: Bool }', 'reason'],
    ['a state', 'states { initial A, else }', 'else'],
    ['a reason', 'accept { OK, then }', 'then'],
    ['an invariant', 'invariant step: true', 'step'],
    ['a quantifier variable', 'invariant i: forall in in S: true', 'in'],
    ['a fairness target', 'fairness weak clock, model', 'model'],
  ])('names the keyword where %s is expected, at its span', (_, decl, word) => {
    const text = `machine M\n${decl}\n`;
    const { ast, sink } = parseSpec(text, 't.tether');
    expect(ast).toBeNull();
    const d = sink.items[0]!;
    expect(d.message).toBe(`syntax error: '${word}' is a keyword and cannot be used as a name`);
    expect(text.slice(d.span.start.offset, d.span.end.offset)).toBe(word);
  });

  it('says a keyword is one where an expression is expected', () => {
    expect(syntaxError('machine M\ninvariant i: a and or\n')).toBe(
      "2:20 syntax error: expected an expression, found the keyword 'or'",
    );
  });
});

describe('syntax errors', () => {
  it.each([
    ['', "1:1 syntax error: expected 'machine', found end of input"],
    ['machine M\nfoo', "2:1 syntax error: expected a declaration, found 'foo'"],
    ['machine M\nvar x: Bool =', '2:14 syntax error: expected an expression, found end of input'],
    ['machine M\ntransition t A -> B on E', "2:14 syntax error: expected ':', found 'A'"],
    ['machine M\n/* open', "2:8 syntax error: unterminated comment (no closing '*/')"],
  ])('%j', (text, expected) => {
    expect(syntaxError(text)).toBe(expected);
  });

  it('treats chained comparisons as an error', () => {
    expect(syntaxError('machine M\ninvariant i: a == b == c')).toMatch(
      /^2:21 syntax error: .*found '=='$/,
    );
  });

  it('reports nesting too deep for the stack instead of crashing', () => {
    const { ast, sink } = parseSpec(
      `machine M\ninvariant i: ${'('.repeat(50_000)}true${')'.repeat(50_000)}`,
      't.tether',
    );
    expect(ast).toBeNull();
    expect(sink.items.map((d) => d.code)).toEqual(['TTH0003']);
  });
});
