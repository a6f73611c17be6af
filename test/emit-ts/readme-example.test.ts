// Runs the README's engine example (docs/examples/session-store.ts).

import { expect, it } from 'vitest';
import { handle, open } from '../../docs/examples/session-store.ts';

it('the README example serves a session end to end', () => {
  open('s1', 0);
  expect(handle('s1', '{"type":"HANDSHAKE","transport":"t1","handshakeValid":true}', 1)).toEqual({
    status: 200,
    message: 'HANDSHAKE_OK: attached to t1 (v1)',
  });
  expect(handle('s1', '{"type":"TRANSPORT_DEAD","healthFailureValidated":true}', 2)).toEqual({
    status: 200,
    message: 'TRANSPORT_DEAD: ATTACHED -> RECOVERING (v2)',
  });
  const reattach =
    '{"type":"REATTACH","transport":"t2","proofValid":true,"nonce":"n1","ownershipConflict":false}';
  expect(handle('s1', reattach, 3)).toEqual({
    status: 200,
    message: 'REATTACH_ACK: attached to t2 (v3)',
  });
  expect(
    handle('s1', '{"type":"TRANSPORT_DEAD","healthFailureValidated":true,"expectedVersion":1}', 4),
  ).toEqual({ status: 409, message: 'VERSION_MISMATCH' });
  expect(handle('s1', '{"type":"TRANSPORT_DEAD","healthFailureValidated":true}', 4).status).toBe(
    200,
  );
  expect(handle('s1', reattach, 5)).toEqual({ status: 403, message: 'NONCE_REPLAY' });
  expect(handle('s1', '{"type":"REATTACH"}', 5)).toEqual({
    status: 400,
    message: 'missing field transport in REATTACH',
  });
  expect(handle('s1', 'not json', 5)).toEqual({ status: 400, message: 'body is not JSON' });
  expect(handle('nope', '{}', 5)).toEqual({ status: 404, message: 'no such session' });
});

it('the README example refuses a stored snapshot that no session can be', async () => {
  const { corruptStoredSnapshot } = await import('../../docs/examples/session-store.ts');
  open('s2', 0);
  corruptStoredSnapshot('s2', (s) => ({ ...s, usedNonces: {} }));
  expect(handle('s2', '{"type":"TERMINATE"}', 1)).toEqual({
    status: 500,
    message: 'stored snapshot refused: usedNonces must be an array',
  });
});
