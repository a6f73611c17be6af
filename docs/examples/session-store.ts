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
import { handle, memoryStore, SnapshotStore, type RowStore } from 'tether-spec/store';

const params: SessionParams = {
  sessionTtl: 3_600_000, // ms
  transportLossTtl: 10_000,
  recoveryWindow: 60_000, // "per minute"
  maxSwitchesPerWindow: 5,
};

/** The sessions' store: rows of JSON text with a version and an incarnation. In memory here;
 *  `await embeddedStore({ dataDir })` for PGlite in a folder, or `sqlStore(pool)` over a `pg`
 *  pool when several processes share the sessions. */
export function sessions(rows: RowStore = memoryStore()): SnapshotStore<SessionSnapshot> {
  return new SnapshotStore(rows, {
    serializeSnapshot, // sets become sorted arrays
    // Stored data is read back as strictly as a request: types, ranges, invariants.
    parseSnapshot: (raw, now) => parseSnapshot(raw, { params, now }),
  });
}
export async function open(
  store: SnapshotStore<SessionSnapshot>,
  id: string,
  now: number,
): Promise<boolean> {
  const created = await store.create(
    id,
    createSession({ sessionId: asSessionId(id), params, now }),
  );
  return created.ok; // false: the id is taken
}

/** Serves one untrusted request body for a session: an HTTP-like status and a message. */
export async function serve(
  store: SnapshotStore<SessionSnapshot>,
  id: string,
  body: string,
  now: number,
): Promise<{ status: number; message: string }> {
  // Parse the event, load, dispatch, compare-and-set; on a lost compare-and-set (another
  // request got there first) load and dispatch again, up to 5 times (seed §5).
  const r = await handle(store, { parseEvent, dispatch }, id, body, now);
  switch (r.kind) {
    case 'bad-input':
      return { status: 400, message: r.error };
    case 'not-found':
      return { status: 404, message: 'no such session' };
    case 'corrupt':
      return { status: 500, message: `stored snapshot refused: ${r.error}` };
    case 'conflict':
      return { status: 503, message: `busy: ${r.attempts} tries lost to other writers` };
    case 'rejected':
      return { status: statusOf(r.outcome.reason), message: r.outcome.reason };
    case 'accepted': {
      const out = r.outcome;
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
  }
}

/** Exhaustive over every reject reason: a new reason in the spec is a compile error here. */
function statusOf(reason: SessionRejectReason): number {
  switch (reason) {
    case 'VERSION_MISMATCH': // the client's expectedVersion is stale: never retried
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
