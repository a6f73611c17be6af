// The race across processes (issue 16 item 4: "for PostgreSQL separate connections, and
// separate processes"): four processes, each with its own pool of eight connections to one
// PostgreSQL server, race through handle() on the same sessions; the parent then checks what
// was stored with the rules of race.ts, over every process's accepted requests. A blind write
// in the same processes must be caught.

import { spawn } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, sqlStore } from '../../generator/store/sql.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';
import { checkStored, createSessions, sessionStore, type Accepted } from './race.ts';

const WORKER = new URL('./race-worker.ts', import.meta.url).pathname;
const PROCESSES = 4;
const CLIENTS = 8;
/** Races (TETHER_STORE_PROCESS_RUNS runs more); each is 4 processes × 8 clients × 8 requests. */
const RUNS = Number(process.env['TETHER_STORE_PROCESS_RUNS'] ?? 10);

let postgres: PostgresServer | null = null;
let pool: pg.Pool | null = null;
let tables = 0;

beforeAll(() => {
  postgres = startPostgres();
  if (postgres) pool = new pg.Pool({ connectionString: postgres.url, max: 4 });
  else
    console.warn(
      "\n  NOTICE: no PostgreSQL here (install Debian's postgresql, or set TETHER_PG_BIN): the race across processes is skipped.\n",
    );
}, 60_000);
afterAll(async () => {
  await pool?.end();
  postgres?.stop();
});

interface WorkerResult {
  readonly accepted: Accepted[];
  readonly retried: number;
  readonly conflicts: number;
  readonly violations: string[];
}

/** Starts a worker; resolves `ready` once it is connected, `done` with what it printed. */
function worker(args: object): {
  ready: Promise<void>;
  go: () => void;
  done: Promise<WorkerResult>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, JSON.stringify(args)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    if (out.startsWith('ready\n')) ready();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const done = new Promise<WorkerResult>((resolve, reject) =>
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`a worker exited with ${code}: ${err}`));
      resolve(JSON.parse(out.split('\n').filter(Boolean).at(-1)!) as WorkerResult);
    }),
  );
  done.catch(() => ready());
  return { ready: isReady, go: () => child.stdin.end('go\n'), done };
}

/** One race across the processes on a fresh table; the rules broken, and the figures. */
async function raceAcross(seed: number, sessions: number, blind: boolean) {
  const table = `across_${++tables}`;
  await migrate(pool!, { table });
  const store = sessionStore(sqlStore(pool!, { table }));
  const { ids, starts } = await createSessions(store, seed, sessions, Date.now() - 10);
  const workers = Array.from({ length: PROCESSES }, (_, p) =>
    worker({
      url: postgres!.url,
      table,
      ids,
      clients: CLIENTS,
      requestsPerClient: 8,
      seed: seed * 100 + p,
      blind,
    }),
  );
  await Promise.all(workers.map((w) => w.ready));
  for (const w of workers) w.go();
  const results = await Promise.all(workers.map((w) => w.done));
  const accepted = results.flatMap((r) => r.accepted);
  // The accepting process of each session's versions, in version order: a change of process
  // from one version to the next is one process writing over another's row.
  const byVersion = results
    .flatMap((r, p) => r.accepted.map((a) => ({ ...a, p })))
    .sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version);
  const handovers = byVersion.filter(
    (a, i) => i > 0 && byVersion[i - 1]!.id === a.id && byVersion[i - 1]!.p !== a.p,
  ).length;
  const violations = [
    ...results.flatMap((r) => r.violations),
    ...(await checkStored(store, starts, accepted, Date.now())),
  ];
  return {
    violations,
    accepted: accepted.length,
    retried: results.reduce((n, r) => n + r.retried, 0),
    handovers,
  };
}

describe('PostgreSQL raced by several processes', () => {
  it(
    `keeps every rule over ${RUNS} races of ${PROCESSES} processes × ${CLIENTS} clients`,
    { timeout: 300_000 },
    async (t) => {
      if (!pool) return t.skip();
      let accepted = 0;
      let retried = 0;
      let handovers = 0;
      for (let run = 1; run <= RUNS; run++) {
        const r = await raceAcross(run, run % 2 === 0 ? 1 : 4, false);
        expect(r.violations, `seed ${run}`).toEqual([]);
        accepted += r.accepted;
        retried += r.retried;
        handovers += r.handovers;
      }
      // The races were real: the processes interleaved on the sessions (one stored over
      // another's row), and compare-and-sets were lost and the requests decided again.
      expect(handovers).toBeGreaterThan(RUNS);
      expect(retried).toBeGreaterThan(0);
      console.log(
        `PostgreSQL across ${PROCESSES} processes: ${RUNS} races, ${accepted} accepted (${handovers} over another process's write), ${retried} retried after a lost compare-and-set`,
      );
    },
  );

  it('catches a blind write in the same processes', { timeout: 300_000 }, async (t) => {
    if (!pool) return t.skip();
    const broken: string[] = [];
    for (let run = 1; run <= 5 && broken.length === 0; run++)
      broken.push(...(await raceAcross(500 + run, 1, true)).violations);
    expect(
      broken.some((v) => v.includes('lost update') || v.includes('requests accepted from version')),
    ).toBe(true);
  });
});
