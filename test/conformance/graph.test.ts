// Graph equivalence and the model-based test must fail on an engine that disagrees with the
// model, and say where in spec terms. The faulty engines wrap the generated one.

import { describe, expect, it } from 'vitest';
import * as engine from '../../generated/session.ts';
import { conformanceSuite } from '../../generator/conformance/harness.ts';
import { parseTlcDot } from '../../generator/tlc/dot.ts';
import { Model } from '../../generator/semantics/model.ts';
import { compileFile, FLAGSHIP_SUITE } from '../helpers.ts';

type Dispatch = typeof engine.dispatch;
const suiteWith = (dispatch: Dispatch) =>
  conformanceSuite({
    ...FLAGSHIP_SUITE,
    create: engine.createSession,
    dispatch,
    parseEvent: engine.parseEvent,
  });

describe('graph equivalence', () => {
  it("holds for the generated engine: 11,660 states, 62,817 edges, every outcome the dispatch rule's", () => {
    expect(suiteWith(engine.dispatch).expectGraphMatchesExplorer()).toEqual({
      states: 11660,
      edges: 62817,
    });
  });

  it('names the missing step when the engine drops a transition', () => {
    const faulty: Dispatch = (s, e, now) =>
      e.type === 'TRANSPORT_STABLE'
        ? { ok: false, snapshot: s, reason: 'NO_TRANSITION' }
        : engine.dispatch(s, e, now);
    expect(() => suiteWith(faulty).expectGraphMatchesExplorer()).toThrow(
      /the model steps by transport_stable on TRANSPORT_STABLE to state = ATTACHED.*; the engine does not/,
    );
  });

  it('names the extra state when the engine computes a wrong deadline', () => {
    const faulty: Dispatch = (s, e, now) => {
      const o = engine.dispatch(s, e, now);
      return o.ok && o.transition === 'lose_transport'
        ? { ...o, snapshot: { ...o.snapshot, lossDeadline: now + 2 } as engine.SessionSnapshot }
        : o;
    };
    expect(() => suiteWith(faulty).expectGraphMatchesExplorer()).toThrow(
      /the (model|engine) reaches a state the (engine|model) does not: state = RECOVERING/,
    );
  });

  it('names the outcome when only a rejection reason is wrong (no edge changes)', () => {
    const faulty: Dispatch = (s, e, now) => {
      const o = engine.dispatch(s, e, now);
      return !o.ok && o.reason === 'PROOF_INVALID' ? { ...o, reason: 'NONCE_REPLAY' } : o;
    };
    expect(() => suiteWith(faulty).expectGraphMatchesExplorer()).toThrow(
      /REATTACH \{ transport: TransportId1, proof_valid: false, .* is rejected NONCE_REPLAY by the engine, rejected PROOF_INVALID by the model/,
    );
  });

  it('checks a stale expectedVersion for every event type in every state', () => {
    const faulty: Dispatch = (s, e, now) =>
      e.type === 'REATTACH' && e.expectedVersion !== undefined
        ? engine.dispatch(s, { ...e, expectedVersion: undefined } as never, now)
        : engine.dispatch(s, e, now);
    expect(() => suiteWith(faulty).expectGraphMatchesExplorer()).toThrow(
      /REATTACH .*expectedVersion 1 is rejected NO_TRANSITION; the model says rejected VERSION_MISMATCH/,
    );
  });

  it('names the initial state when the engine is created elsewhere (the rest of its graph may match)', () => {
    const suite = conformanceSuite({
      ...FLAGSHIP_SUITE,
      create: (init: Parameters<typeof engine.createSession>[0]) => ({
        ...engine.createSession(init),
        switches: 1,
      }),
      dispatch: engine.dispatch,
      parseEvent: engine.parseEvent,
    });
    expect(() => suite.expectGraphMatchesExplorer()).toThrow(
      /the engine does not start where the model does: the model starts in state = BIRTH.*switches = 0.*; created from it, the engine's snapshot is .*switches = 1/,
    );
  });

  it('rejects an event in a state the machine does not have NO_TRANSITION, with the same snapshot', () => {
    const states = new Set<string>(engine.sessionMachine.states.map((x) => x.name));
    const copies: Dispatch = (s, e, now) =>
      states.has(s.state)
        ? engine.dispatch(s, e, now)
        : { ok: false, snapshot: { ...s }, reason: 'NO_TRANSITION' };
    expect(() => suiteWith(copies).expectGraphMatchesExplorer()).toThrow(
      /in state NOT A STATE, which the machine does not have: .* is rejected NO_TRANSITION \(another snapshot object\); the dispatch rule says rejected NO_TRANSITION/,
    );
  });

  it('catches a rejection that returns a copy instead of the same snapshot', () => {
    const faulty: Dispatch = (s, e, now) => {
      const o = engine.dispatch(s, e, now);
      return o.ok || o.reason !== 'HANDSHAKE_INVALID' ? o : { ...o, snapshot: { ...s } };
    };
    expect(() => suiteWith(faulty).expectGraphMatchesExplorer()).toThrow(
      /the engine returns another snapshot object/,
    );
  });
});

describe('model-based test', () => {
  it('finds, shrinks and reports a bug only a deep state shows (a third switch in one window)', () => {
    const faulty: Dispatch = (s, e, now) => {
      const o = engine.dispatch(s, e, now);
      return o.ok && o.transition === 'reattach' && s.switches === 1 && now < s.windowDeadline
        ? { ...o, reason: 'TRANSPORT_STABLE' }
        : o;
    };
    const env = { ...process.env };
    process.env['TETHER_SEED'] = '7';
    process.env['TETHER_CONFORMANCE_RUNS'] = '2000';
    try {
      expect(() => suiteWith(faulty).modelBased()).toThrow(
        /Property failed after \d+ tests\n\{ seed: 7,[\s\S]*Counterexample: \[[\s\S]*the engine says taken by reattach, RECOVERING -> ATTACHED \(TRANSPORT_STABLE\); the IR interpreter says taken by reattach, RECOVERING -> ATTACHED \(REATTACH_ACK\)/,
      );
    } finally {
      process.env['TETHER_SEED'] = env['TETHER_SEED'];
      process.env['TETHER_CONFORMANCE_RUNS'] = env['TETHER_CONFORMANCE_RUNS'];
      if (env['TETHER_SEED'] === undefined) delete process.env['TETHER_SEED'];
      if (env['TETHER_CONFORMANCE_RUNS'] === undefined)
        delete process.env['TETHER_CONFORMANCE_RUNS'];
    }
  }, 60_000);

  it('refuses a parseEvent that accepts an inherited field', () => {
    const lax: typeof engine.parseEvent = (raw) => {
      if (
        raw !== null &&
        typeof raw === 'object' &&
        !Array.isArray(raw) &&
        Object.getPrototypeOf(raw) !== Object.prototype &&
        Object.getPrototypeOf(raw) !== null
      )
        return { ok: true, event: { type: 'TIMER' } };
      return engine.parseEvent(raw);
    };
    const suite = conformanceSuite({
      ...FLAGSHIP_SUITE,
      create: engine.createSession,
      dispatch: engine.dispatch,
      parseEvent: lax,
    });
    process.env['TETHER_SEED'] = '11';
    try {
      expect(() => suite.modelBased()).toThrow(
        /parseEvent accepted a spoiled event \(inherited(Field)?\)/,
      );
    } finally {
      delete process.env['TETHER_SEED'];
    }
  }, 60_000);
});

describe('TLC state-graph dump', () => {
  const ir = compileFile('spec/session.tether').ir!;
  const layout = new Model(ir).layout;
  const dot = [
    'strict digraph DiskGraph {',
    '1 [label="/\\\\ session_id = SessionId1\\n/\\\\ active_transport = Null\\n/\\\\ state = \\"BIRTH\\"\\n/\\\\ loss_deadline = Null\\n/\\\\ version = 0\\n/\\\\ switches = 0\\n/\\\\ used_nonces = {}\\n/\\\\ session_deadline = 12\\n/\\\\ window_deadline = 0",style = filled]',
    '1 -> 2 [label="handshake_step([transport |-> TransportId1, handshake_valid |-> TRUE])",color="black",fontcolor="black"];',
    '2 [label="/\\\\ session_id = SessionId1\\n/\\\\ active_transport = TransportId1\\n/\\\\ state = \\"ATTACHED\\"\\n/\\\\ loss_deadline = Null\\n/\\\\ version = 1\\n/\\\\ switches = 0\\n/\\\\ used_nonces = {Nonce1}\\n/\\\\ session_deadline = 12\\n/\\\\ window_deadline = 0"];',
    '2 -> 3 [label="terminate_step(<<>>)"];',
    '2 -> 4 [label="Tick"];',
    '3 -> 3 [label="Done"];',
    '}',
  ].join('\n');

  it('reads states as model slots and edges as transitions with payloads', () => {
    const g = parseTlcDot(ir, layout, dot);
    expect(g.states.get('1')!.slice(0, 2)).toEqual(['BIRTH', 0]);
    expect(g.states.get('2')![layout.slots.get('used_nonces')!]).toEqual(['Nonce1']);
    expect(g.states.get('2')![layout.slots.get('active_transport')!]).toBe('TransportId1');
    expect(g.edges).toEqual([
      {
        from: '1',
        to: '2',
        action: 'handshake',
        payload: { transport: 'TransportId1', handshake_valid: true },
      },
      { from: '2', to: '3', action: 'terminate', payload: {} },
      { from: '2', to: '4', action: 'Tick', payload: {} },
      { from: '3', to: '3', action: 'Done', payload: {} },
    ]);
  });

  it('refuses an edge label it cannot read', () => {
    expect(() =>
      parseTlcDot(ir, layout, '1 -> 2 [label="handshake_step([transport |-> ])"];'),
    ).toThrow(/cannot read a TLA\+ value|expected/);
  });
});
