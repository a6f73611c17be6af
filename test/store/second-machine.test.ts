// A second machine through the store, not the flagship: the lease lock with fencing tokens of
// test/fixtures/race/lease.tether, its engine generated into a temporary folder and served by
// handle() on the in-memory and the embedded store while 24 clients race to acquire and release
// it. What the lease exists for must hold of what was accepted (fencing: every accepted acquire
// got a token larger than every earlier one), and the store's rules as for the flagship (one
// accepted request per version; the stored snapshot is the accepted events replayed in version
// order). The same race over a blind write must break them.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Build } from '../../generator/build.ts';
import { engineBackend } from '../../generator/emit-ts/backend.ts';
import { handle } from '../../generator/store/handle.ts';
import { memoryStore } from '../../generator/store/memory.ts';
import type { RowStore } from '../../generator/store/rows.ts';
import { SnapshotStore } from '../../generator/store/snapshot-store.ts';
import { embeddedStore } from '../../generator/store/sql.ts';
import { compileFile } from '../helpers.ts';
import { blindWrite, random } from './race.ts';

/** The generated lease engine's functions this test uses (its own types stay in its file). */
interface LeaseSnapshot {
  readonly state: string;
  readonly version: number;
  readonly holder: string | null;
  readonly token: number;
}
type Outcome =
  | { readonly ok: true; readonly snapshot: LeaseSnapshot; readonly reason: string }
  | { readonly ok: false; readonly snapshot: LeaseSnapshot; readonly reason: string };
interface LeaseEngine {
  createLease(init: { params: { maxToken: number; leaseTtl: number }; now: number }): LeaseSnapshot;
  dispatch(s: LeaseSnapshot, e: unknown, now: number): Outcome;
  parseEvent(raw: unknown): { ok: true; event: unknown } | { ok: false; error: string };
  serializeSnapshot(s: LeaseSnapshot): unknown;
  parseSnapshot(
    raw: unknown,
    o: { params: { maxToken: number; leaseTtl: number }; now: number },
  ): { ok: true; snapshot: LeaseSnapshot } | { ok: false; error: string };
}

const PARAMS = { maxToken: 1_000_000, leaseTtl: 30_000 };
let dir = '';
let lease: LeaseEngine;
let lite: RowStore | null = null;

beforeAll(async () => {
  const ir = compileFile('test/fixtures/race/lease.tether').ir!;
  const [engine] = engineBackend.emit(new Build(ir));
  dir = mkdtempSync(join(tmpdir(), 'tether-lease-'));
  const file = join(dir, 'lease.ts');
  writeFileSync(file, engine!.content);
  lease = (await import(file)) as LeaseEngine;
}, 60_000);
afterAll(async () => {
  await lite?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Accepted {
  readonly body: object;
  readonly now: number;
  readonly outcome: Extract<Outcome, { ok: true }>;
}

/** 24 clients, each sending 8 acquires and releases (and a few hostile bodies) at one lease. */
async function raceLease(
  rows: RowStore,
  id: string,
  seed: number,
  /** The time a request is decided at: the clock on every try (handle's advice), or the time
   *  it was sent at. */
  time: 'per-try' | 'per-request' = 'per-try',
): Promise<{ violations: string[]; accepted: number; retried: number }> {
  const store = new SnapshotStore<LeaseSnapshot>(rows, {
    serializeSnapshot: (s) => lease.serializeSnapshot(s),
    parseSnapshot: (raw, now) => lease.parseSnapshot(raw, { params: PARAMS, now }),
  });
  const start = lease.createLease({ params: PARAMS, now: 0 });
  if (!(await store.create(id, start)).ok) throw new Error(`${id} exists`);
  const next = random(seed);
  const clients = ['c1', 'c2', 'c3'];
  let clock = 1;
  const accepted: Accepted[] = [];
  const violations: string[] = [];
  let retried = 0;
  const client = async (): Promise<void> => {
    for (let i = 0; i < 8; i++) {
      const who = clients[Math.floor(next() * clients.length)]!;
      const r = next();
      const body =
        r < 0.5
          ? { type: 'ACQUIRE', client: who }
          : r < 0.9
            ? { type: 'RELEASE', client: who }
            : { type: 'ACQUIRE', client: 7 };
      const sent = clock++;
      const result = await handle(
        store,
        lease,
        id,
        body,
        time === 'per-try' ? () => clock++ : sent,
      );
      if (result.kind === 'accepted' && result.outcome.ok) {
        accepted.push({ body, now: result.at, outcome: result.outcome });
        if (result.attempts > 1) retried++;
      } else if (result.kind === 'bad-input' && typeof body.client === 'string')
        violations.push(`a valid request was refused as bad input: ${JSON.stringify(body)}`);
      else if (result.kind === 'corrupt' || result.kind === 'not-found')
        violations.push(`${result.kind}${result.kind === 'corrupt' ? `: ${result.error}` : ''}`);
    }
  };
  await Promise.all(Array.from({ length: 24 }, client));

  const steps = accepted.sort((a, b) => a.outcome.snapshot.version - b.outcome.snapshot.version);
  const versions = steps.map((s) => s.outcome.snapshot.version);
  if (new Set(versions).size !== versions.length)
    violations.push(
      `two requests were accepted from one version (versions ${versions.join(', ')})`,
    );
  // Fencing: in version order, each accepted acquire's token is larger than every earlier one.
  const tokens = steps
    .filter((s) => s.outcome.reason === 'ACQUIRED')
    .map((s) => s.outcome.snapshot.token);
  if (tokens.some((t, i) => i > 0 && t <= tokens[i - 1]!))
    violations.push(`fencing broken: acquires got tokens ${tokens.join(', ')}`);
  let s = start;
  for (const step of steps) {
    const e = lease.parseEvent(step.body);
    const out = e.ok ? lease.dispatch(s, e.event, step.now) : null;
    if (!out?.ok) {
      violations.push(`replaying v${step.outcome.snapshot.version} is rejected`);
      break;
    }
    s = out.snapshot;
  }
  const loaded = await store.load(id, clock);
  if (!loaded.ok) violations.push(`the stored row does not read back: ${loaded.error}`);
  else if (
    JSON.stringify(lease.serializeSnapshot(loaded.snapshot)) !==
    JSON.stringify(lease.serializeSnapshot(s))
  )
    violations.push(`lost update: stored v${loaded.snapshot.version}, replayed v${s.version}`);
  return { violations, accepted: accepted.length, retried };
}

const jitter = (seed: number) => {
  const next = random(seed);
  return () =>
    new Promise<void>((resolve) =>
      next() < 0.5 ? setImmediate(resolve) : queueMicrotask(resolve),
    );
};

const ADAPTERS: { name: string; fresh: (seed: number) => Promise<RowStore> }[] = [
  { name: 'in memory', fresh: async (seed) => memoryStore({ pause: jitter(seed) }) },
  { name: 'embedded (PGlite)', fresh: async () => (lite ??= await embeddedStore()) },
];

describe.each(ADAPTERS)('the lease lock on the $name store', (adapter) => {
  it(
    'keeps fencing and every store rule over 20 races of 24 clients',
    { timeout: 120_000 },
    async () => {
      let accepted = 0;
      let retried = 0;
      for (let run = 1; run <= 20; run++) {
        const r = await raceLease(await adapter.fresh(run), `lease-${run}`, run);
        expect(r.violations, `seed ${run}`).toEqual([]);
        accepted += r.accepted;
        retried += r.retried;
      }
      // Real races: many acquires and releases accepted, some after a lost compare-and-set.
      expect(accepted).toBeGreaterThan(200);
      expect(retried).toBeGreaterThan(0);
    },
  );

  it(
    'decided at the time each request was sent, refuses rows written after it (lease_bounded)',
    { timeout: 120_000 },
    async () => {
      const broken: string[] = [];
      for (let run = 1; run <= 10 && broken.length === 0; run++)
        broken.push(
          ...(
            await raceLease(await adapter.fresh(200 + run), `sent-${run}`, 200 + run, 'per-request')
          ).violations,
        );
      expect(broken.some((v) => v.includes('corrupt') && v.includes('lease_bounded'))).toBe(true);
    },
  );

  it('loses updates and breaks fencing over a blind write', { timeout: 120_000 }, async () => {
    const broken: string[] = [];
    for (let run = 1; run <= 10 && broken.length === 0; run++)
      broken.push(
        ...(await raceLease(blindWrite(await adapter.fresh(100 + run)), `blind-${run}`, 100 + run))
          .violations,
      );
    expect(broken.some((v) => /fencing broken|from one version|lost update/.test(v))).toBe(true);
  });
});

describe('a retry of the lease decided on the time it reads the row', () => {
  /** Request B reads the free lease; before B's compare-and-set, request A acquires it at a
   *  later time; B's compare-and-set fails and B tries again with `nowB`. */
  async function lostToALaterWrite(nowB: number | (() => number)) {
    const rows = memoryStore();
    const store = new SnapshotStore<LeaseSnapshot>(rows, {
      serializeSnapshot: (s) => lease.serializeSnapshot(s),
      parseSnapshot: (raw, now) => lease.parseSnapshot(raw, { params: PARAMS, now }),
    });
    await store.create('l', lease.createLease({ params: PARAMS, now: 0 }));
    let first = true;
    const racing: RowStore = {
      ...rows,
      compareAndSet: async (id, expected, next) => {
        if (first) {
          first = false;
          const a = await handle(store, lease, 'l', { type: 'ACQUIRE', client: 'a' }, 1_000);
          expect(a.kind).toBe('accepted');
        }
        return rows.compareAndSet(id, expected, next);
      },
    };
    const raced = new SnapshotStore<LeaseSnapshot>(racing, {
      serializeSnapshot: (s) => lease.serializeSnapshot(s),
      parseSnapshot: (raw, now) => lease.parseSnapshot(raw, { params: PARAMS, now }),
    });
    return handle(raced, lease, 'l', { type: 'ACQUIRE', client: 'b' }, nowB);
  }

  it('with a fixed time, the retry reads a lease written later and refuses it (lease_bounded)', async () => {
    const b = await lostToALaterWrite(999);
    expect(b).toMatchObject({ kind: 'corrupt' });
    expect(b.kind === 'corrupt' && b.error).toContain('lease_bounded');
  });

  it('with a clock, the retry is decided at the time it reads: the lease is held', async () => {
    let t = 999;
    const b = await lostToALaterWrite(() => t++);
    expect(b).toMatchObject({
      kind: 'rejected',
      attempts: 2,
      at: 1_000,
      outcome: { reason: 'NO_TRANSITION' },
    });
  });

  it('refuses a clock that gives no finite time', async () => {
    await expect(lostToALaterWrite(() => Number.NaN)).rejects.toThrow(RangeError);
  });
});
