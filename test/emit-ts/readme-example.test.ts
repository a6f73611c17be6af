// Runs the README's engine example (docs/examples/session-store.ts) on the in-memory store and
// on the embedded one (PGlite).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { open, serve, sessions } from '../../docs/examples/session-store.ts';
import { embeddedStore, memoryStore, type RowStore } from '../../generator/store/index.ts';

describe.each([
  { name: 'in memory', rows: async (): Promise<RowStore> => memoryStore() },
  { name: 'embedded (PGlite)', rows: () => embeddedStore() },
])('the README example, $name', ({ rows: makeRows }) => {
  it('serves a session end to end', { timeout: 60_000 }, async () => {
    const rows = await makeRows();
    const store = sessions(rows);
    expect(await open(store, 's1', 0)).toBe(true);
    expect(await open(store, 's1', 0)).toBe(false);
    const serve1 = (body: string, now: number) => serve(store, 's1', body, now);
    expect(await serve1('{"type":"HANDSHAKE","transport":"t1","handshakeValid":true}', 1)).toEqual({
      status: 200,
      message: 'HANDSHAKE_OK: attached to t1 (v1)',
    });
    expect(await serve1('{"type":"TRANSPORT_DEAD","healthFailureValidated":true}', 2)).toEqual({
      status: 200,
      message: 'TRANSPORT_DEAD: ATTACHED -> RECOVERING (v2)',
    });
    const reattach =
      '{"type":"REATTACH","transport":"t2","proofValid":true,"nonce":"n1","ownershipConflict":false}';
    expect(await serve1(reattach, 3)).toEqual({
      status: 200,
      message: 'REATTACH_ACK: attached to t2 (v3)',
    });
    expect(
      await serve1(
        '{"type":"TRANSPORT_DEAD","healthFailureValidated":true,"expectedVersion":1}',
        4,
      ),
    ).toEqual({ status: 409, message: 'VERSION_MISMATCH' });
    expect(
      (await serve1('{"type":"TRANSPORT_DEAD","healthFailureValidated":true}', 4)).status,
    ).toBe(200);
    // The nonce is in the stored usedNonces: a replay is refused (S3).
    expect(await serve1(reattach, 5)).toEqual({ status: 403, message: 'NONCE_REPLAY' });
    expect(await serve1('{"type":"REATTACH"}', 5)).toEqual({
      status: 400,
      message: 'missing field transport in REATTACH',
    });
    expect(await serve1('not json', 5)).toEqual({ status: 400, message: 'the body is not JSON' });
    expect(await serve(store, 'nope', '{"type":"TERMINATE"}', 5)).toEqual({
      status: 404,
      message: 'no such session',
    });
    await rows.close();
  });

  it('refuses a stored snapshot that no session can be', { timeout: 60_000 }, async () => {
    const rows = await makeRows();
    const store = sessions(rows);
    await open(store, 's2', 0);
    const row = (await rows.select('s2'))!;
    const data = JSON.stringify({ ...JSON.parse(row.data), usedNonces: {} });
    expect(await rows.compareAndSet('s2', row, { ...row, data })).toBe(true);
    expect(await serve(store, 's2', '{"type":"TERMINATE"}', 1)).toEqual({
      status: 500,
      message: 'stored snapshot refused: usedNonces must be an array',
    });
    await rows.close();
  });
});

it("the README's copy of the example is the file's", () => {
  const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');
  const file = read('docs/examples/session-store.ts');
  expect(read('README.md')).toContain('```ts\n' + file.slice(file.indexOf('import {')) + '```\n');
});
