// The conformance plan (generator/conformance/plan.ts) on the flagship and on small specs:
// every transition gets a case, every require clause is exactly one of decided / shadowed /
// dead, the built-in rejections are found, and the generated suite is deterministic.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../generator/conformance/plan.ts';
import { conformanceOutput } from '../../generator/conformance/output.ts';
import { exploreGraph } from '../../generator/explore/explore.ts';
import { compileSpec } from '../../generator/frontend.ts';
import { compileFile, miniSpec, ROOT } from '../helpers.ts';

const flagship = compileFile('spec/session.tether');
const ir = flagship.ir!;
const plan = buildPlan(exploreGraph(ir));

describe('conformance plan of the flagship', () => {
  it('has one accepted case per transition, in declaration order, each ending in its target', () => {
    expect(plan.accepts.map((c) => c.transition)).toEqual(ir.transitions.map((t) => t.name));
    for (const c of plan.accepts) {
      const t = ir.transitions.find((x) => x.name === c.transition)!;
      expect(t.sources).toContain(c.from);
      expect(c.to).toBe(t.target);
      expect(c.event.type).toBe(t.event);
      // Each path step is accepted into the state the next one starts from.
      if (c.path.length > 0) expect(c.path.at(-1)!.to).toBe(c.from);
    }
    expect(plan.untaken).toEqual([]);
  });

  it('puts every require clause in exactly one of: decides a rejection, shadowed, dead', () => {
    const all = ir.transitions.flatMap((t) => t.requires.map((_, i) => `${t.name}#${i}`));
    const decided = plan.rejects.flatMap((r) =>
      r.clause ? [`${r.clause.transition}#${r.clause.clause}`] : [],
    );
    const shadowed = plan.shadowed.map((s) => `${s.clause.transition}#${s.clause.clause}`);
    const dead = plan.dead.map((d) => `${d.transition}#${d.clause}`);
    expect([...decided, ...shadowed, ...dead].sort()).toEqual([...all].sort());
    expect(dead).toEqual([]);
    // hit_recovery_bound repeats reattach's checks one clause later: reattach always names them.
    expect(shadowed).toEqual([
      'hit_recovery_bound#0',
      'hit_recovery_bound#1',
      'hit_recovery_bound#2',
      'hit_recovery_bound#3',
      'hit_recovery_bound#4',
      'expire_transport_loss#0',
      'expire_transport_loss#1',
    ]);
    expect(plan.preempted.map((c) => `${c.transition}#${c.clause}`)).toEqual([
      'hit_recovery_bound#4',
      'expire_transport_loss#1',
    ]);
    expect(plan.tieSensitiveEvents).toEqual([]);
  });

  it('finds every built-in rejection: VERSION_MISMATCH on an event that would be accepted, TERMINATED, NO_TRANSITION', () => {
    const builtins = plan.rejects.filter((r) => r.clause === null);
    expect(builtins.map((r) => r.reason)).toEqual([
      'VERSION_MISMATCH',
      'TERMINATED',
      'NO_TRANSITION',
    ]);
    const vm = builtins[0]!;
    expect(vm.event.expectedVersion).toBe(vm.path.length + 1);
    expect(plan.accepts.some((a) => a.event.type === vm.event.type && a.from === vm.state)).toBe(
      true,
    );
    expect(builtins[1]!.state).toBe('TERMINATED');
    // ir.ts dispatch rule 2: the model counts the version modulo 2, so never this one.
    expect(plan.impossible).toEqual(['VERSION_EXHAUSTED']);
  });

  it('uses shortest paths: the rate-limit rejection needs two switches in one window', () => {
    const rate = plan.rejects.find(
      (r) => r.clause?.transition === 'reattach' && r.reason === 'RATE_LIMITED',
    )!;
    expect(rate.state).toBe('DEGRADED');
    expect(rate.path.map((s) => s.transition)).toEqual([
      'handshake',
      'lose_transport',
      'reattach',
      'lose_transport',
      'reattach',
      'lose_transport',
      'hit_recovery_bound',
    ]);
  });
});

describe('conformance plan of small specs', () => {
  const planOf = (text: string) => {
    const c = compileSpec(text, 'spec/t.tether');
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return { plan: buildPlan(exploreGraph(c.ir!)), out: conformanceOutput(c.ir!) };
  };

  it('reports NO_TRANSITION as impossible when every event has a candidate everywhere', () => {
    const { plan: p } = planOf(miniSpec());
    expect(p.impossible).toEqual(['VERSION_EXHAUSTED', 'NO_TRANSITION']);
    expect(p.rejects.map((r) => r.reason)).toEqual(['VERSION_MISMATCH', 'TERMINATED']);
  });

  it('names a dead clause with its span (TTH6001)', () => {
    const { plan: p, out } = planOf(
      readFileSync(`${ROOT}test/fixtures/diagnostics/TTH6001-dead-require-clause.tether`, 'utf8'),
    );
    expect(p.dead.map((d) => `${d.transition}#${d.clause} ${d.reason}`)).toEqual([
      'advance#1 NEGATIVE',
    ]);
    expect(out.diagnostics.map((d) => [d.code, d.span.start.line, d.span.start.column])).toEqual([
      ['TTH6001', 11, 3],
    ]);
    expect(out.file.content).toContain(
      '// dead: advance require #2 (NEGATIVE, spec/t.tether:11:3) never fails in a reachable state (TTH6001).',
    );
  });

  it('writes a suite that fails, saying why, for a model that fails its own checks', () => {
    const c = compileFile('test/fixtures/seeded/rejection-mutates.tether');
    const out = conformanceOutput(c.ir!);
    expect(out.plan).toBeNull();
    expect(out.file.content).toContain('expect.fail(');
    expect(out.file.content).toContain(
      'fails its checks (S3_only_accepted_reattach_consumes_nonces)',
    );
  });
});

describe('the generated suite', () => {
  it('is deterministic and is what generated/session.conformance.test.ts holds', () => {
    const a = conformanceOutput(ir);
    const b = conformanceOutput(compileFile('spec/session.tether').ir!);
    expect(a.file).toEqual(b.file);
    expect(readFileSync(`${ROOT}generated/session.conformance.test.ts`, 'utf8')).toBe(
      a.file.content,
    );
    expect(
      a.file.content.startsWith(
        '// Generated by `tether generate` from spec/session.tether. DO NOT EDIT:',
      ),
    ).toBe(true);
  }, 60_000);
});
