// npm run bench:store — sessions in a store (issue 16): requests served by handle() on each
// adapter (in memory, PGlite, PostgreSQL through a pool of 32 connections when a server can be
// started: test/store/postgres-server.ts) with 1 client on one session, 32 clients on one
// session (every request races) and 32 clients on 32 sessions; and the same loop over a
// hand-written Map with compare-and-set by reference (no JSON, no parseSnapshot), the floor a
// store could reach. Each request is a flagship TRANSPORT_DEAD or REATTACH (a fresh nonce), so a
// client alone on its session is always accepted. A last row per adapter has conflicts
// dominate: 32 clients on one counter whose every request is accepted in any state (its engine
// generated here from COUNTER_SPEC), so each lost compare-and-set is tried again, and a request
// that loses all five tries is answered `conflict`. Figures, not assertions.
//
//   npm run bench:store            a table        npm run bench:store -- --json

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Build } from '../generator/build.ts';
import { engineBackend } from '../generator/emit-ts/backend.ts';
import { compileSpec } from '../generator/frontend.ts';
import { SnapshotStore } from '../generator/store/snapshot-store.ts';
import {
  asSessionId,
  createSession,
  dispatch,
  parseEvent,
  type SessionSnapshot,
} from '../generated/session.ts';
import { handle } from '../generator/store/handle.ts';
import { memoryStore } from '../generator/store/memory.ts';
import type { RowStore } from '../generator/store/rows.ts';
import { embeddedStore, migrate, sqlStore } from '../generator/store/sql.ts';
import { ENGINE, PARAMS, sessionStore } from '../test/store/race.ts';
import { startPostgres } from '../test/store/postgres-server.ts';

const json = process.argv.includes('--json');
const REQUESTS = 2_000;

interface Row {
  readonly adapter: string;
  readonly clients: number;
  readonly sessions: number;
  readonly requestsPerSecond: number;
  readonly accepted: number;
  /** Requests that lost a compare-and-set at least once (then re-dispatched). */
  readonly retried: number;
  /** Requests that lost every try (handle's `conflict`). */
  readonly conflicts: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

const quantile = (xs: number[], q: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

/** The session's next request, by how many this client has sent (even: lose, odd: reattach). */
function body(n: number, client: number): unknown {
  return n % 2 === 0
    ? { type: 'TRANSPORT_DEAD', healthFailureValidated: true }
    : {
        type: 'REATTACH',
        transport: `t${client}-${n}`,
        proofValid: true,
        nonce: `n${client}-${n}`,
        ownershipConflict: false,
      };
}

function attached(id: string): SessionSnapshot {
  const s = createSession({ sessionId: asSessionId(id), params: PARAMS, now: 0 });
  const out = dispatch(s, { type: 'HANDSHAKE', transport: 't0' as never, handshakeValid: true }, 1);
  if (!out.ok) throw new Error(out.reason);
  return out.snapshot;
}

let run = 0;

/** Runs `clients` concurrent clients, client c on session c mod `sessions`, REQUESTS in all;
 *  `serve` answers one request: accepted after how many tries, or null when not accepted. */
async function drive(
  adapter: string,
  clients: number,
  sessions: number,
  serve: (
    session: number,
    n: number,
    client: number,
    now: number,
  ) => Promise<number | 'conflict' | null>,
): Promise<Row> {
  let clock = 10;
  let accepted = 0;
  let retried = 0;
  let conflicts = 0;
  const latencies: number[] = [];
  const perClient = Math.ceil(REQUESTS / clients);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let n = 0; n < perClient; n++) {
        const t = performance.now();
        const attempts = await serve(c % sessions, n, c, clock++);
        latencies.push(performance.now() - t);
        if (attempts === 'conflict') conflicts++;
        else if (attempts !== null) {
          accepted++;
          if (attempts > 1) retried++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    adapter,
    clients,
    sessions,
    requestsPerSecond: Math.round(latencies.length / seconds),
    accepted,
    retried,
    conflicts,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}

async function measure(
  adapter: string,
  rows: RowStore,
  clients: number,
  sessions: number,
): Promise<Row> {
  const store = sessionStore(rows);
  const ids = Array.from({ length: sessions }, (_, i) => `b${++run}-${i}`);
  for (const id of ids) await store.create(id, attached(id));
  return drive(adapter, clients, sessions, async (session, n, c, now) => {
    const r = await handle(store, ENGINE, ids[session]!, body(n, c), now);
    return r.kind === 'accepted' ? r.attempts : r.kind === 'conflict' ? 'conflict' : null;
  });
}

/** A counter every HIT of which is accepted in any state: under 32 clients on one row, what a
 *  lost compare-and-set costs. */
const COUNTER_SPEC = `machine Counter
param MaxHits: Nat model 2
states {
  initial OPEN
  terminal CLOSED
}
accept { HIT, CLOSE }
reject { FULL }
var hits: 0..MaxHits = 0
event HIT {}
event CLOSE {}
transition hit: OPEN -> OPEN on HIT
  reason HIT
  require hits < MaxHits else FULL
  set hits = hits + 1
transition close: OPEN -> CLOSED on CLOSE
  reason CLOSE
`;

interface CounterEngine {
  createCounter(init: { params: { maxHits: number }; now: number }): { version: number };
  dispatch(
    s: { version: number },
    e: unknown,
    now: number,
  ): { ok: boolean; snapshot: { version: number }; reason: string };
  parseEvent(raw: unknown): { ok: true; event: unknown } | { ok: false; error: string };
  serializeSnapshot(s: { version: number }): unknown;
  parseSnapshot(
    raw: unknown,
    o: { params: { maxHits: number } },
  ): { ok: true; snapshot: { version: number } } | { ok: false; error: string };
}

async function counterEngine(): Promise<{ engine: CounterEngine; remove: () => void }> {
  const ir = compileSpec(COUNTER_SPEC, 'counter.tether').ir;
  if (!ir) throw new Error('the counter spec does not compile');
  const [file] = engineBackend.emit(new Build(ir));
  const dir = mkdtempSync(join(tmpdir(), 'tether-bench-counter-'));
  writeFileSync(join(dir, 'counter.ts'), file!.content);
  const engine = (await import(join(dir, 'counter.ts'))) as CounterEngine;
  return { engine, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function measureCounter(
  adapter: string,
  rows: RowStore,
  counter: CounterEngine,
): Promise<Row> {
  const params = { maxHits: 1_000_000_000 };
  const store = new SnapshotStore(rows, {
    serializeSnapshot: (s: { version: number }) => counter.serializeSnapshot(s),
    parseSnapshot: (raw) => counter.parseSnapshot(raw, { params }),
  });
  const id = `c${++run}`;
  await store.create(id, counter.createCounter({ params, now: 0 }));
  const row = await drive(`${adapter}, counter`, 32, 1, async (_session, _n, _c, now) => {
    const r = await handle(store, counter, id, { type: 'HIT' }, now);
    return r.kind === 'accepted' ? r.attempts : r.kind === 'conflict' ? 'conflict' : null;
  });
  const loaded = await store.load(id, 0);
  if (!loaded.ok || loaded.snapshot.version !== row.accepted)
    throw new Error(
      `the counter lost hits: ${row.accepted} accepted, stored ${JSON.stringify(loaded)}`,
    );
  return row;
}

/** The floor: a Map of live snapshots, compare-and-set by reference, the same engine calls. */
async function handWritten(clients: number, sessions: number): Promise<Row> {
  const map = new Map<string, SessionSnapshot>();
  const ids = Array.from({ length: sessions }, (_, i) => `h${++run}-${i}`);
  for (const id of ids) map.set(id, attached(id));
  return drive('hand-written Map CAS', clients, sessions, async (session, n, c, now) => {
    const id = ids[session]!;
    const parsed = parseEvent(body(n, c));
    if (!parsed.ok) throw new Error(parsed.error);
    for (let attempt = 1; attempt <= 5; attempt++) {
      const current = map.get(id)!;
      await Promise.resolve(); // a store's read is asynchronous: others run in between
      const out = dispatch(current, parsed.event, now);
      if (!out.ok) return null;
      if (map.get(id) === current) {
        map.set(id, out.snapshot);
        return attempt;
      }
    }
    return null;
  });
}

const SHAPES: [number, number][] = [
  [1, 1],
  [32, 1],
  [32, 32],
];
const rows: Row[] = [];
const firstQuery: Record<string, number> = {};

const counter = await counterEngine();
for (const [c, s] of SHAPES) rows.push(await handWritten(c, s));
const memory = memoryStore();
for (const [c, s] of SHAPES) rows.push(await measure('in memory', memory, c, s));
rows.push(await measureCounter('in memory', memory, counter.engine));

let t = performance.now();
const lite = await embeddedStore();
firstQuery['PGlite (start and migrate)'] = performance.now() - t;
for (const [c, s] of SHAPES) rows.push(await measure('embedded (PGlite)', lite, c, s));
rows.push(await measureCounter('embedded (PGlite)', lite, counter.engine));
await lite.close();

const server = startPostgres();
if (server) {
  const pool = new pg.Pool({ connectionString: server.url, max: 32 });
  t = performance.now();
  await migrate(pool);
  firstQuery['PostgreSQL (connect and migrate)'] = performance.now() - t;
  const store = sqlStore(pool);
  for (const [c, s] of SHAPES) rows.push(await measure('PostgreSQL (pool of 32)', store, c, s));
  rows.push(await measureCounter('PostgreSQL (pool of 32)', store, counter.engine));
  await pool.end();
  server.stop();
} else
  process.stderr.write('NOTICE: no PostgreSQL here (see test/store/postgres-server.ts): skipped\n');
counter.remove();

if (json) process.stdout.write(`${JSON.stringify({ rows, firstQuery }, null, 2)}\n`);
else {
  process.stdout.write(
    `${REQUESTS} requests per row (TRANSPORT_DEAD and REATTACH, alternating; the counter rows: HIT)\n`,
  );
  for (const r of rows)
    process.stdout.write(
      `  ${r.adapter.padEnd(35)} ${String(r.clients).padStart(2)} clients, ${String(r.sessions).padStart(2)} sessions: ${String(r.requestsPerSecond).padStart(7)} req/s, ${String(r.accepted).padStart(4)} accepted, ${String(r.retried).padStart(4)} retried, ${String(r.conflicts).padStart(4)} conflicts, p50 ${r.p50Ms.toFixed(3)} ms, p99 ${r.p99Ms.toFixed(3)} ms\n`,
    );
  for (const [what, ms] of Object.entries(firstQuery))
    process.stdout.write(`  ${what}: ${ms.toFixed(0)} ms\n`);
}
