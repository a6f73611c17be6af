// The runtime interpreter (absolute times) follows the IR's dispatch rule, and agrees step
// for step with the model the checkers explore (relative times, version mod 2): every
// accepted event is a model transition to the abstracted snapshot, every rejected one has
// no enabled transition in the model, and time passing is the model's Tick.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATE_SLOT, VERSION_SLOT } from '../../generator/semantics/compile.ts';
import { Model, TIME_PASSED, VERSION_MODULUS } from '../../generator/semantics/model.ts';
import { Runtime } from '../../generator/semantics/runtime.ts';
import { someNode } from '../../generator/lower/ir.ts';
import { specialiseStepChecks } from '../../generator/emit-ts/simplify.ts';
import { compileSpec } from '../../generator/frontend.ts';
import type { Value } from '../../generator/semantics/values.ts';
import { irOf } from '../tlc/helpers.ts';
import { pbtOptions } from '../helpers.ts';
import { recoveryBoundWalk, walkCommands, type WalkCommand } from './walks.ts';

const ir = irOf('spec/session.tether');
const model = new Model(ir);
const params = Object.fromEntries(ir.params.map((p) => [p.name, p.modelValue]));
const runtime = new Runtime(ir, params);
const slot = (name: string): number => runtime.layout.slots.get(name)!;
const START = 1_000;

function event(type: string, payload: Record<string, Value> = {}, expectedVersion?: number) {
  return expectedVersion === undefined ? { type, payload } : { type, payload, expectedVersion };
}

function attached() {
  const s0 = runtime.create({ session_id: 'S1' }, START);
  const r = runtime.dispatch(
    s0,
    event('HANDSHAKE', { transport: 'T1', handshake_valid: true }),
    START,
  );
  if (!r.ok) throw new Error('handshake rejected');
  return r.snapshot;
}

function recovering() {
  const r = runtime.dispatch(
    attached(),
    event('TRANSPORT_DEAD', { health_failure_validated: true }),
    START,
  );
  if (!r.ok) throw new Error('loss rejected');
  return r.snapshot;
}

const reattach = (over: Record<string, Value> = {}) =>
  event('REATTACH', {
    transport: 'T2',
    proof_valid: true,
    nonce: 'N1',
    ownership_conflict: false,
    ...over,
  });

describe('the dispatch rule at runtime', () => {
  it('creates the initial snapshot from consts, params and now', () => {
    const s = runtime.create({ session_id: 'S1' }, START);
    expect(s[STATE_SLOT]).toBe('BIRTH');
    expect(s[VERSION_SLOT]).toBe(0);
    expect(s[slot('session_deadline')]).toBe(START + (params['SessionTtl'] as number));
    expect(s[slot('window_deadline')]).toBe(START);
  });

  it('accepts with the transition reason, adds one to the version, assigns simultaneously', () => {
    const s = recovering();
    const r = runtime.dispatch(s, reattach(), START + 1);
    expect(r).toMatchObject({
      ok: true,
      from: 'RECOVERING',
      to: 'ATTACHED',
      transition: 'reattach',
      reason: 'REATTACH_ACK',
      violated: null,
    });
    expect(r.snapshot[VERSION_SLOT]).toBe((s[VERSION_SLOT] as number) + 1);
    // window_deadline and switches both read the old window: it had passed, so a new one starts.
    expect(r.snapshot[slot('switches')]).toBe(1);
    expect(r.snapshot[slot('window_deadline')]).toBe(
      START + 1 + (params['RecoveryWindow'] as number),
    );
    expect(r.snapshot[slot('used_nonces')]).toEqual(['N1']);
  });

  it('rejects without mutating: the very same snapshot', () => {
    const s = recovering();
    const r = runtime.dispatch(s, reattach({ proof_valid: false }), START + 1);
    expect(r).toEqual({ ok: false, snapshot: s, reason: 'PROOF_INVALID' });
    expect(r.snapshot).toBe(s);
  });

  it('names the failing clause of the candidate that got furthest', () => {
    // In ATTACHED the first clause of reattach fails: a second transport would be bound.
    expect(runtime.dispatch(attached(), reattach(), START).reason).toBe('DUAL_ACTIVE');
    const s = recovering();
    expect(runtime.dispatch(s, reattach({ ownership_conflict: true }), START).reason).toBe(
      'OWNERSHIP_CONFLICT',
    );
    const after = runtime.dispatch(s, reattach(), START);
    const lost = runtime.dispatch(
      after.snapshot,
      event('TRANSPORT_DEAD', { health_failure_validated: true }),
      START,
    );
    expect(runtime.dispatch(lost.snapshot, reattach(), START).reason).toBe('NONCE_REPLAY');
    expect(runtime.dispatch(s, reattach(), START + 100).reason).toBe('TTL_EXPIRED');
  });

  it('rejects a stale expectedVersion before any guard, and nothing in a terminal state', () => {
    const s = recovering();
    expect(runtime.dispatch(s, reattach({ proof_valid: false }), START)).toMatchObject({
      reason: 'PROOF_INVALID',
    });
    expect(
      runtime.dispatch(s, { ...reattach({ proof_valid: false }), expectedVersion: 99 }, START),
    ).toEqual({ ok: false, snapshot: s, reason: 'VERSION_MISMATCH' });
    const t = runtime.dispatch(s, event('TERMINATE'), START).snapshot;
    expect(runtime.dispatch(t, event('TERMINATE'), START)).toEqual({
      ok: false,
      snapshot: t,
      reason: 'TERMINATED',
    });
    expect(runtime.dispatch(attached(), event('TRANSPORT_STABLE'), START).reason).toBe(
      'NO_TRANSITION',
    );
  });

  it('takes no step from a version that cannot grow exactly, or is no version (VERSION_EXHAUSTED)', () => {
    const at = (v: Value): Value[] => {
      const s = attached().slice();
      s[VERSION_SLOT] = v;
      return s;
    };
    const last = Number.MAX_SAFE_INTEGER - 1;
    const step = runtime.dispatch(at(last), event('TRANSPORT_UNSTABLE'), START);
    expect(step.ok && step.snapshot[VERSION_SLOT]).toBe(Number.MAX_SAFE_INTEGER);
    for (const v of [Number.MAX_SAFE_INTEGER, 2 ** 53, -1, 0.5, Number.NaN, Infinity, '3']) {
      const s = at(v);
      expect(
        runtime.dispatch(s, { ...event('TRANSPORT_UNSTABLE'), expectedVersion: 0 }, START),
        String(v),
      ).toEqual({ ok: false, snapshot: s, reason: 'VERSION_EXHAUSTED' });
    }
  });

  it('moves to the violation state when an ensure fails, keeping the last consistent values', () => {
    const token = irOf('test/fixtures/models/broken-ensure.tether');
    const rt = new Runtime(token, {});
    const s = rt.create({}, 0);
    const r = rt.dispatch(s, event('TAKE', { who: 'alice' }), 5);
    expect(r).toMatchObject({
      ok: true,
      to: 'GONE',
      transition: 'take',
      reason: 'INVARIANT_VIOLATION',
      violated: 'Ensures_take',
    });
    expect(r.snapshot[VERSION_SLOT]).toBe(1);
    expect(r.snapshot.slice(2)).toEqual(s.slice(2));
  });

  it('evaluates enabled() with the ids the snapshot holds and a fresh one (L1)', () => {
    const s = recovering();
    expect(runtime.isEnabled('reattach', s, START)).toBe(true);
    expect(runtime.isEnabled('reattach', attached(), START)).toBe(false);
  });
});

/** The model's view of a runtime snapshot at time `now`. */
function abstraction(s: readonly Value[], now: number): Value[] {
  const a = s.slice();
  a[VERSION_SLOT] = (s[VERSION_SLOT] as number) % VERSION_MODULUS;
  for (const i of model.timeSlots) {
    const v = s[i];
    if (typeof v === 'number') a[i] = Math.max(v - now, TIME_PASSED);
  }
  return a;
}

// Runtime ids are the model's values, so payloads can be drawn from the model's domains.
const command = walkCommands(model);

describe('runtime and model agree', () => {
  const seen = new Set<string>();
  const walk = (commands: readonly WalkCommand[]): void => {
    let now = START;
    let s = runtime.create({ session_id: model.initialStates()[0]![slot('session_id')]! }, now);
    expect(abstraction(s, now)).toEqual(model.initialStates()[0]);
    for (const c of commands) {
      const terminal = model.terminal.has(s[STATE_SLOT] as string);
      if (c.kind === 'tick') {
        const before = abstraction(s, now);
        now += 1;
        if (!terminal) expect(abstraction(s, now)).toEqual(model.tick(before) ?? before);
        continue;
      }
      const e = ir.events[c.ev]!;
      const all = model.eventPayloads(c.ev);
      const accepted = all.filter((p) =>
        model
          .candidates(s[STATE_SLOT] as string, c.ev)
          .some((t) => model.guardHolds(t, abstraction(s, now), p)),
      );
      const choices = c.guided && accepted.length > 0 ? accepted : all;
      const chosen = choices[c.pick % choices.length]!;
      const payload = Object.fromEntries(e.fields.map((f, i) => [f.name, chosen[i]!]));
      const version = s[VERSION_SLOT] as number;
      const expectedVersion =
        c.version === 'none' ? undefined : c.version === 'right' ? version : version + 1;
      const r = runtime.dispatch(
        s,
        expectedVersion === undefined
          ? { type: e.name, payload }
          : { type: e.name, payload, expectedVersion },
        now,
      );
      const a = abstraction(s, now);
      const enabled = model
        .candidates(s[STATE_SLOT] as string, c.ev)
        .filter((t) => model.guardHolds(t, a, chosen));
      if (r.ok) {
        expect(terminal || c.version === 'wrong').toBe(false);
        expect(r.violated).toBeNull(); // the model proves no violation is reachable
        expect(enabled.map((t) => t.ir.name)).toEqual([r.transition]);
        expect(abstraction(r.snapshot, now)).toEqual(model.fire(enabled[0]!, a, chosen));
        expect(r.snapshot[VERSION_SLOT]).toBe(version + 1);
        seen.add(r.transition);
        s = r.snapshot as Value[];
      } else {
        expect(r.snapshot).toBe(s);
        if (!terminal && c.version !== 'wrong') expect(enabled).toEqual([]);
      }
    }
  };

  it('on random event sequences (times absolute vs relative, version unbounded vs mod 2)', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 100, size: 'max' }), walk),
      pbtOptions(500),
    );

    // The runs must exercise the machine, not just its rejections.
    for (const t of [
      'handshake',
      'lose_transport',
      'reattach',
      'expire_session',
      'expire_transport_loss',
    ])
      expect(seen, `runs reached ${t}`).toContain(t);
  });

  it('through the recovery bound (a scripted walk: two switches in a window, then a third attempt)', () => {
    seen.clear();
    walk(recoveryBoundWalk(ir));
    expect([...seen]).toContain('hit_recovery_bound');
  });
});

describe('opaque ids at runtime (ir.ts, rule 8)', () => {
  const compile = (text: string) => {
    const c = compileSpec(text, 'ids.tether');
    if (!c.ir) throw new Error(c.diagnostics.map((d) => d.message).join('; '));
    return new Runtime(c.ir, {});
  };

  it.each(['\u0000fresh', '\u0000fresh\u0000', '\u0000fresh Nonce'])(
    'a nonce spelling a stand-in for an unused id (%j) does not stand in for it',
    (hostile) => {
      let s = recovering();
      for (const e of [
        reattach({ nonce: hostile }),
        event('TRANSPORT_DEAD', { health_failure_validated: true }),
        reattach({ nonce: 'N2' }),
      ]) {
        const r = runtime.dispatch(s, e, START);
        expect(r.ok && r.reason).toBe(e.type === 'REATTACH' ? 'REATTACH_ACK' : 'TRANSPORT_DEAD');
        s = r.snapshot;
      }
    },
  );

  it('enabled() searches each field over the ids before it and one new id', () => {
    // No snapshot id exists: only a second id, distinct from the first, makes the move enabled.
    const rt = compile(
      [
        'machine Pair',
        'type Id model 2',
        'states { initial A  terminal Z }',
        'event MOVE { from: Id, to: Id }',
        'event STOP {}',
        'accept { OK }',
        'reject { SAME }',
        'transition move: A -> Z on MOVE',
        '  reason OK',
        '  require event.from != event.to else SAME',
        'transition stop: A -> Z on STOP',
        '  reason OK',
        'invariant can_move: state == A => enabled(move)',
      ].join('\n'),
    );
    const s = rt.create({}, 0);
    expect(rt.isEnabled('move', s, 0)).toBe(true);
    expect(rt.violatedInvariant(s, 0)).toBeNull();
  });

  it('an inlined enabled() sees the fields before each field: exists from, exists to, to != from', () => {
    // Quantifiers over an opaque type are refused in specs (TTH2017); the simplifier still
    // writes enabled(move) as `exists from in Id: exists to in Id: ...` (emit-ts/simplify.ts),
    // and the runtime must give `to` the ids in scope, `from` included, and one more.
    const text = [
      'machine Nest',
      'type Id model 2',
      'states { initial A  terminal Z }',
      'event MOVE { from: Id, to: Id }',
      'event WAIT {}',
      'accept { OK }',
      'reject { SAME }',
      'transition move: A -> Z on MOVE',
      '  reason OK',
      '  require event.from != event.to else SAME',
      'transition wait: A -> A on WAIT',
      '  reason OK',
      'invariant can_move: state == A => enabled(move)',
    ].join('\n');
    const ir = compileSpec(text, 'ids.tether').ir!;
    const check = specialiseStepChecks(
      ir,
      ir.transitions.find((t) => t.name === 'wait')!,
    ).find((c) => c.name === 'can_move')!;
    expect(check.onNext).toBeNull();
    expect(
      someNode(check.residual, (e) => e.kind === 'quantifier' && e.domain.kind === 'type'),
    ).toBe(true);
    const rt = compile(text);
    expect(
      rt.compile(
        check.residual,
        'wait',
      )({ cur: rt.create({}, 0), next: null, event: [], bound: [], now: 0 }),
    ).toBe(true);
  });
});
