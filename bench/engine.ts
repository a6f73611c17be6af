// npm run bench — the generated session engine on a realistic mixed event stream, against a
// hand-written switch reducer of the same machine and an XState v5 actor running an
// equivalent machine; and the heap per live snapshot, over one million sessions.
// Goals (issue 4): dispatch ≤ 50 ns/event (median), within 3× of the hand-written reducer,
// ≥ 100× faster than XState; ≤ 200 bytes per snapshot. Figures, not assertions.
//
//   npm run bench            a table        npm run bench -- --json

import { createActor, createMachine, assign } from 'xstate';
import {
  asNonce,
  asSessionId,
  asTransportId,
  createSession,
  dispatch,
  type SessionEvent,
  type SessionParams,
  type SessionSnapshot,
} from '../generated/session.ts';
import { handReducer, type HandSnapshot } from './hand-written-session.ts';

const json = process.argv.includes('--json');
const params: SessionParams = {
  sessionTtl: 3_600_000,
  transportLossTtl: 10_000,
  recoveryWindow: 60_000,
  maxSwitchesPerWindow: 5,
};
const transports = [asTransportId('t1'), asTransportId('t2'), asTransportId('t3')];

/** A realistic stream: mostly attached traffic and health flaps, transport losses with
 *  reattaches (valid, invalid, replayed), timers, stale versions; time advancing. */
function stream(length: number, seed = 42): { event: SessionEvent; now: number }[] {
  let x = seed;
  const rand = (): number => (x = (x * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const out: { event: SessionEvent; now: number }[] = [];
  let now = 1_000;
  let nonce = 0;
  for (let i = 0; i < length; i++) {
    now += Math.floor(rand() * 50);
    const r = rand();
    const transport = transports[Math.floor(rand() * 3)]!;
    let event: SessionEvent;
    if (r < 0.05) event = { type: 'HANDSHAKE', transport, handshakeValid: rand() < 0.9 };
    else if (r < 0.25) event = { type: 'TRANSPORT_UNSTABLE' };
    else if (r < 0.45) event = { type: 'TRANSPORT_STABLE' };
    else if (r < 0.6) event = { type: 'TRANSPORT_DEAD', healthFailureValidated: rand() < 0.9 };
    else if (r < 0.85)
      event = {
        type: 'REATTACH',
        transport,
        proofValid: rand() < 0.85,
        nonce: asNonce(`n${rand() < 0.1 ? nonce : ++nonce}`),
        ownershipConflict: rand() < 0.05,
      };
    else if (r < 0.97) event = { type: 'TIMER' };
    else event = { type: 'TRANSPORT_STABLE', expectedVersion: 0 };
    out.push({ event, now });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** ns per event over the stream, median of `rounds` timed passes (after a warm-up). */
function measure(
  events: readonly { event: SessionEvent; now: number }[],
  run: (events: readonly { event: SessionEvent; now: number }[]) => number,
  rounds = 9,
): number {
  run(events);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    run(events);
    times.push(Number(process.hrtime.bigint() - t0) / events.length);
  }
  return median(times);
}

const fresh = (): SessionSnapshot => createSession({ sessionId: asSessionId('s'), params, now: 0 });

function runGenerated(events: readonly { event: SessionEvent; now: number }[]): number {
  let s = fresh();
  let accepted = 0;
  for (const { event, now } of events) {
    const o = dispatch(s, event, now);
    if (o.ok) {
      accepted++;
      s = o.snapshot.state === 'TERMINATED' ? fresh() : o.snapshot;
    }
  }
  return accepted;
}

/** The loop alone: each event's type and expectedVersion read, nothing dispatched. Every
 *  contestant pays this much (memory traffic over the 200,000 events, mispredicted branches). */
function runStreamOnly(events: readonly { event: SessionEvent; now: number }[]): number {
  let sum = 0;
  for (const { event, now } of events) {
    if (event.expectedVersion !== undefined) sum++;
    if (event.type === 'REATTACH' || event.type === 'TIMER') sum += now & 1;
  }
  return sum;
}

function runHand(events: readonly { event: SessionEvent; now: number }[]): number {
  const start: HandSnapshot = {
    state: 'BIRTH',
    version: 0,
    transport: null,
    sessionDeadline: params.sessionTtl,
    lossDeadline: null,
    windowDeadline: 0,
    switches: 0,
    nonces: new Set(),
  };
  let s = start;
  let accepted = 0;
  for (const { event, now } of events) {
    const o = handReducer(s, event, now, params);
    if (o !== s) {
      accepted++;
      s = o.state === 'TERMINATED' ? start : o;
    }
  }
  return accepted;
}

const xstateMachine = createMachine({
  types: {} as {
    context: {
      transport: string | null;
      lossDeadline: number;
      windowDeadline: number;
      switches: number;
      nonces: ReadonlySet<string>;
      sessionDeadline: number;
    };
    events: SessionEvent & { now: number };
  },
  context: {
    transport: null,
    lossDeadline: 0,
    windowDeadline: 0,
    switches: 0,
    nonces: new Set<string>(),
    sessionDeadline: params.sessionTtl,
  },
  initial: 'BIRTH',
  on: {
    TERMINATE: '.TERMINATED',
    POLICY_HARD_FAILURE: '.TERMINATED',
    OWNERSHIP_AMBIGUOUS: '.TERMINATED',
    TIMER: {
      target: '.TERMINATED',
      guard: ({ context, event }) => event.now >= context.sessionDeadline,
    },
  },
  states: {
    BIRTH: {
      on: {
        HANDSHAKE: {
          target: 'ATTACHED',
          guard: ({ event }) => event.type === 'HANDSHAKE' && event.handshakeValid,
          actions: assign({
            transport: ({ event }) => (event.type === 'HANDSHAKE' ? event.transport : null),
          }),
        },
      },
    },
    ATTACHED: {
      on: {
        TRANSPORT_UNSTABLE: 'VOLATILE',
        TRANSPORT_DEAD: {
          target: 'RECOVERING',
          guard: ({ event }) => event.type === 'TRANSPORT_DEAD' && event.healthFailureValidated,
          actions: assign({
            transport: null,
            lossDeadline: ({ event }) => event.now + params.transportLossTtl,
          }),
        },
      },
    },
    VOLATILE: {
      on: {
        TRANSPORT_STABLE: 'ATTACHED',
        TRANSPORT_DEAD: {
          target: 'RECOVERING',
          guard: ({ event }) => event.type === 'TRANSPORT_DEAD' && event.healthFailureValidated,
          actions: assign({
            transport: null,
            lossDeadline: ({ event }) => event.now + params.transportLossTtl,
          }),
        },
      },
    },
    RECOVERING: {
      on: {
        REATTACH: [
          {
            target: 'ATTACHED',
            guard: ({ context, event }) =>
              event.type === 'REATTACH' &&
              !event.ownershipConflict &&
              event.proofValid &&
              !context.nonces.has(event.nonce) &&
              event.now < context.lossDeadline &&
              (context.switches < params.maxSwitchesPerWindow ||
                event.now >= context.windowDeadline),
            actions: assign(({ context, event }) => {
              const e = event as Extract<SessionEvent, { type: 'REATTACH' }> & { now: number };
              const expired = e.now >= context.windowDeadline;
              return {
                transport: e.transport,
                nonces: new Set([...context.nonces, e.nonce]),
                switches: expired ? 1 : context.switches + 1,
                windowDeadline: expired ? e.now + params.recoveryWindow : context.windowDeadline,
              };
            }),
          },
          {
            target: 'DEGRADED',
            guard: ({ context, event }) =>
              event.type === 'REATTACH' &&
              !event.ownershipConflict &&
              event.proofValid &&
              !context.nonces.has(event.nonce) &&
              event.now < context.lossDeadline,
          },
        ],
        TIMER: {
          target: 'TERMINATED',
          guard: ({ context, event }) => event.now >= context.lossDeadline,
        },
      },
    },
    DEGRADED: {
      on: {
        TIMER: {
          target: 'TERMINATED',
          guard: ({ context, event }) => event.now >= context.lossDeadline,
        },
      },
    },
    TERMINATED: { type: 'final' },
  },
});

function runXState(events: readonly { event: SessionEvent; now: number }[]): number {
  let actor = createActor(xstateMachine).start();
  let accepted = 0;
  for (const { event, now } of events) {
    const before = actor.getSnapshot();
    actor.send({ ...event, now });
    const after = actor.getSnapshot();
    if (after !== before) accepted++;
    if (after.status === 'done') actor = createActor(xstateMachine).start();
  }
  return accepted;
}

function heapPerSnapshot(count: number): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return Number.NaN;
  const events: SessionEvent[] = [
    { type: 'HANDSHAKE', transport: transports[0]!, handshakeValid: true },
    { type: 'TRANSPORT_DEAD', healthFailureValidated: true },
  ];
  gc();
  const before = process.memoryUsage().heapUsed;
  const live: SessionSnapshot[] = new Array(count);
  for (let i = 0; i < count; i++) {
    let s = createSession({ sessionId: asSessionId(`s${i}`), params, now: 0 });
    for (const e of events) {
      const o = dispatch(s, e, 1);
      if (o.ok) s = o.snapshot;
    }
    live[i] = s;
  }
  keepAlive = live; // reachable until after the measurement (else V8 may drop it early)
  gc();
  const after = process.memoryUsage().heapUsed;
  const perEntry = 8; // the array slot holding each snapshot
  return (after - before) / count - perEntry;
}
let keepAlive: unknown = null;

/** µs for a transport loss plus a reattach in a session already holding `sizes[i]` used
 *  nonces (the set only grows, S3, and each accepted reattach copies it). */
function reattachGrowth(sizes: readonly number[]): Record<number, number> {
  const long = { ...params, sessionTtl: 1e12, recoveryWindow: 1 };
  const t = transports[0]!;
  let s = dispatch(
    createSession({ sessionId: asSessionId('long'), params: long, now: 0 }),
    { type: 'HANDSHAKE', transport: t, handshakeValid: true },
    1,
  ).snapshot;
  let now = 2;
  let i = 0;
  const cycle = (): void => {
    s = dispatch(s, { type: 'TRANSPORT_DEAD', healthFailureValidated: true }, now++).snapshot;
    const o = dispatch(
      s,
      {
        type: 'REATTACH',
        transport: t,
        proofValid: true,
        nonce: asNonce(`g${i++}`),
        ownershipConflict: false,
      },
      now++,
    );
    if (!o.ok || o.to !== 'ATTACHED')
      throw new Error('the growth benchmark expects every reattach to be accepted');
    s = o.snapshot;
  };
  const out: Record<number, number> = {};
  for (const size of sizes) {
    while (s.usedNonces.size < size) cycle();
    const rounds = 200;
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < rounds; k++) cycle();
    out[size] = Number(process.hrtime.bigint() - t0) / rounds / 1000;
  }
  return out;
}

const events = stream(200_000);
const generated = measure(events, runGenerated);
const streamOnly = measure(events, runStreamOnly);
const hand = measure(events, runHand);
const xstate = measure(events.slice(0, 20_000), runXState, 5);
const heap = heapPerSnapshot(1_000_000);
const growth = reattachGrowth([100, 1_000, 5_000]);
if (keepAlive === null) throw new Error('the sessions were not kept');
const figures = {
  eventsPerRound: events.length,
  acceptedPerRound: runGenerated(events),
  nsPerEvent: { generated, streamOnly, handWritten: hand, xstate },
  generatedVsHandWritten: generated / hand,
  xstateVsGenerated: xstate / generated,
  bytesPerSnapshot: heap,
  microsecondsPerLossAndReattachByUsedNonces: growth,
};
if (json) console.log(JSON.stringify(figures, null, 2));
else {
  const f = (n: number): string => (Number.isNaN(n) ? 'n/a (run with --expose-gc)' : n.toFixed(1));
  console.log(
    `dispatch on a mixed stream of ${events.length} events (${figures.acceptedPerRound} accepted), median of 9 rounds:`,
  );
  console.log(`  generated engine     ${f(generated)} ns/event   (goal ≤ 50)`);
  console.log(
    `  reading the stream   ${f(streamOnly)} ns/event   (the loop and each event's type and expectedVersion, no dispatch: paid by every row)`,
  );
  console.log(
    `  hand-written reducer ${f(hand)} ns/event   generated is ${f(figures.generatedVsHandWritten)}× (goal ≤ 3×; the reducer copies with object spreads)`,
  );
  console.log(
    `  XState v5 actor      ${f(xstate)} ns/event   ${f(figures.xstateVsGenerated)}× the generated engine (goal ≥ 100×)`,
  );
  console.log(`heap per live snapshot (1,000,000 sessions): ${f(heap)} bytes (goal ≤ 200)`);
  console.log(
    `transport loss + reattach with N used nonces (the set only grows; each reattach adds one to a persistent set): ${Object.entries(
      growth,
    )
      .map(([n, us]) => `${Number(n).toLocaleString('en')}: ${us.toFixed(1)} µs`)
      .join(', ')}`,
  );
}
