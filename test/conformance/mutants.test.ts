// The mutant generator over a generated engine, and the rules that explain survivors.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../generator/conformance/plan.ts';
import { exploreGraph } from '../../generator/explore/explore.ts';
import { whyEquivalent } from '../../generator/mutate/equivalent.ts';
import { applyMutant, listMutants, type Mutant } from '../../generator/mutate/mutants.ts';
import { emitEngine } from '../../generator/emit-ts/engine.ts';
import { compileFile, ROOT } from '../helpers.ts';
import { compileSpec } from '../../generator/frontend.ts';

const source = readFileSync(`${ROOT}generated/session.ts`, 'utf8');
const mutants = listMutants(source);
const ir = compileFile('spec/session.tether').ir!;
const plan = buildPlan(exploreGraph(ir));
const find = (p: (m: Mutant) => boolean): Mutant => {
  const m = mutants.find(p);
  if (!m) throw new Error('no such mutant');
  return m;
};

describe('mutants of generated/session.ts', () => {
  it('are deterministic, numbered, and each changes the source', () => {
    expect(listMutants(source)).toEqual(mutants);
    expect(mutants.map((m) => m.id)).toEqual(mutants.map((_, i) => i + 1));
    for (const m of mutants) expect(applyMutant(source, m)).not.toBe(source);
  });

  it('cover every operator, with the safety net marked apart', () => {
    expect(new Set(mutants.map((m) => m.operator))).toEqual(
      new Set([
        'drop-clause',
        'negate-clause',
        'operator',
        'swap-reason',
        'wrong-target',
        'no-version-bump',
        'drop-assignment',
        'absorb-removed',
        'version-check-removed',
        'version-bound-removed',
        'reject-copies',
        'reject-mutates',
        'tie-rule',
        'initial-value',
        'validation-dropped',
        'snapshot-check-dropped',
        'stored-field-wrong',
        'safety-net',
      ]),
    );
    for (const m of mutants) expect(m.safetyNet).toBe(m.operator === 'safety-net');
    expect(
      mutants.filter((m) => m.safetyNet).every((m) => /^(violation|take_\w+)$/.test(m.where)),
    ).toBe(true);
  });

  it("include the issue's examples: dropped guard, swapped reason, missing version bump, wrong target, mutation on rejection", () => {
    const dropped = find(
      (m) => m.operator === 'drop-clause' && m.where === 'guard_reattach' && m.clause === 3,
    );
    expect(dropped.original).toBe('if (!(!s.usedNonces.has(e.nonce))) return 3;');
    expect(
      applyMutant(
        source,
        find((m) => m.operator === 'no-version-bump' && m.where === 'take_reattach'),
      ),
    ).toContain("state: 'ATTACHED',\n    version: s.version,");
    expect(
      find((m) => m.operator === 'wrong-target' && m.where === 'take_lose_transport').replacement,
    ).toBe("'DEGRADED'");
    expect(
      find((m) => m.operator === 'swap-reason' && m.where === 'REASONS_reattach' && m.clause === 3)
        .original,
    ).toBe("'NONCE_REPLAY'");
    expect(find((m) => m.operator === 'reject-mutates').replacement).toBe(
      '{ ...s, version: s.version + 1 }',
    );
  });
});

describe('equivalence rules', () => {
  it('explain a reason of a clause that never names a rejection', () => {
    const m = find(
      (x) =>
        x.operator === 'swap-reason' && x.where === 'REASONS_hit_recovery_bound' && x.clause === 0,
    );
    expect(whyEquivalent(m, plan, ir)).toBe(
      'the clause never names a rejection (whenever it fails, reattach require #2 names it), so this reason string is never returned',
    );
  });

  it('explain a clause that only fails where an earlier candidate is taken', () => {
    const m = find(
      (x) =>
        x.operator === 'drop-clause' && x.where === 'guard_expire_transport_loss' && x.clause === 1,
    );
    expect(whyEquivalent(m, plan, ir)).toMatch(
      /^the clause fails only where a candidate tried before it is taken/,
    );
  });

  it(
    'explain the tie rule when no reachable tie has different reasons, but not the safety net (the arbitrary-snapshot case must kill it)',
    { timeout: 60_000 },
    () => {
      expect(
        whyEquivalent(
          find((x) => x.operator === 'tie-rule' && x.event === 'TIMER'),
          plan,
          ir,
        ),
      ).toMatch(/^no reachable state has two TIMER candidates failing at the same clause/);
      for (const m of mutants.filter((x) => x.safetyNet))
        expect(whyEquivalent(m, plan, ir)).toBeNull();
    },
  );

  it('explain nothing else: a survivor there would be a miss', () => {
    const explained = mutants.filter((m) => whyEquivalent(m, plan, ir) !== null);
    for (const m of mutants.filter(
      (x) =>
        [
          'drop-clause',
          'no-version-bump',
          'wrong-target',
          'reject-copies',
          'absorb-removed',
          'version-check-removed',
          'version-bound-removed',
          'validation-dropped',
        ].includes(x.operator) && !x.safetyNet,
    ))
      if (!(m.where === 'guard_expire_transport_loss' || m.where === 'guard_hit_recovery_bound'))
        expect(explained).not.toContain(m);
    expect(
      whyEquivalent(
        find((x) => x.operator === 'drop-clause' && x.where === 'guard_reattach' && x.clause === 1),
        plan,
        ir,
      ),
    ).toBeNull();
  });
});

describe('the stay rule', () => {
  it('explains a stay transition from one state moved to that state, and no other target', () => {
    const breaker = compileFile('test/fixtures/protocols/circuit-breaker.tether').ir!;
    const breakerPlan = buildPlan(exploreGraph(breaker));
    const at = (replacement: string): Mutant => ({
      id: 1,
      operator: 'wrong-target',
      where: 'take_trial',
      line: 1,
      original: 's.state',
      replacement,
      safetyNet: false,
      start: 0,
      end: 0,
    });
    expect(whyEquivalent(at("'HALF_OPEN'"), breakerPlan, breaker)).toMatch(
      /^trial stays in its one source state, HALF_OPEN/,
    );
    expect(whyEquivalent(at("'OPEN'"), breakerPlan, breaker)).toBeNull();
  });
});

describe('map-update', () => {
  it('removes the key a step puts (a whole removal forgotten is drop-assignment)', () => {
    const lock = emitEngine(compileFile('test/fixtures/language/map.tether').ir!).content;
    const updates = listMutants(lock).filter((m) => m.operator === 'map-update');
    expect(updates.map((m) => [m.where, m.original, m.replacement])).toEqual([
      [
        'take_acquire',
        'mapPut(s.granted, e.client, (s.token + 1))',
        'mapRemove(s.granted, e.client)',
      ],
    ]);
    for (const m of updates) expect(applyMutant(lock, m)).not.toBe(lock);
  });
});

describe('safety-net checks one another covers (mutate/subsumed.ts)', () => {
  const spec = compileFile('test/fixtures/engines/subsumed-checks.tether').ir!;
  const engine = emitEngine(spec).content;
  const removals = listMutants(engine).filter((m) => m.operator === 'safety-net' && m.checks);
  const removal = (where: string, check: string): Mutant => {
    const m = removals.find((x) => x.where === where && x.checks?.includes(check));
    if (!m) throw new Error(`no removal of ${check} in ${where}`);
    return m;
  };
  const why = (m: Mutant): string | null => whyEquivalent(m, buildPlan(exploreGraph(spec)), spec);

  it('know the checks a removed line stands for, from its comment', () => {
    expect(removals.filter((m) => m.where === 'take_hold').map((m) => m.checks)).toEqual([
      ['timer_only_in_wait'],
      ['timer_in_a_waiting_state'],
      ['bounded'],
    ]);
  });

  it('call a check equivalent where another of the step fails whenever it does', () => {
    expect(why(removal('take_hold', 'timer_in_a_waiting_state'))).toMatch(
      /^wherever timer_in_a_waiting_state fails after hold, another of its checks fails too \(timer_only_in_wait\), on the \d+ steps/,
    );
  });

  it('call a check equivalent that never fails after the step, for any of the suite params', () => {
    // count < 2 held before bump; so count + 1 <= 2 after it, for the integers count holds.
    expect(why(removal('take_bump', 'bounded'))).toMatch(/^bounded never fails after bump/);
  });

  it('explain nothing where the check fails only past the model bound, as a run can go', () => {
    // After 51 INCs the engine stops at `small`; without the check it would go on.
    const ir = compileSpec(
      'machine Counter\nstates { initial IDLE, terminal DONE }\nvar count: Int model 0..3 = 0\nevent INC {}\naccept { INCREMENTED }\ntransition inc: IDLE -> stay on INC\n  reason INCREMENTED\n  set count = count + 1\ninvariant small: count <= 50\n',
      'counter.tether',
    ).ir!;
    const removal = listMutants(emitEngine(ir).content).find(
      (m) => m.operator === 'safety-net' && m.where === 'take_inc' && m.checks?.includes('small'),
    )!;
    expect(removal).toBeDefined();
    expect(whyEquivalent(removal, buildPlan(exploreGraph(ir)), ir)).toBeNull();
  });

  it('explain nothing where the check fails alone (count 3 in a snapshot no run reaches)', () => {
    expect(why(removal('take_hold', 'bounded'))).toBeNull();
    expect(why(removal('take_hold', 'timer_only_in_wait'))).toBeNull();
  });
});
