// min(a, b) and max(a, b), declared once in generator/lower/operators.ts, through every
// backend: the explorer evaluates them, the TLA+ module spells them with IF (SANY parses it, and
// TLC agrees with the explorer), and the engine with Math.min/Math.max (strict tsc accepts it,
// and it computes the same values at runtime, runtime params included).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emitTla } from '../../generator/emit-tla/emit.ts';
import { explore } from '../../generator/explore/explore.ts';
import type { CheckResult } from '../../generator/explore/result.ts';
import type { IrExpr } from '../../generator/lower/ir.ts';
import { BINARY_OPERATORS, FUNCTIONS, FUNCTION_NAMES } from '../../generator/lower/operators.ts';
import { compileExpr, type CompileScope } from '../../generator/semantics/compile.ts';
import { INT } from '../../generator/lower/types.ts';
import { irOfText, loadEngine, sanyErrors } from '../names/helpers.ts';
import { runTlcOn } from '../tlc/helpers.ts';
import { TLC_JAR } from '../tlc/tlc-available.ts';

// `n` adds up to Cap and stops there; `peak` is the largest sum it was asked to reach.
const clamp = (more = ''): string => `machine Clamp
param Cap: Nat model 3
states { initial IDLE  terminal DONE }
var n: 0..9 = 0
var peak: 0..9 = 0
event ADD { by: 0..4 }
event STOP {}
accept { ADDED, STOPPED }
transition add: IDLE -> IDLE on ADD
  reason ADDED
  set n = min(n + event.by, Cap), peak = max(peak, n + event.by)
transition stop: IDLE -> DONE on STOP
  reason STOPPED
invariant capped: n <= Cap
invariant peak_above: peak >= n
${more}`;

const statuses = (r: CheckResult): Record<string, string> =>
  Object.fromEntries(r.properties.map((p) => [p.name, p.status]));

describe('the operator tables', () => {
  it('give every function a parameter list and every operator a TLA+ spelling', () => {
    expect(FUNCTION_NAMES).toEqual([
      'size',
      'keys',
      'put',
      'remove',
      'append',
      'head',
      'tail',
      'len',
      'count',
      'min',
      'max',
    ]);
    for (const name of FUNCTION_NAMES)
      expect(FUNCTIONS[name].params.length, name).toBeGreaterThan(0);
    for (const [op, o] of Object.entries(BINARY_OPERATORS)) expect(o.tla, op).not.toBe('');
  });
});

describe('min and max', () => {
  const ir = irOfText(clamp(), 'clamp.tether');

  it('evaluate in the interpreter, negative integers included', () => {
    const int = (value: number): IrExpr =>
      value < 0
        ? { kind: 'neg', operand: { kind: 'int', value: -value, type: INT }, type: INT }
        : { kind: 'int', value, type: INT };
    const scope: CompileScope = {
      layout: { slots: new Map(), size: 2 },
      params: new Map(),
      fields: null,
      typeDomain: () => () => [],
      enabled: () => () => false,
    };
    const frame = { cur: [], next: null, event: null, bound: [], now: 0 };
    const value = (fn: 'min' | 'max', a: number, b: number) =>
      compileExpr({ kind: 'call', fn, args: [int(a), int(b)], type: INT }, scope)(frame);
    expect([value('min', 2, 5), value('min', 5, 2), value('min', -3, 0)]).toEqual([2, 2, -3]);
    expect([value('max', 2, 5), value('max', 5, 2), value('max', -3, -7)]).toEqual([5, 5, -3]);
  });

  it('are evaluated by the explorer', () => {
    // min keeps n at most Cap; max keeps the largest sum asked for, at least n.
    expect(statuses(explore(ir))).toMatchObject({ capped: 'holds', peak_above: 'holds' });
    // That sum reaches 3 + 4 = 7 (n at Cap, then 4 more).
    const r = explore(irOfText(clamp('invariant peak_small: peak < 7'), 'clamp.tether'));
    expect(statuses(r)).toMatchObject({ peak_small: 'violated' });
    const last = r.violations.find((v) => v.property === 'peak_small')!.trace.steps.at(-1)!;
    expect([last.state['n'], last.state['peak']]).toEqual([3, 7]);
  });

  it('print as IF expressions in TLA+', () => {
    const module = emitTla(ir).module.content;
    expect(module).toContain('(IF (n + event.by) <= Cap THEN (n + event.by) ELSE Cap)');
    expect(module).toContain('(IF peak >= (n + event.by) THEN peak ELSE (n + event.by))');
  });

  it.skipIf(!TLC_JAR)(
    'parse in SANY, and TLC agrees with the explorer',
    { timeout: 120_000 },
    async () => {
      expect(sanyErrors(TLC_JAR!, [ir])).toBe('');
      const tlc = await runTlcOn(ir, TLC_JAR!);
      expect(statuses(tlc)).toEqual(statuses(explore(ir)));
    },
  );

  it('are Math.min and Math.max in the engine, which strict tsc accepts', async () => {
    interface Engine {
      createClamp(init: { params: { cap: number }; now: number }): Record<string, unknown>;
      dispatch(
        s: unknown,
        e: unknown,
        now: number,
      ): { ok: boolean; reason: string; snapshot: Record<string, unknown> };
    }
    const { errors, engine, file, dispose } = await loadEngine<Engine>(ir);
    try {
      expect(errors).toEqual([]);
      const code = readFileSync(file, 'utf8');
      expect(code).toContain('Math.min(');
      expect(code).toContain('Math.max(');
      // At runtime Cap is what the params say (here 5, not the model's 3).
      let s = engine.createClamp({ params: { cap: 5 }, now: 0 });
      const sums: unknown[][] = [];
      for (const by of [4, 2, 1]) {
        const out = engine.dispatch(s, { type: 'ADD', by }, 1);
        expect([out.ok, out.reason]).toEqual([true, 'ADDED']);
        s = out.snapshot;
        sums.push([s['n'], s['peak']]);
      }
      // n: min(0+4, 5) = 4, min(4+2, 5) = 5, min(5+1, 5) = 5; peak: max(0, 4), max(4, 6), max(6, 6).
      expect(sums).toEqual([
        [4, 4],
        [5, 6],
        [5, 6],
      ]);
    } finally {
      dispose();
    }
  }, 60_000);

  it('leave a spec its type Math: a type shadows no value, and Math.min is a value', async () => {
    const spec = `machine M
type Math
states { initial A  terminal Z }
var c: set<Math> = {}
var n: 0..3 = 0
event GO { m: Math }
accept { OK }
transition go: A -> A on GO
  reason OK
  set c = c union {event.m}, n = min(n + 1, 3)
invariant i: max(n, 0) >= 0
`;
    const { errors, file, dispose } = await loadEngine(irOfText(spec, 'math.tether'));
    try {
      expect(readFileSync(file, 'utf8')).toMatch(/export type Math = [^]*Math\.min\(/);
      expect(errors).toEqual([]);
    } finally {
      dispose();
    }
  }, 60_000);
});
