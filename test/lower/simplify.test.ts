// The checks after a step, specialised per transition (generator/lower/simplify.ts). What
// they leave is pinned here for the flagship; that they decide as the full checks is the
// generated suite's "safety net" case (arbitrary snapshots, engine against the oracle).

import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { show, specialiseStepChecks } from '../../generator/lower/simplify.ts';
import { irOf } from '../tlc/helpers.ts';

const residuals = (text: string, transition: string): Record<string, string> => {
  const c = compileSpec(text, 'x.tether');
  if (!c.ir) throw new Error(c.diagnostics.map((d) => d.message).join('; '));
  const t = c.ir.transitions.find((x) => x.name === transition)!;
  return Object.fromEntries(specialiseStepChecks(c.ir, t).flatMap((ch) => (show(ch.residual) === 'true' && !ch.onNext ? [] : [[ch.name, ch.onNext ? 'on next' : show(ch.residual)]])));
};

describe('step checks specialised per transition', () => {
  it('on the flagship, leave only what the transition\'s own clauses do not imply', () => {
    const ir = irOf('spec/session.tether');
    const left = Object.fromEntries(
      ir.transitions.map((t) => [t.name, specialiseStepChecks(ir, t).flatMap((ch) => (show(ch.residual) === 'true' ? [] : [`${ch.name}: ${show(ch.residual)}`]))]),
    );
    expect(left).toEqual({
      handshake: ['I4_no_dual_active_binding: ((s.active_transport != null) => (e.transport == s.active_transport))'],
      transport_unstable: ['I1_single_active_transport: (s.active_transport != null)'],
      transport_stable: ['I1_single_active_transport: (s.active_transport != null)'],
      // L1 (enabled(reattach) on the new snapshot) is implied: the premise's bounds are
      // the clauses' own, and a fresh nonce, a valid proof and no conflict always exist.
      lose_transport: [],
      reattach: ["S5_transport_follows_state: ('ATTACHED != s.state)"],
      hit_recovery_bound: ['Ensures_hit_recovery_bound: (s.active_transport == null)', 'I1_single_active_transport: (s.active_transport == null)'],
      expire_session: [],
      expire_transport_loss: ['Ensures_expire_transport_loss: (s.active_transport == null)', 'I1_single_active_transport: (s.active_transport == null)'],
      ownership_ambiguous: [],
      policy_hard_failure: [],
      terminate: [],
    });
  });

  const spec = (body: string[]): string =>
    ['machine M', 'type Id model 2', 'states { initial A  B  terminal Z }', 'var held: set<Id> = {}', 'var cur: Id? = null', 'event GO { id: Id, ok: Bool }', 'accept { OK }', 'reject { NO }', ...body].join('\n');

  it('decide a quantifier over ids by the one id nothing holds, and only then', () => {
    const go = ['transition go: A -> B on GO', '  reason OK', '  set held = held union {event.id}'];
    expect(residuals(spec([...go, 'invariant some_free: exists x in Id: x not in held']), 'go')).toEqual({});
    expect(residuals(spec([...go, 'invariant none_free: state == B => forall x in Id: x in held']), 'go')).toEqual({ none_free: 'false' });
    // Two distinct ids exist, but the fresh id alone cannot show it (y = fresh is x's value
    // when x is fresh too): kept for the runtime, not folded either way.
    expect(residuals(spec([...go, 'invariant two: exists x in Id: exists y in Id: x != y']), 'go')).toEqual({
      two: expect.stringMatching(/^\(exists x in .*: \(exists y in .*: \(q\.x != q\.y\)\)\)$/),
    });
    // An inner quantifier that binds the name again is not told what the outer one knew:
    // forall over every id of `x in held` is false (the extra id is never held).
    expect(residuals(spec([...go, 'invariant shadow: exists x in Id: (x in held and forall x in Id: x in held)']), 'go')).toEqual({ shadow: 'false' });
    // A contradiction under the left side's facts is false whatever the ids.
    expect(residuals(spec([...go, 'invariant never: exists x in Id: exists y in Id: x != y and y == x']), 'go')).toEqual({ never: 'false' });
  });

  it('keep numeric self-comparisons (NaN is not equal to itself) but fold id ones', () => {
    const body = ['var k: 0..3 = 0', 'transition go: A -> B on GO', '  reason OK'];
    expect(residuals(spec([...body, 'invariant ids: cur == cur', 'invariant ints: k == k']), 'go')).toEqual({ ints: '(s.k == s.k)' });
  });

  it('use the require clauses as facts, and nothing else about the old snapshot', () => {
    const go = ['transition go: A -> B on GO', '  reason OK', '  require cur == null else NO', '  set cur = event.id'];
    expect(residuals(spec([...go, 'step keep: (cur != null and cur\' != null) => cur\' == cur']), 'go')).toEqual({});
    const open = ['transition go: A -> B on GO', '  reason OK', '  set cur = event.id'];
    expect(residuals(spec([...open, 'step keep: (cur != null and cur\' != null) => cur\' == cur']), 'go')).toEqual({ keep: '((s.cur != null) => (e.id == s.cur))' });
  });
});
