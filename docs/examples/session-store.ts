// The README's "Using the generated engine" example, compiled by `npm run lint` and run by
// test/emit-ts/readme-example.test.ts so the documentation cannot drift from the engine.
import {
  asSessionId,
  createSession,
  dispatch,
  parseEvent,
  type SessionParams,
  type SessionRejectReason,
  type SessionSnapshot,
} from '../../generated/session.ts';

const params: SessionParams = {
  sessionTtl: 3_600_000, // ms
  transportLossTtl: 10_000,
  recoveryWindow: 60_000, // "per minute"
  maxSwitchesPerWindow: 5,
};

/** Snapshots by session id; the version is the compare-and-swap token. */
const store = new Map<string, SessionSnapshot>();

export function open(id: string, now: number): SessionSnapshot {
  const s = createSession({ sessionId: asSessionId(id), params, now });
  store.set(id, s);
  return s;
}

/** Handles one untrusted request body for a session: an HTTP-like status and a message. */
export function handle(id: string, body: string, now: number): { status: number; message: string } {
  const current = store.get(id);
  if (!current) return { status: 404, message: 'no such session' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { status: 400, message: 'body is not JSON' };
  }
  const input = parseEvent(json); // untrusted input → a typed event, or why not
  if (!input.ok) return { status: 400, message: input.error };
  const out = dispatch(current, input.event, now); // pure: no clock, no I/O, never throws
  if (!out.ok) return { status: statusOf(out.reason), message: out.reason };
  // Compare-and-swap on the version: only replace the snapshot this dispatch started from.
  if (store.get(id)?.version !== current.version)
    return { status: 409, message: 'concurrent update' };
  store.set(id, out.snapshot);
  if (out.snapshot.state === 'ATTACHED') {
    // Narrowed by the invariant I1: in ATTACHED the transport is a TransportId, not null.
    const transport: string = out.snapshot.activeTransport;
    return {
      status: 200,
      message: `${out.reason}: attached to ${transport} (v${out.snapshot.version})`,
    };
  }
  return {
    status: 200,
    message: `${out.reason}: ${out.from} -> ${out.to} (v${out.snapshot.version})`,
  };
}

/** Exhaustive over every reject reason: a new reason in the spec is a compile error here. */
function statusOf(reason: SessionRejectReason): number {
  switch (reason) {
    case 'VERSION_MISMATCH':
      return 409;
    case 'TERMINATED':
    case 'VERSION_EXHAUSTED': // the version reached 2^53 − 1: the session takes no more steps
      return 410;
    case 'NONCE_REPLAY':
    case 'PROOF_INVALID':
    case 'OWNERSHIP_CONFLICT':
    case 'DUAL_ACTIVE':
    case 'HANDSHAKE_INVALID':
      return 403;
    case 'TTL_EXPIRED':
    case 'RATE_LIMITED':
    case 'TIMER_NOT_DUE':
    case 'HEALTH_FAILURE_UNVALIDATED':
    case 'NO_TRANSITION':
      return 422;
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}
