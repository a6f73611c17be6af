// The concurrency test of a row store (issue 16 item 4), for every adapter: many async clients
// race, through the request helper, on flagship sessions (generated/session.ts), with valid,
// stale and hostile requests; then the rules seed §5 and the session's invariants demand are
// checked on what was stored. its violations are what broke (nothing, for an adapter with
// a real compare-and-set; the blind-write adapter must break something).

import {
  createSession,
  dispatch,
  parseEvent,
  parseSnapshot,
  serializeSnapshot,
  asSessionId,
  type SessionEvent,
  type SessionOutcome,
  type SessionParams,
  type SessionSnapshot,
} from '../../generated/session.ts';
import { handle, type HandleResult } from '../../generator/store/handle.ts';
import type { RowKey, RowStore } from '../../generator/store/rows.ts';
import { SnapshotStore } from '../../generator/store/snapshot-store.ts';

export const PARAMS: SessionParams = {
  sessionTtl: 3_600_000,
  transportLossTtl: 600_000,
  recoveryWindow: 60_000,
  maxSwitchesPerWindow: 1_000,
};

export function sessionStore(rows: RowStore): SnapshotStore<SessionSnapshot> {
  return new SnapshotStore(rows, {
    serializeSnapshot,
    parseSnapshot: (raw, now) => parseSnapshot(raw, { params: PARAMS, now }),
  });
}

export const ENGINE = { parseEvent, dispatch };

/** A small deterministic generator (xorshift), so a failing race can be replayed by seed. */
export function random(seed: number): () => number {
  let x = seed | 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** An accepted request, as plain data (a race in other processes reports them as JSON). */
export interface Accepted {
  readonly id: string;
  /** The body as sent: parseEvent gives the event back. */
  readonly body: unknown;
  readonly now: number;
  /** The version of the snapshot it stored. */
  readonly version: number;
  readonly reason: string;
  readonly transport: string | null;
}

export interface RaceOptions {
  readonly sessions: number;
  readonly clients: number;
  readonly requestsPerClient: number;
  readonly seed: number;
}

export interface RaceResult {
  /** The rules broken, each said in a line (empty when all held). */
  readonly violations: string[];
  readonly accepted: number;
  /** Accepted requests that lost a compare-and-set first and were tried again. */
  readonly retried: number;
  readonly conflicts: number;
}

/** One race of o.clients async clients, each sending o.requestsPerClient requests. */
export async function race(rows: RowStore, o: RaceOptions): Promise<RaceResult> {
  const store = sessionStore(rows);
  const { ids, starts } = await createSessions(store, o.seed, o.sessions);
  let t = 10;
  const run = await runClients(store, { ids, ...o, clock: () => t++ });
  const violations = [...run.violations, ...(await checkStored(store, starts, run.accepted, t))];
  return {
    violations,
    accepted: run.accepted.length,
    retried: run.retried,
    conflicts: run.conflicts,
  };
}

/** The race's sessions, created in the store: each attached, then its transport lost, so every
 *  REATTACH races to bind one. The start of each, to replay from. */
export async function createSessions(
  store: SnapshotStore<SessionSnapshot>,
  seed: number,
  count: number,
  /** The time the sessions are created at. */
  base = 0,
): Promise<{ ids: string[]; starts: Map<string, SessionSnapshot> }> {
  const ids = Array.from({ length: count }, (_, i) => `s${seed}-${i}`);
  const starts = new Map<string, SessionSnapshot>();
  for (const id of ids) {
    let s = createSession({ sessionId: asSessionId(id), params: PARAMS, now: base });
    for (const [event, now] of [
      [{ type: 'HANDSHAKE', transport: 't0', handshakeValid: true }, base + 1],
      [{ type: 'TRANSPORT_DEAD', healthFailureValidated: true }, base + 2],
    ] as const) {
      const out = dispatch(s, parseEventOrThrow(event), now);
      if (!out.ok) throw new Error(`setup: ${out.reason}`);
      s = out.snapshot;
    }
    starts.set(id, s);
    const created = await store.create(id, s);
    if (!created.ok) throw new Error(`setup: ${id} exists`);
  }
  return { ids, starts };
}

/** The clients: valid, stale and hostile requests at random sessions, through handle(). */
export async function runClients(
  store: SnapshotStore<SessionSnapshot>,
  o: {
    readonly ids: readonly string[];
    readonly clients: number;
    readonly requestsPerClient: number;
    readonly seed: number;
    /** The clock handle() reads on every try (one clock for every client: in processes
     *  racing on one store, the time of day). */
    readonly clock: () => number;
  },
): Promise<{
  accepted: Accepted[];
  retried: number;
  conflicts: number;
  violations: string[];
}> {
  const next = random(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const violations: string[] = [];
  let retried = 0;
  let conflicts = 0;
  const accepted: Accepted[] = [];
  const request = (): { body: unknown; event: SessionEvent | null } => {
    const r = next();
    const body: unknown =
      r < 0.55
        ? {
            type: 'REATTACH',
            transport: pick(['t1', 't2', 't3', 't4']),
            proofValid: next() < 0.9,
            nonce: pick(['n1', 'n2', 'n3', 'n4', 'n5', 'n6']),
            ownershipConflict: next() < 0.05,
          }
        : r < 0.75
          ? { type: 'TRANSPORT_DEAD', healthFailureValidated: next() < 0.8 }
          : r < 0.8
            ? { type: 'TRANSPORT_UNSTABLE', expectedVersion: Math.floor(next() * 6) }
            : r < 0.85
              ? { type: 'TRANSPORT_STABLE' }
              : r < 0.9
                ? { type: 'TIMER' }
                : r < 0.95
                  ? pick([
                      'not json',
                      '{"type":"REATTACH"}',
                      '{"__proto__":{"type":"TERMINATE"}}',
                      '[]',
                    ])
                  : { type: 'REATTACH', transport: 7, nonce: 'n1' };
    const parsed = parseEvent(typeof body === 'string' ? safeJson(body) : body);
    return { body, event: parsed.ok ? parsed.event : null };
  };
  const client = async (): Promise<void> => {
    for (let i = 0; i < o.requestsPerClient; i++) {
      const id = pick(o.ids);
      const { body, event } = request();
      const result: HandleResult<SessionOutcome> = await handle(store, ENGINE, id, body, o.clock);
      if (result.kind === 'conflict') conflicts++;
      if (result.kind === 'accepted') {
        if (result.attempts > 1) retried++;
        if (!event)
          violations.push(`${id}: accepted a body parseEvent refuses: ${JSON.stringify(body)}`);
        else if (result.outcome.ok)
          accepted.push({
            id,
            body,
            now: result.at,
            version: result.outcome.snapshot.version,
            reason: result.outcome.reason,
            transport: result.outcome.snapshot.activeTransport,
          });
      } else if (result.kind === 'bad-input' && event)
        violations.push(`${id}: refused a valid event as bad input: ${JSON.stringify(body)}`);
      else if (result.kind === 'corrupt' || result.kind === 'not-found')
        violations.push(`${id}: ${result.kind}${'error' in result ? `: ${result.error}` : ''}`);
    }
  };
  await Promise.all(Array.from({ length: o.clients }, client));
  return { accepted, retried, conflicts, violations };
}

/** The rules seed §5 and the session's invariants demand of what was stored, given every
 *  request accepted by any client (in any process). */
export async function checkStored(
  store: SnapshotStore<SessionSnapshot>,
  starts: ReadonlyMap<string, SessionSnapshot>,
  accepted: readonly Accepted[],
  now: number,
): Promise<string[]> {
  const violations: string[] = [];
  for (const [id, start] of starts) {
    const loaded = await store.load(id, now);
    if (!loaded.ok) {
      violations.push(`${id}: the stored row does not read back (${loaded.error})`);
      continue;
    }
    const steps = accepted
      .filter((a) => a.id === id)
      .map((a) => ({
        ...a,
        event: parseEventOrThrow(typeof a.body === 'string' ? safeJson(a.body) : a.body),
      }))
      .sort((a, b) => a.version - b.version);
    // One accepted step per version: each compare-and-set replaced the row it read.
    const from = new Map<number, number>();
    for (const s of steps) from.set(s.version, (from.get(s.version) ?? 0) + 1);
    for (const [version, n] of from)
      if (n > 1) {
        const binds = steps.filter((s) => s.version === version && s.reason === 'REATTACH_ACK');
        violations.push(
          `${id}: ${n} requests accepted from version ${version - 1}` +
            (binds.length > 1
              ? ` (${binds.length} binds: ${binds.map((b) => b.transport).join(', ')})`
              : ''),
        );
      }
    // No lost update: the stored snapshot is the accepted events replayed in version order.
    let s = start;
    for (const step of steps) {
      const out = dispatch(s, step.event, step.now);
      if (!out.ok) {
        violations.push(
          `${id}: replaying v${step.version} (${step.event.type}) is rejected: ${out.reason}`,
        );
        break;
      }
      s = out.snapshot;
    }
    if (JSON.stringify(serializeSnapshot(s)) !== JSON.stringify(serializeSnapshot(loaded.snapshot)))
      violations.push(
        `${id}: lost update: stored v${loaded.snapshot.version}, the accepted events replay to v${s.version}`,
      );
    // Seed S3: every nonce an accepted reattach consumed is remembered.
    for (const step of steps)
      if (step.event.type === 'REATTACH' && !loaded.snapshot.usedNonces.has(step.event.nonce))
        violations.push(
          `${id}: accepted nonce ${step.event.nonce} is missing from the stored usedNonces`,
        );
  }
  return violations;
}

export function parseEventOrThrow(raw: unknown): SessionEvent {
  const p = parseEvent(raw);
  if (!p.ok) throw new Error(p.error);
  return p.event;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** An adapter without compare-and-set: its write ignores what the writer read. The same race
 *  must catch it. */
export function blindWrite(rows: RowStore): RowStore {
  return {
    ...rows,
    compareAndSet: async (id: string, _expected: RowKey, next) => {
      const row = await rows.select(id);
      return row !== null && rows.compareAndSet(id, row, next);
    },
  };
}
