// IR rule 9, integers: the model computes with TLC's 32-bit integers. An arithmetic result
// outside them is an evaluation error in both checkers, told in the same spec terms with the
// behaviour that led to it (TLC's own "Overflow when computing a*b", read from a recorded
// output, must read exactly as the explorer's); the runtime oracle, whose times are
// milliseconds, is not bounded by it.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ModelEvaluationError } from '../../generator/explore/evaluation-error.ts';
import { explore } from '../../generator/explore/explore.ts';
import { compileSpec } from '../../generator/frontend.ts';
import { Runtime } from '../../generator/semantics/runtime.ts';
import type { Value } from '../../generator/semantics/values.ts';
import { ToolOutputParser } from '../../generator/tlc/parse-output.ts';
import { interpretTlc } from '../../generator/tlc/read-run.ts';
import { fixturePath, miniSpec, ROOT, runCli } from '../helpers.ts';
import { irOf } from '../tlc/helpers.ts';
import { TLC_JAR } from '../tlc/tlc-available.ts';

const PRODUCT = 'test/fixtures/models/overflow-product.tether';
const GUARD = 'test/fixtures/models/overflow-guard.tether';
const OUTSIDE =
  "3000000 * 1000 = 3000000000 is outside the model's integers, -2147483648..2147483647 (TLC's)";

function explorerError(spec: string): ModelEvaluationError {
  try {
    explore(irOf(spec));
  } catch (error) {
    if (error instanceof ModelEvaluationError) return error;
    throw error;
  }
  throw new Error(`${spec}: the explorer found no overflow`);
}

function tlcError(spec: string, output: string, exit: number): ModelEvaluationError {
  const parser = new ToolOutputParser();
  parser.push(readFileSync(fixturePath('tlc-output', output), 'utf8'));
  try {
    interpretTlc(irOf(spec), parser.end(), exit);
  } catch (error) {
    if (error instanceof ModelEvaluationError) return error;
    throw error;
  }
  throw new Error(`${output}: read as no overflow`);
}

describe('integer overflow in the model', () => {
  it('the explorer stops where TLC does: n * Limit * 1000 at n = 3, in the invariant', () => {
    const e = explorerError(PRODUCT);
    expect(e.message).toBe(`integer overflow in invariant scaled (${PRODUCT}:17:11): ${OUTSIDE}`);
    expect(e.trace.steps.map((s) => s.state['n'])).toEqual([0, 1, 2, 3]);
  });

  it("reads TLC's overflow exactly as the explorer reports it, in an invariant and in a guard", () => {
    for (const [spec, output, exit] of [
      [PRODUCT, 'overflow-product.exit-76.out', 76],
      [GUARD, 'overflow-guard.exit-255.out', 255],
    ] as const) {
      const tlc = tlcError(spec, output, exit);
      const explorer = explorerError(spec);
      expect(tlc.message).toBe(explorer.message);
      expect(tlc.trace.steps.map((s) => s.state)).toEqual(explorer.trace.steps.map((s) => s.state));
    }
    expect(explorerError(GUARD).message).toBe(
      `integer overflow in transition advance (${GUARD}:11:12): ${OUTSIDE}`,
    );
  });

  it('names the step property, invariant or temporal property that overflows', () => {
    const at = (extra: string): string => {
      const c = compileSpec(
        miniSpec(`param L: Nat model 1000000\nvar n: 0..3 = 3\n${extra}`),
        'm.tether',
      );
      if (!c.ir) throw new Error(c.diagnostics.map((d) => d.message).join('; '));
      try {
        explore(c.ir);
      } catch (error) {
        if (error instanceof ModelEvaluationError) return error.message.replace(/: .*/, '');
        throw error;
      }
      return 'no overflow';
    };
    expect(at("step s: n' * L * 1000 >= 0")).toBe(
      'integer overflow in step property s (m.tether:9:6)',
    );
    expect(at('invariant i: n * L * 1000 >= 0')).toBe(
      'integer overflow in invariant i (m.tether:9:11)',
    );
    expect(at('property p: eventually (state == Z or n * L * 1000 > 0)\nfairness weak go')).toBe(
      'integer overflow in property p (m.tether:9:10)',
    );
    expect(at('invariant i: n - 2147483647 - 5 < 0')).toBe(
      'integer overflow in invariant i (m.tether:9:11)',
    );
  });

  it("a range wider than TLC's intervals is the same error when its bounds are computed", () => {
    const c = compileSpec(
      miniSpec(
        'param L: Nat model 2147483647\nvar n: 0..1 = 0\ninvariant i: forall k in n - 1..L: k >= -1',
      ),
      'm.tether',
    );
    expect(() => explore(c.ir!)).toThrow(
      'integer overflow in invariant i (m.tether:9:11): the size of -1..2147483647 = 2147483649 is outside',
    );
  });

  it('leaves the runtime oracle unbounded: times and runtime params are milliseconds', () => {
    const runtime = new Runtime(irOf(PRODUCT), { Limit: 1_000_000 });
    let s: readonly Value[] = runtime.create({}, 5_000_000_000_000);
    for (let i = 0; i < 3; i++) {
      const out = runtime.dispatch(s, { type: 'STEP', payload: {} }, 5_000_000_000_000);
      expect(out).toMatchObject({ ok: true, violated: null });
      s = out.snapshot;
    }
  });

  it(
    'check prints it with result error, exit 1, in text and --json',
    { timeout: 60_000 },
    async () => {
      const text = await runCli(['check', '--explorer', `${ROOT}${PRODUCT}`]);
      expect(text.code).toBe(1);
      expect(text.out).toContain(`: ERROR: integer overflow in invariant scaled (`);
      expect(text.out).toMatch(
        /the behaviour up to the evaluation, 4 states:\n\s+1 {2}initial state/,
      );
      const json = JSON.parse(
        (await runCli(['check', '--explorer', '--json', `${ROOT}${PRODUCT}`])).out,
      ) as Record<string, unknown>;
      expect(json).toMatchObject({ checker: 'explorer', result: 'error' });
      expect(json['error']).toMatch(/^integer overflow in invariant scaled/);
      expect((json['trace'] as unknown[]).length).toBe(4);
    },
  );

  it.skipIf(!TLC_JAR)(
    'TLC and the explorer print the same error',
    { timeout: 120_000 },
    async () => {
      for (const spec of [PRODUCT, GUARD]) {
        const explorer = await runCli(['check', '--explorer', `${ROOT}${spec}`]);
        const tlc = await runCli(['check', '--tlc-jar', TLC_JAR!, `${ROOT}${spec}`]);
        expect(tlc.code).toBe(1);
        const body = (out: string): string => out.split('\n').slice(1).join('\n');
        expect(body(tlc.out)).toBe(body(explorer.out));
      }
    },
  );
});
