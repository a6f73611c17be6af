// The checks after a step, specialised per transition (generator/emit-ts/simplify.ts). What
// they leave is pinned here for the flagship; that they decide as the full checks is the
// generated suite's "safety net" case (arbitrary snapshots, engine against the oracle).

import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { show, specialiseStepChecks } from '../../generator/emit-ts/simplify.ts';
import { irOf } from '../tlc/helpers.ts';

const residuals = (text: string, transition: string): Record<string, string> => {
  const c = compileSpec(text, 'x.tether');
  if (!c.ir) throw new Error(c.diagnostics.map((d) => d.message).join('; '));
  const t = c.ir.transitions.find((x) => x.name === transition)!;
  return Object.fromEntries(
    specialiseStepChecks(c.ir, t).flatMap((ch) =>
      show(ch.residual) === 'true' && !ch.onNext
        ? []
        : [[ch.name, ch.onNext ? 'on next' : show(ch.residual)]],
    ),
  );
};

describe('step checks specialised per transition', () => {
  it("on the flagship, leave only what the transition's own clauses do not imply", () => {
    const ir = irOf('spec/session.tether');
    const left = Object.fromEntries(
      ir.transitions.map((t) => [
        t.name,
        specialiseStepChecks(ir, t).flatMap((ch) =>
          show(ch.residual) === 'true' ? [] : [`${ch.name}: ${show(ch.residual)}`],
        ),
      ]),
    );
    expect(left).toEqual({
      handshake: [
        'I4_no_dual_active_binding: ((s.active_transport != null) => (e.transport == s.active_transport))',
      ],
      transport_unstable: ['I1_single_active_transport: (s.active_transport != null)'],
      transport_stable: ['I1_single_active_transport: (s.active_transport != null)'],
      // L1 (enabled(reattach) on the new snapshot) is implied: the premise's bounds are
      // the clauses' own, and a fresh nonce, a valid proof and no conflict always exist.
      lose_transport: [],
      reattach: ["S5_transport_follows_state: ('ATTACHED != s.state)"],
      hit_recovery_bound: [
        'Ensures_hit_recovery_bound: (s.active_transport == null)',
        'I1_single_active_transport: (s.active_transport == null)',
      ],
      expire_session: [],
      expire_transport_loss: [
        'Ensures_expire_transport_loss: (s.active_transport == null)',
        'I1_single_active_transport: (s.active_transport == null)',
      ],
      ownership_ambiguous: [],
      policy_hard_failure: [],
      terminate: [],
    });
  });

  const spec = (body: string[]): string =>
    [
      'machine M',
      'type Id model 2',
      'states { initial A  B  terminal Z }',
      'var held: set<Id> = {}',
      'var cur: Id? = null',
      'event GO { id: Id, ok: Bool }',
      'accept { OK }',
      'reject { NO }',
      ...body,
    ].join('\n');

  it('decide an inlined enabled() over ids by the one id nothing holds, and only then', () => {
    // A spec cannot quantify over Id (TTH2017); enabled() is inlined as such quantifiers.
    const go = ['transition go: A -> B on GO', '  reason OK', '  set held = held union {event.id}'];
    const take = (...requires: string[]) => [
      'event TAKE { x: Id, y: Id }',
      'transition take: A | B -> B on TAKE',
      '  reason OK',
      ...requires.map((r) => `  require ${r} else NO`),
    ];
    // exists x in Id: x not in held
    expect(
      residuals(
        spec([...go, ...take('event.x not in held'), 'invariant some_free: enabled(take)']),
        'go',
      ),
    ).toEqual({});
    // forall x in Id: x in held (the extra id is never held)
    expect(
      residuals(
        spec([
          ...go,
          ...take('event.x not in held'),
          'invariant none_free: state == B => not enabled(take)',
        ]),
        'go',
      ),
    ).toEqual({ none_free: 'false' });
    // Two distinct ids exist, but the fresh id alone cannot show it (y = fresh is x's value
    // when x is fresh too): kept for the runtime, not folded either way.
    expect(
      residuals(spec([...go, ...take('event.x != event.y'), 'invariant two: enabled(take)']), 'go'),
    ).toEqual({
      two: expect.stringMatching(
        /^\(exists take__x in .*: \(exists take__y in .*: \(q\.take__x != q\.take__y\)\)\)$/,
      ),
    });
    // An inner quantifier that binds the name again is not told what the outer one knew:
    // forall over every id of `take__x in held` is false (the extra id is never held).
    expect(
      residuals(
        spec([
          ...go,
          ...take('event.x not in held'),
          'invariant shadow: exists take__x in held: (take__x in held and not enabled(take))',
        ]),
        'go',
      ),
    ).toEqual({ shadow: 'false' });
    // A contradiction under the left side's facts is false whatever the ids.
    expect(
      residuals(
        spec([
          ...go,
          ...take('event.x != event.y', 'event.y == event.x'),
          'invariant never: enabled(take)',
        ]),
        'go',
      ),
    ).toEqual({ never: 'false' });
  });

  it('know that a set grows by an element it did not hold', () => {
    const go = [
      'transition go: A -> B on GO',
      '  reason OK',
      '  require event.id not in held else NO',
      '  set held = held union {event.id}',
    ];
    expect(residuals(spec([...go, "step grows: held' != held"]), 'go')).toEqual({});
    const open = [
      'transition go: A -> B on GO',
      '  reason OK',
      '  set held = held union {event.id}',
    ];
    expect(residuals(spec([...open, "step grows: held' != held"]), 'go')).toEqual({
      grows: '(n.held != s.held)',
    });
  });

  it('keep numeric self-comparisons (NaN is not equal to itself) but fold id ones', () => {
    const body = ['var k: 0..3 = 0', 'transition go: A -> B on GO', '  reason OK'];
    expect(
      residuals(spec([...body, 'invariant ids: cur == cur', 'invariant ints: k == k']), 'go'),
    ).toEqual({ ints: '(s.k == s.k)' });
  });

  it('use the require clauses as facts, and nothing else about the old snapshot', () => {
    const go = [
      'transition go: A -> B on GO',
      '  reason OK',
      '  require cur == null else NO',
      '  set cur = event.id',
    ];
    expect(
      residuals(spec([...go, "step keep: (cur != null and cur' != null) => cur' == cur"]), 'go'),
    ).toEqual({});
    const open = ['transition go: A -> B on GO', '  reason OK', '  set cur = event.id'];
    expect(
      residuals(spec([...open, "step keep: (cur != null and cur' != null) => cur' == cur"]), 'go'),
    ).toEqual({ keep: '((s.cur != null) => (e.id == s.cur))' });
  });
});
