// The README's "Using the generated engine" example, compiled by `npm run lint` and run by
// test/emit-ts/readme-example.test.ts so the documentation cannot drift from the engine.
import {
  asSessionId,
  createSession,
  dispatch,
  parseEvent,
  parseSnapshot,
  serializeSnapshot,
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

/** Stored snapshots (JSON text, as a database column holds it) by session id. */
const store = new Map<string, string>();

export function open(id: string, now: number): SessionSnapshot {
  const s = createSession({ sessionId: asSessionId(id), params, now });
  store.set(id, JSON.stringify(serializeSnapshot(s))); // sets become sorted arrays
  return s;
}

/** Handles one untrusted request body for a session: an HTTP-like status and a message. */
export function handle(id: string, body: string, now: number): { status: number; message: string } {
  const text = store.get(id);
  if (text === undefined) return { status: 404, message: 'no such session' };
  // Stored data is read back as strictly as a request: types, ranges, invariants.
  const stored = parseSnapshot(JSON.parse(text), { params, now });
  if (!stored.ok) return { status: 500, message: `stored snapshot refused: ${stored.error}` };
  const current = stored.snapshot;
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
  // Compare-and-swap: only replace the stored snapshot this dispatch started from.
  if (store.get(id) !== text) return { status: 409, message: 'concurrent update' };
  store.set(id, JSON.stringify(serializeSnapshot(out.snapshot)));
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

/** For the example's test: what a bad write or a hostile store could leave. */
export function corruptStoredSnapshot(
  id: string,
  edit: (s: Record<string, unknown>) => unknown,
): void {
  const text = store.get(id);
  if (text !== undefined)
    store.set(id, JSON.stringify(edit(JSON.parse(text) as Record<string, unknown>)));
}
