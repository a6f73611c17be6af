// Membership in a short literal set is emitted as comparisons (no Set built on the hot path);
// anything else keeps Set.has. Both forms are checked by running the emitted code.

import { describe, expect, it } from 'vitest';
import type { IrExpr } from '../../generator/lower/ir.ts';
import type { IrType } from '../../generator/lower/types.ts';
import { tsExpr, type TsContext } from '../../generator/emit-ts/ts-expr.ts';

const state: IrType = { kind: 'state' };
const setOf: IrType = { kind: 'set', element: state };
const ctx: TsContext = {
  field: (n) => n,
  param: (n) => n,
  slotType: () => setOf,
  eventField: (n) => n,
  enabled: (t) => `enabled_${t}`,
  type: () => 'string',
  domain: () => '[]',
  nextState: false,
  need: () => {},
};
const lit = (name: string): IrExpr => ({ kind: 'stateLit', name, type: state });
const member = (op: 'in' | 'not in', right: IrExpr): IrExpr => ({
  kind: 'binary',
  op,
  left: { kind: 'state', primed: false, type: state },
  right,
  type: { kind: 'bool' },
});
const run = (code: string, s: string): unknown =>
  new Function('s', `return ${code.replace(/ as \w+/g, '')};`)({ state: s, seen: new Set(['A']) });

describe('tsExpr membership', () => {
  const literal: IrExpr = { kind: 'setLit', elements: [lit('A'), lit('B')], type: setOf };
  const variable: IrExpr = { kind: 'var', name: 'seen', primed: false, type: setOf };

  it('turns `state in {A, B}` into comparisons, with the same answers', () => {
    const code = tsExpr(member('in', literal), ctx);
    expect(code).not.toContain('new Set');
    expect(code).toContain("=== 'A'");
    expect(['A', 'B', 'C'].map((s) => run(code, s))).toEqual([true, true, false]);
    const not = tsExpr(member('not in', literal), ctx);
    expect(['A', 'B', 'C'].map((s) => run(not, s))).toEqual([false, false, true]);
  });

  it('keeps Set.has for a set that is not a literal, and handles the empty literal', () => {
    expect(tsExpr(member('in', variable), ctx)).toBe('s.seen.has((s.state as string))');
    const empty: IrExpr = { kind: 'setLit', elements: [], type: setOf };
    expect(run(tsExpr(member('in', empty), ctx), 'A')).toBe(false);
    expect(run(tsExpr(member('not in', empty), ctx), 'A')).toBe(true);
  });
});
