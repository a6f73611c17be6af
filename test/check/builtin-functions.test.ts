// The built-in functions as the checker sees them (generator/lower/operators.ts FUNCTIONS):
// each argument is typed against its parameter (TTH2001 at the argument), the names stage
// counts the arguments (TTH2012) and a definition cannot take a function's name (TTH1009).

import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { codes, miniSpec } from '../helpers.ts';

const compile = (text: string) => compileSpec(text, 't.tether');
/** The errors (the specs here leave some declarations unused: warnings). */
const errors = (c: ReturnType<typeof compile>) =>
  c.diagnostics.filter((d) => d.severity === 'error');
const VARS =
  'param Cap: Nat model 3\nvar n: 0..5 = 0\nvar flag: Bool = false\nvar s: set<Bool> = {}';

/** The spec's one invariant is `text`; its diagnostics, each with where it starts in `text`. */
function invariant(text: string) {
  const spec = miniSpec(`${VARS}\ninvariant i: ${text}`);
  const start = spec.indexOf(text);
  return errors(compile(spec)).map((d) => ({
    code: d.code,
    message: d.message,
    at: d.span.start.offset - start,
    length: d.span.end.offset - d.span.start.offset,
  }));
}

describe('min and max', () => {
  it.each([
    'min(n, 3) <= 3',
    'max(n, Cap) >= Cap',
    'min(max(n, 1), Cap + 2) >= -1',
    'max(-n, 0) == 0',
    'forall k in 0..3: min(k, n) <= k',
  ])('accept integers, ranges and params: %s', (text) => {
    expect(invariant(text)).toEqual([]);
  });

  it('take an Int and give an Int: a range variable may be set to one', () => {
    const spec = miniSpec(`${VARS}`).replace(
      '  reason OK',
      '  reason OK\n  set n = max(min(n + 1, Cap), 0)',
    );
    expect(errors(compile(spec))).toEqual([]);
  });

  it('refuse an argument that is not an integer, at the argument (TTH2001)', () => {
    expect(invariant('min(flag, 3) == 3')).toEqual([
      {
        code: 'TTH2001',
        message: 'argument of min(): expected Int, found Bool',
        at: 'min('.length,
        length: 'flag'.length,
      },
    ]);
    expect(invariant('max(n, s) == 3')).toEqual([
      {
        code: 'TTH2001',
        message: 'argument of max(): expected Int, found set<Bool>',
        at: 'max(n, '.length,
        length: 's'.length,
      },
    ]);
  });

  it('give an Int, which a Bool context refuses', () => {
    expect(invariant('min(n, 1)').map((d) => [d.code, d.message, d.at])).toEqual([
      ['TTH2001', "invariant 'i': expected Bool, found Int", 0],
    ]);
  });

  it('take two arguments (TTH2012)', () => {
    expect(invariant('min(n) == 0').map((d) => [d.code, d.message])).toEqual([
      ['TTH2012', 'min() takes 2 arguments, got 1'],
    ]);
    expect(invariant('max(n, 1, 2) == 0').map((d) => [d.code, d.message])).toEqual([
      ['TTH2012', 'max() takes 2 arguments, got 3'],
    ]);
  });

  it('are listed among the functions when an unknown one is called', () => {
    expect(invariant('abs(n) == 0').map((d) => d.message)).toEqual([
      "unknown function 'abs': the functions are size, keys, put, remove, append, head, tail, len, count, min, max and enabled",
    ]);
  });

  it('are reserved names for definitions (TTH1009), which are called as they are', () => {
    expect(codes(compile(miniSpec('def min(a: Int): Int = a')))).toEqual(['TTH1009']);
    expect(codes(compile(miniSpec('def count: Bool = true')))).toEqual(['TTH1009']);
  });

  it('leave their names to variables and params: a name is never a call', () => {
    const spec = miniSpec(
      'var count: 0..3 = 0\nparam max: Nat model 1\ninvariant small: count <= max and min(count, max) >= 0',
    );
    expect(codes(compile(spec))).toEqual([]);
  });
});
