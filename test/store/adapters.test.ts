// Every adapter (in memory, the embedded PGlite, a real PostgreSQL server through a pool of
// connections) against the concurrency test (race.ts), and the blind-write adapter, which the
// same test must catch; the snapshot store's refusals (a corrupt row, ABA) and the request
// helper's answers, on each adapter.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSessionId, createSession, dispatch, type TransportId } from '../../generated/session.ts';
import { handle } from '../../generator/store/handle.ts';
import { memoryStore } from '../../generator/store/memory.ts';
import type { RowStore } from '../../generator/store/rows.ts';
import { embeddedStore, migrate, sqlStore } from '../../generator/store/sql.ts';
import { startPostgres, type PostgresServer } from './postgres-server.ts';
import { blindWrite, ENGINE, PARAMS, race, random, sessionStore } from './race.ts';

/** Races per adapter (TETHER_STORE_RUNS runs more; each is 32 clients × 6 requests). */
const RUNS = Number(process.env['TETHER_STORE_RUNS'] ?? 40);

const jitter = (seed: number) => {
  const next = random(seed);
  return () =>
    new Promise<void>((resolve) =>
      next() < 0.5 ? setImmediate(resolve) : queueMicrotask(resolve),
    );
};

interface Adapter {
  readonly name: string;
  /** A store for one race or test (its ids are its own). */
  fresh(seed: number): Promise<RowStore>;
}

let postgres: PostgresServer | null = null;
let pool: pg.Pool | null = null;
let lite: RowStore | null = null;
let tables = 0;

beforeAll(async () => {
  postgres = startPostgres();
  if (postgres) pool = new pg.Pool({ connectionString: postgres.url, max: 32 });
  else
    console.warn(
      "\n  NOTICE: no PostgreSQL here (install Debian's postgresql, or set TETHER_PG_BIN): the PostgreSQL adapter's tests are skipped.\n",
    );
}, 60_000);
afterAll(async () => {
  await pool?.end();
  postgres?.stop();
  await lite?.close();
});

/** A new table on the pool: every store starts empty. */
async function freshTable(client: pg.Pool): Promise<RowStore> {
  const table = `rows_${++tables}`;
  await migrate(client, { table });
  return sqlStore(client, { table });
}

const ADAPTERS: Adapter[] = [
  { name: 'in memory', fresh: async (seed) => memoryStore({ pause: jitter(seed) }) },
  {
    name: 'embedded (PGlite)',
    fresh: async () => {
      // One in-memory database for the file: each race and test uses ids of its own.
      lite ??= await embeddedStore();
      return lite;
    },
  },
  {
    name: 'PostgreSQL (a pool of 32 connections)',
    fresh: async () => freshTable(pool!),
  },
];

describe.each(ADAPTERS)('the $name store', (adapter) => {
  const skip = (): boolean => adapter.name.startsWith('PostgreSQL') && pool === null;

  it(
    `keeps every rule over ${RUNS} races of 32 clients, on one session and on many`,
    { timeout: 300_000 },
    async (t) => {
      if (skip()) return t.skip();
      let accepted = 0;
      let retried = 0;
      for (let run = 1; run <= RUNS; run++) {
        const o = { sessions: run % 2 === 0 ? 1 : 8, clients: 32, requestsPerClient: 6, seed: run };
        const r = await race(await adapter.fresh(run), o);
        expect(r.violations, `seed ${run}`).toEqual([]);
        accepted += r.accepted;
        retried += r.retried;
      }
      // The races were real: requests lost a compare-and-set and were decided again.
      expect(accepted).toBeGreaterThan(RUNS * 10);
      expect(retried).toBeGreaterThan(0);
      console.log(
        `${adapter.name}: ${RUNS} races, ${accepted} accepted, ${retried} retried after a lost compare-and-set`,
      );
    },
  );

  it('a blind write over it fails the same races', { timeout: 120_000 }, async (t) => {
    if (skip()) return t.skip();
    const broken: string[] = [];
    for (let run = 1; run <= 10 && broken.length === 0; run++)
      broken.push(
        ...(
          await race(blindWrite(await adapter.fresh(1000 + run)), {
            sessions: 1,
            clients: 32,
            requestsPerClient: 6,
            seed: 1000 + run,
          })
        ).violations,
      );
    expect(broken.length).toBeGreaterThan(0);
    expect(
      broken.some((v) => v.includes('lost update') || v.includes('requests accepted from version')),
    ).toBe(true);
  });

  const session = (id: string) =>
    createSession({ sessionId: asSessionId(id), params: PARAMS, now: 0 });

  it('refuses a second create of an id, and a write over a re-created id (ABA)', async (t) => {
    if (skip()) return t.skip();
    const store = sessionStore(await adapter.fresh(1));
    expect((await store.create('aba', session('aba'))).ok).toBe(true);
    expect(await store.create('aba', session('aba'))).toEqual({ ok: false, error: 'exists' });
    const old = await store.load('aba', 1);
    if (!old.ok) throw new Error(old.error);
    // The session is closed and opened again under the same id: version 0 again.
    expect(await store.delete('aba')).toBe(true);
    expect(await store.delete('aba')).toBe(false);
    expect((await store.create('aba', session('aba'))).ok).toBe(true);
    const out = dispatch(
      old.snapshot,
      { type: 'HANDSHAKE', transport: 't1' as TransportId, handshakeValid: true },
      2,
    );
    if (!out.ok) throw new Error(out.reason);
    expect(old.key.version).toBe(0);
    expect(await store.compareAndSet('aba', old.key, out.snapshot)).toBeNull();
    const now = await store.load('aba', 3);
    expect(now.ok && now.snapshot.state).toBe('BIRTH');
    await store.delete('aba');
  });

  it('refuses a corrupt row as corrupt, never dispatching it', async (t) => {
    if (skip()) return t.skip();
    const rows = await adapter.fresh(2);
    const store = sessionStore(rows);
    await store.create('bad', session('bad'));
    const row = (await rows.select('bad'))!;
    const cases: [string, string, number][] = [
      ['not json', 'the stored data is not JSON', 0],
      [row.data.replace('"usedNonces":[]', '"usedNonces":{}'), 'usedNonces must be an array', 0],
      [row.data.replace('"version":0', '"version":1e400'), 'version', 0],
      [row.data.replace('"state":"BIRTH"', '"state":"NOWHERE"'), 'state', 0],
      [row.data.replace('{', '{"__proto__":{"state":"ATTACHED"},'), '__proto__', 0],
      [row.data, "the row's version 5 is not its snapshot's (0)", 5],
    ];
    for (const [data, message, version] of cases) {
      await rows.delete('bad');
      await rows.insert('bad', { ...row, data, version });
      const loaded = await store.load('bad', 1);
      expect(loaded.ok, data).toBe(false);
      expect(!loaded.ok && loaded.error === 'corrupt' && loaded.message).toContain(message);
      expect((await handle(store, ENGINE, 'bad', '{"type":"TERMINATE"}', 1)).kind).toBe('corrupt');
      expect((await rows.select('bad'))!.data).toBe(data);
    }
    await rows.delete('bad');
  });

  it('answers bad input, an unknown id, a rejection and a stale expectedVersion without retrying', async (t) => {
    if (skip()) return t.skip();
    const store = sessionStore(await adapter.fresh(3));
    await store.create('h', session('h'));
    expect(await handle(store, ENGINE, 'h', 'nope', 1)).toEqual({
      kind: 'bad-input',
      error: 'the body is not JSON',
    });
    expect((await handle(store, ENGINE, 'h', { type: 'REATTACH' }, 1)).kind).toBe('bad-input');
    expect(await handle(store, ENGINE, 'missing', '{"type":"TERMINATE"}', 1)).toEqual({
      kind: 'not-found',
    });
    const ok = await handle(
      store,
      ENGINE,
      'h',
      { type: 'HANDSHAKE', transport: 't1', handshakeValid: true },
      1,
    );
    expect(ok).toMatchObject({ kind: 'accepted', attempts: 1, key: { version: 1 } });
    const stale = await handle(
      store,
      ENGINE,
      'h',
      { type: 'TRANSPORT_UNSTABLE', expectedVersion: 0 },
      2,
    );
    expect(stale).toMatchObject({
      kind: 'rejected',
      attempts: 1,
      outcome: { reason: 'VERSION_MISMATCH' },
    });
    await expect(handle(store, ENGINE, 'h', '{}', 1, { maxAttempts: 0 })).rejects.toThrow(
      RangeError,
    );
    const losing = { ...(await adapter.fresh(4)), compareAndSet: async () => false };
    const lost = sessionStore(losing);
    await lost.create('x', session('x'));
    expect(await handle(lost, ENGINE, 'x', { type: 'TERMINATE' }, 1, { maxAttempts: 3 })).toEqual({
      kind: 'conflict',
      attempts: 3,
    });
    await store.delete('h');
    await lost.delete('x');
  });
});
