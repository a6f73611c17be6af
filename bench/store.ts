// npm run bench:store — sessions in a store (issue 16): requests served by handle() on each
// adapter (in memory, PGlite, PostgreSQL through a pool of 32 connections when a server can be
// started: test/store/postgres-server.ts) with 1 client on one session, 32 clients on one
// session (every request races) and 32 clients on 32 sessions; and the same loop over a
// hand-written Map with compare-and-set by reference (no JSON, no parseSnapshot), the floor a
// store could reach. Each request is a flagship TRANSPORT_DEAD or REATTACH (a fresh nonce), so a
// client alone on its session is always accepted. Figures, not assertions.
//
//   npm run bench:store            a table        npm run bench:store -- --json

import pg from 'pg';
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
  serve: (session: number, n: number, client: number, now: number) => Promise<number | null>,
): Promise<Row> {
  let clock = 10;
  let accepted = 0;
  let retried = 0;
  const latencies: number[] = [];
  const perClient = Math.ceil(REQUESTS / clients);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let n = 0; n < perClient; n++) {
        const t = performance.now();
        const attempts = await serve(c % sessions, n, c, clock++);
        latencies.push(performance.now() - t);
        if (attempts !== null) {
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
    return r.kind === 'accepted' ? r.attempts : null;
  });
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

for (const [c, s] of SHAPES) rows.push(await handWritten(c, s));
const memory = memoryStore();
for (const [c, s] of SHAPES) rows.push(await measure('in memory', memory, c, s));

let t = performance.now();
const lite = await embeddedStore();
firstQuery['PGlite (start and migrate)'] = performance.now() - t;
for (const [c, s] of SHAPES) rows.push(await measure('embedded (PGlite)', lite, c, s));
await lite.close();

const server = startPostgres();
if (server) {
  const pool = new pg.Pool({ connectionString: server.url, max: 32 });
  t = performance.now();
  await migrate(pool);
  firstQuery['PostgreSQL (connect and migrate)'] = performance.now() - t;
  const store = sqlStore(pool);
  for (const [c, s] of SHAPES) rows.push(await measure('PostgreSQL (pool of 32)', store, c, s));
  await pool.end();
  server.stop();
} else
  process.stderr.write('NOTICE: no PostgreSQL here (see test/store/postgres-server.ts): skipped\n');

if (json) process.stdout.write(`${JSON.stringify({ rows, firstQuery }, null, 2)}\n`);
else {
  process.stdout.write(`${REQUESTS} requests per row (TRANSPORT_DEAD and REATTACH, alternating)\n`);
  for (const r of rows)
    process.stdout.write(
      `  ${r.adapter.padEnd(26)} ${String(r.clients).padStart(2)} clients, ${String(r.sessions).padStart(2)} sessions: ${String(r.requestsPerSecond).padStart(7)} req/s, ${String(r.accepted).padStart(4)} accepted, ${String(r.retried).padStart(4)} retried, p50 ${r.p50Ms.toFixed(3)} ms, p99 ${r.p99Ms.toFixed(3)} ms\n`,
    );
  for (const [what, ms] of Object.entries(firstQuery))
    process.stdout.write(`  ${what}: ${ms.toFixed(0)} ms\n`);
}
