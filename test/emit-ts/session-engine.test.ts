// generated/session.ts against every clause of the seed, by name.

import { describe, expect, it } from 'vitest';
import {
  SessionEngine,
  asNonce,
  asSessionId,
  asTransportId,
  createSession,
  dispatch,
  parseEvent,
  sessionMachine,
  type SessionEvent,
  type SessionParams,
  type SessionSnapshot,
} from '../../generated/session.ts';

const params: SessionParams = {
  sessionTtl: 60_000,
  transportLossTtl: 5_000,
  recoveryWindow: 60_000,
  maxSwitchesPerWindow: 2,
};
const T1 = asTransportId('t-1');
const T2 = asTransportId('t-2');
const T = 1_000_000;

function step(s: SessionSnapshot, e: SessionEvent, now = T): SessionSnapshot {
  const o = dispatch(s, e, now);
  if (!o.ok) throw new Error(`rejected: ${o.reason}`);
  return o.snapshot;
}
const fresh = (): SessionSnapshot =>
  createSession({ sessionId: asSessionId('sess-1'), params, now: T });
const attached = (): SessionSnapshot =>
  step(fresh(), { type: 'HANDSHAKE', transport: T1, handshakeValid: true });
const recovering = (): SessionSnapshot =>
  step(attached(), { type: 'TRANSPORT_DEAD', healthFailureValidated: true });
const reattach = (
  nonce: string,
  over: Partial<{ proofValid: boolean; ownershipConflict: boolean; transport: typeof T1 }> = {},
): SessionEvent => ({
  type: 'REATTACH',
  transport: T2,
  proofValid: true,
  nonce: asNonce(nonce),
  ownershipConflict: false,
  ...over,
});

describe('seed clauses on the generated engine', () => {
  it('§2: a session is born in BIRTH with version 0', () => {
    expect(fresh()).toMatchObject({ state: 'BIRTH', version: 0, activeTransport: null });
  });

  it('§4.1: a valid handshake attaches the transport', () => {
    expect(attached()).toMatchObject({ state: 'ATTACHED', version: 1, activeTransport: T1 });
    expect(
      dispatch(fresh(), { type: 'HANDSHAKE', transport: T1, handshakeValid: false }, T),
    ).toMatchObject({ ok: false, reason: 'HANDSHAKE_INVALID' });
  });

  it('§4.2: a validated transport death moves to RECOVERING and releases the transport', () => {
    expect(recovering()).toMatchObject({
      state: 'RECOVERING',
      activeTransport: null,
      lossDeadline: T + params.transportLossTtl,
    });
  });

  it('§4.3: a valid reattach returns to ATTACHED', () => {
    expect(dispatch(recovering(), reattach('n1'), T + 1)).toMatchObject({
      ok: true,
      to: 'ATTACHED',
      reason: 'REATTACH_ACK',
      transition: 'reattach',
    });
  });

  it('§4.4: past the switch rate, a reattach degrades the session', () => {
    let s = recovering();
    s = step(s, reattach('n1'));
    s = step(s, { type: 'TRANSPORT_DEAD', healthFailureValidated: true });
    s = step(s, reattach('n2'));
    s = step(s, { type: 'TRANSPORT_DEAD', healthFailureValidated: true });
    expect(dispatch(s, reattach('n3'), T)).toMatchObject({
      ok: true,
      to: 'DEGRADED',
      reason: 'RECOVERY_BOUND_EXCEEDED',
    });
  });

  it('§4.5: every trigger terminates (session TTL, transport-loss TTL, ambiguity, policy, explicit)', () => {
    expect(dispatch(attached(), { type: 'TIMER' }, T + params.sessionTtl)).toMatchObject({
      to: 'TERMINATED',
      reason: 'SESSION_TTL_EXPIRED',
    });
    expect(dispatch(recovering(), { type: 'TIMER' }, T + params.transportLossTtl)).toMatchObject({
      to: 'TERMINATED',
      reason: 'TRANSPORT_LOSS_TTL_EXPIRED',
    });
    expect(dispatch(attached(), { type: 'OWNERSHIP_AMBIGUOUS' }, T)).toMatchObject({
      to: 'TERMINATED',
      reason: 'OWNERSHIP_AMBIGUOUS',
    });
    expect(dispatch(attached(), { type: 'POLICY_HARD_FAILURE' }, T)).toMatchObject({
      to: 'TERMINATED',
      reason: 'POLICY_HARD_FAILURE',
    });
    const t = dispatch(attached(), { type: 'TERMINATE' }, T);
    expect(t).toMatchObject({ to: 'TERMINATED', reason: 'EXPLICIT_TERMINATE' });
    expect(t.snapshot.activeTransport).toBeNull();
    expect(dispatch(attached(), { type: 'TIMER' }, T + 1)).toMatchObject({
      ok: false,
      reason: 'TIMER_NOT_DUE',
    });
  });

  it('§2: TERMINATED is absorbing', () => {
    const t = step(attached(), { type: 'TERMINATE' });
    for (const e of [
      { type: 'TERMINATE' },
      reattach('n1'),
      { type: 'HANDSHAKE', transport: T1, handshakeValid: true },
    ] as SessionEvent[])
      expect(dispatch(t, e, T)).toEqual({ ok: false, snapshot: t, reason: 'TERMINATED' });
  });

  it('I1/S1: exactly the attached states hold a transport', () => {
    expect(attached().activeTransport).toBe(T1);
    expect(recovering().activeTransport).toBeNull();
  });

  it('I2/S2: the session id never changes', () => {
    const s = step(recovering(), reattach('n1'));
    expect(s.sessionId).toBe('sess-1');
  });

  it('I3/§5: every accepted transition adds one to the version', () => {
    const a = attached();
    const r = step(a, { type: 'TRANSPORT_DEAD', healthFailureValidated: true });
    expect(r.version).toBe(a.version + 1);
  });

  it('§5/§9: a stale expectedVersion is rejected before any guard', () => {
    const s = recovering();
    expect(
      dispatch(s, { ...reattach('n1', { proofValid: false }), expectedVersion: s.version + 1 }, T),
    ).toEqual({ ok: false, snapshot: s, reason: 'VERSION_MISMATCH' });
    expect(dispatch(s, { ...reattach('n1'), expectedVersion: s.version }, T).ok).toBe(true);
  });

  it('I4/§9 dual-active: a reattach while a transport is bound is rejected', () => {
    expect(dispatch(attached(), reattach('n1'), T)).toMatchObject({
      ok: false,
      reason: 'DUAL_ACTIVE',
    });
  });

  it('I5: every transition is reason-coded', () => {
    for (const t of sessionMachine.transitions) expect(t.reason).toMatch(/^[A-Z_]+$/);
  });

  it('S3/§9 nonce replay: a replayed reattach does not mutate', () => {
    let s = step(recovering(), reattach('n1'));
    s = step(s, { type: 'TRANSPORT_DEAD', healthFailureValidated: true });
    const r = dispatch(s, reattach('n1'), T);
    expect(r).toEqual({ ok: false, snapshot: s, reason: 'NONCE_REPLAY' });
    expect(r.snapshot).toBe(s);
  });

  it('S4: a conflicting claim is rejected, an ambiguous one terminates', () => {
    expect(dispatch(recovering(), reattach('n1', { ownershipConflict: true }), T)).toMatchObject({
      ok: false,
      reason: 'OWNERSHIP_CONFLICT',
    });
    expect(dispatch(recovering(), { type: 'OWNERSHIP_AMBIGUOUS' }, T)).toMatchObject({
      ok: true,
      to: 'TERMINATED',
    });
  });

  it('S5: the transport changes only with a state change', () => {
    const a = attached();
    const v = step(a, { type: 'TRANSPORT_UNSTABLE' });
    expect(v.activeTransport).toBe(a.activeTransport);
  });

  it('§9 proof invalid and TTL expired are rejected', () => {
    expect(dispatch(recovering(), reattach('n1', { proofValid: false }), T)).toMatchObject({
      reason: 'PROOF_INVALID',
    });
    expect(dispatch(recovering(), reattach('n1'), T + params.transportLossTtl)).toMatchObject({
      reason: 'TTL_EXPIRED',
    });
  });

  it('L1: within the bounds, a reattach is possible from RECOVERING', () => {
    expect(dispatch(recovering(), reattach('fresh'), T + 1).ok).toBe(true);
  });

  it('L1: however many nonces a session has used, a fresh one reattaches (a candidate always exists)', () => {
    // The model has 3 nonces; the engine has unboundedly many. L1 no longer assumes an unused
    // model nonce: it holds whenever the bounds allow, as here with a sixth nonce.
    const long = { ...params, sessionTtl: 10 * params.recoveryWindow };
    let s = step(createSession({ sessionId: asSessionId('sess-1'), params: long, now: T }), {
      type: 'HANDSHAKE',
      transport: T1,
      handshakeValid: true,
    });
    for (let i = 0; i < 6; i++) {
      // One reattach per switch window (seed §8), each right after a transport death.
      const now = T + i * params.recoveryWindow;
      s = step(s, { type: 'TRANSPORT_DEAD', healthFailureValidated: true }, now);
      s = step(s, reattach(`n${i}`), now + 1);
      expect(s.state).toBe('ATTACHED');
      expect(s.usedNonces.size).toBe(i + 1);
    }
  });

  it('L2: leaving recovery alive within the TTL takes a nonce not used before', () => {
    const s = step(recovering(), reattach('n1'));
    const again = step(s, { type: 'TRANSPORT_DEAD', healthFailureValidated: true });
    expect(dispatch(again, reattach('n1'), T + 1)).toMatchObject({
      ok: false,
      reason: 'NONCE_REPLAY',
    });
    expect(dispatch(again, reattach('n2'), T + 1)).toMatchObject({ ok: true, to: 'ATTACHED' });
  });

  it("L1/§10: a nonce that spells the engine's own stand-in for an unused id cannot end a session", () => {
    // Rule 8 (ir.ts): enabled()'s search over ids adds one id that nothing in scope holds. A fixed
    // string for it let a client that used that string as a nonce make every later reattach
    // look like a broken invariant (INVARIANT_VIOLATION → TERMINATED).
    for (const hostile of ['\u0000fresh', '\u0000fresh\u0000', '\u0000fresh Nonce']) {
      let s = step(recovering(), reattach(hostile));
      s = step(s, { type: 'TRANSPORT_DEAD', healthFailureValidated: true });
      const o = dispatch(s, reattach('n2'), T);
      expect(o).toMatchObject({ ok: true, to: 'ATTACHED', reason: 'REATTACH_ACK' });
    }
  });

  it('L2/L3: without a reattach, recovery ends when the loss TTL runs out', () => {
    const s = recovering();
    expect(dispatch(s, { type: 'TIMER' }, T + params.transportLossTtl - 1)).toMatchObject({
      ok: false,
      reason: 'TIMER_NOT_DUE',
    });
    expect(dispatch(s, { type: 'TIMER' }, T + params.transportLossTtl)).toMatchObject({
      ok: true,
      to: 'TERMINATED',
    });
  });

  it('§10: the violation state is TERMINATED', () => {
    expect(sessionMachine.violationState).toBe('TERMINATED');
  });
});

describe('parseEvent (untrusted input)', () => {
  it('accepts a well-formed event and brands its ids', () => {
    const r = parseEvent(
      JSON.parse(
        '{"type":"REATTACH","transport":"t-2","proofValid":true,"nonce":"n","ownershipConflict":false,"expectedVersion":3}',
      ),
    );
    expect(r).toEqual({
      ok: true,
      event: {
        type: 'REATTACH',
        transport: 't-2',
        proofValid: true,
        nonce: 'n',
        ownershipConflict: false,
        expectedVersion: 3,
      },
    });
  });

  it.each([
    [null, 'an event must be an object'],
    [[1], 'an event must be an object'],
    ['REATTACH', 'an event must be an object'],
    [{}, 'missing field type'],
    [{ type: 'NOPE' }, /^unknown event type/],
    [{ type: 'TIMER', extra: 1 }, "unknown field 'extra' in TIMER"],
    [{ type: 'HANDSHAKE', transport: 't' }, 'missing field handshakeValid in HANDSHAKE'],
    [
      { type: 'HANDSHAKE', transport: 't', handshakeValid: 'yes' },
      'HANDSHAKE.handshakeValid must be true or false',
    ],
    [
      { type: 'HANDSHAKE', transport: '', handshakeValid: true },
      /HANDSHAKE.transport must be a non-empty string/,
    ],
    [
      { type: 'HANDSHAKE', transport: 'x'.repeat(10_000), handshakeValid: true },
      /at most 256 characters/,
    ],
    [{ type: 'HANDSHAKE', transport: 7, handshakeValid: true }, /HANDSHAKE.transport must be/],
    [
      { type: 'TIMER', expectedVersion: Number.NaN },
      'expectedVersion must be a non-negative integer',
    ],
    [
      { type: 'TIMER', expectedVersion: Infinity },
      'expectedVersion must be a non-negative integer',
    ],
    [{ type: 'TIMER', expectedVersion: -1 }, 'expectedVersion must be a non-negative integer'],
    [{ type: 'TIMER', expectedVersion: 1.5 }, 'expectedVersion must be a non-negative integer'],
    [
      JSON.parse('{"type":"TIMER","__proto__":{"polluted":true}}'),
      "unknown field '__proto__' in TIMER",
    ],
    [{ type: 'TIMER', constructor: 1 }, "unknown field 'constructor' in TIMER"],
  ])('rejects %j', (input, error) => {
    const r = parseEvent(input);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toEqual(typeof error === 'string' ? error : expect.stringMatching(error));
  });

  it('never throws on objects JSON cannot make: throwing getters and proxy traps', () => {
    const boom = (): never => {
      throw new Error('boom');
    };
    const getter = (key: string): object =>
      Object.defineProperty({ type: 'HANDSHAKE', transport: 't', handshakeValid: true }, key, {
        get: boom,
        enumerable: true,
      });
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    const hostile: unknown[] = [
      getter('type'),
      getter('transport'),
      getter('expectedVersion'),
      new Proxy({ type: 'TIMER' }, { ownKeys: boom }),
      new Proxy({ type: 'TIMER' }, { get: boom }),
      new Proxy({ type: 'TIMER' }, { getOwnPropertyDescriptor: boom }),
      new Proxy({}, { getPrototypeOf: boom, has: boom }),
      revoked,
      { type: 'TIMER', expectedVersion: new Proxy({}, { get: boom }) },
      {
        type: 'REATTACH',
        transport: 't',
        proofValid: true,
        nonce: { toString: boom },
        ownershipConflict: false,
      },
    ];
    for (const input of hostile)
      expect(parseEvent(input)).toEqual({ ok: false, error: expect.any(String) });
    // A proxy that reads well is read like the object it stands for.
    expect(parseEvent(new Proxy({ type: 'TIMER' }, {}))).toEqual({
      ok: true,
      event: { type: 'TIMER' },
    });
  });

  it('never throws on any JSON value', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.jsonValue(), (v) => typeof parseEvent(v).ok === 'boolean'),
      { numRuns: 500 },
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('SessionEngine', () => {
  it('keeps the snapshot, notifies listeners and keeps a bounded log', () => {
    const engine = new SessionEngine(
      { sessionId: asSessionId('s'), params, now: T },
      { logSize: 2 },
    );
    const seen: string[] = [];
    const off = engine.subscribe((o) => seen.push(o.reason));
    engine.send({ type: 'HANDSHAKE', transport: T1, handshakeValid: true }, T);
    engine.send({ type: 'TRANSPORT_UNSTABLE' }, T);
    engine.send({ type: 'TRANSPORT_UNSTABLE' }, T);
    off();
    engine.send({ type: 'TRANSPORT_STABLE' }, T);
    expect(seen).toEqual(['HANDSHAKE_OK', 'TRANSPORT_UNSTABLE', 'NO_TRANSITION']);
    expect(engine.snapshot).toMatchObject({ state: 'ATTACHED', version: 3 });
    expect(engine.log).toEqual([
      { from: 'ATTACHED', to: 'VOLATILE', reason: 'TRANSPORT_UNSTABLE', version: 2 },
      { from: 'VOLATILE', to: 'ATTACHED', reason: 'TRANSPORT_STABLE', version: 3 },
    ]);
  });

  it('calls every listener when one throws, returns the outcome, and reports the error asynchronously', () => {
    const engine = new SessionEngine({ sessionId: asSessionId('s'), params, now: T });
    const seen: string[] = [];
    engine.subscribe(() => {
      throw new Error('listener 1');
    });
    engine.subscribe((o) => seen.push(o.reason));
    // Like EventTarget: rethrown in a microtask, not lost (captured here, so that it does not
    // reach vitest's handler of uncaught errors).
    const queued: (() => void)[] = [];
    const real = globalThis.queueMicrotask;
    globalThis.queueMicrotask = (callback) => void queued.push(callback);
    let o;
    try {
      o = engine.send({ type: 'HANDSHAKE', transport: T1, handshakeValid: true }, T);
    } finally {
      globalThis.queueMicrotask = real;
    }
    expect(o).toMatchObject({ ok: true, reason: 'HANDSHAKE_OK' });
    expect(seen).toEqual(['HANDSHAKE_OK']);
    expect(engine.snapshot.version).toBe(1);
    expect(queued).toHaveLength(1);
    expect(() => queued[0]!()).toThrow('listener 1');
  });

  it('hands listener errors to onListenerError, with the outcome, and goes on', () => {
    const errors: [unknown, string][] = [];
    const engine = new SessionEngine(
      { sessionId: asSessionId('s'), params, now: T },
      { onListenerError: (error, outcome) => errors.push([error, outcome.reason]) },
    );
    const seen: string[] = [];
    engine.subscribe((o) => {
      if (o.ok) throw new Error(`on ${o.reason}`);
    });
    engine.subscribe((o) => seen.push(o.reason));
    engine.send({ type: 'HANDSHAKE', transport: T1, handshakeValid: true }, T);
    engine.send({ type: 'TRANSPORT_STABLE' }, T);
    expect(seen).toEqual(['HANDSHAKE_OK', 'NO_TRANSITION']);
    expect(errors).toEqual([[new Error('on HANDSHAKE_OK'), 'HANDSHAKE_OK']]);
  });

  it('notifies in commit order when a listener sends, each listener each outcome once', () => {
    const engine = new SessionEngine({ sessionId: asSessionId('s'), params, now: T });
    const heard: string[] = [];
    let inner: number | null = null;
    engine.subscribe((o) => {
      heard.push(`a v${o.snapshot.version}`);
      if (o.ok && o.reason === 'HANDSHAKE_OK') {
        const r = engine.send({ type: 'TRANSPORT_UNSTABLE' }, T);
        inner = r.snapshot.version; // committed at once, and returned to the listener
        expect(engine.snapshot.version).toBe(2);
      }
    });
    engine.subscribe((o) => heard.push(`b v${o.snapshot.version}`));
    const outer = engine.send({ type: 'HANDSHAKE', transport: T1, handshakeValid: true }, T);
    expect(outer.snapshot.version).toBe(1);
    expect(inner).toBe(2);
    expect(heard).toEqual(['a v1', 'b v1', 'a v2', 'b v2']);
    expect(engine.log.map((x) => x.version)).toEqual([1, 2]);
  });

  it('does not call a listener unsubscribed by an earlier one', () => {
    const engine = new SessionEngine({ sessionId: asSessionId('s'), params, now: T });
    const heard: string[] = [];
    let offB = (): void => {};
    engine.subscribe(() => {
      heard.push('a');
      offB();
    });
    offB = engine.subscribe(() => heard.push('b'));
    engine.send({ type: 'TRANSPORT_STABLE' }, T);
    engine.send({ type: 'TRANSPORT_STABLE' }, T);
    expect(heard).toEqual(['a', 'a']);
  });

  it('refuses a logSize that is not a non-negative integer or Infinity (RangeError), and keeps what it is told', () => {
    const init = { sessionId: asSessionId('s'), params, now: T };
    for (const logSize of [Number.NaN, -1, 1.5, -Infinity, 2 ** 53])
      expect(() => new SessionEngine(init, { logSize }), String(logSize)).toThrow(RangeError);
    const none = new SessionEngine(init, { logSize: 0 });
    none.send({ type: 'HANDSHAKE', transport: T1, handshakeValid: true }, T);
    expect(none.log).toEqual([]);
    const all = new SessionEngine(init, { logSize: Infinity });
    all.send({ type: 'HANDSHAKE', transport: T1, handshakeValid: true }, T);
    for (let i = 0; i < 150; i++)
      all.send({ type: i % 2 === 0 ? 'TRANSPORT_UNSTABLE' : 'TRANSPORT_STABLE' }, T);
    expect(all.log).toHaveLength(151);
    expect(new SessionEngine(init).log).toEqual([]);
  });
});

describe('the version bound (ir.ts dispatch rule 2)', () => {
  const at = (version: number): SessionSnapshot => ({ ...attached(), version });
  const unstable: SessionEvent = { type: 'TRANSPORT_UNSTABLE' };

  it('a step from the last exact version is taken; from 2^53 − 1 on, VERSION_EXHAUSTED, the same snapshot back', () => {
    const last = Number.MAX_SAFE_INTEGER - 1;
    expect(dispatch(at(last), unstable, T)).toMatchObject({
      ok: true,
      snapshot: { version: Number.MAX_SAFE_INTEGER },
    });
    for (const version of [Number.MAX_SAFE_INTEGER, 2 ** 53, 2 ** 53 + 2, Infinity]) {
      const s = at(version);
      expect(dispatch(s, unstable, T), String(version)).toEqual({
        ok: false,
        snapshot: s,
        reason: 'VERSION_EXHAUSTED',
      });
    }
  });

  it('a snapshot whose version is not a non-negative safe integer takes no step either, before any guard', () => {
    for (const version of [-1, 0.5, Number.NaN, -Infinity]) {
      const s = at(version);
      expect(dispatch(s, unstable, T), String(version)).toEqual({
        ok: false,
        snapshot: s,
        reason: 'VERSION_EXHAUSTED',
      });
      // Checked before the guards and before expectedVersion (which could never match).
      expect(
        dispatch(
          s,
          { type: 'HANDSHAKE', transport: T1, handshakeValid: false, expectedVersion: 0 },
          T,
        ),
      ).toMatchObject({ reason: 'VERSION_EXHAUSTED' });
    }
    // Terminal states still absorb first.
    const ended = step(attached(), { type: 'TERMINATE' });
    expect(dispatch({ ...ended, version: Number.NaN }, unstable, T)).toMatchObject({
      reason: 'TERMINATED',
    });
  });
});
