// Type-level guarantees of the generated API: per-state narrowing and an exhaustive switch
// over reject reasons compile (checked by tsc in `npm run lint`, and by vitest here).

import { describe, expectTypeOf, it } from 'vitest';
import type {
  SessionOutcome,
  SessionRejectReason,
  SessionSnapshot,
  TransportId,
} from '../../generated/session.ts';

function reasonText(reason: SessionRejectReason): string {
  switch (reason) {
    case 'DUAL_ACTIVE':
    case 'HANDSHAKE_INVALID':
    case 'HEALTH_FAILURE_UNVALIDATED':
    case 'NONCE_REPLAY':
    case 'NO_TRANSITION':
    case 'OWNERSHIP_CONFLICT':
    case 'PROOF_INVALID':
    case 'RATE_LIMITED':
    case 'TERMINATED':
    case 'TIMER_NOT_DUE':
    case 'TTL_EXPIRED':
    case 'VERSION_EXHAUSTED':
    case 'VERSION_MISMATCH':
      return reason;
    default: {
      const unreachable: never = reason;
      return unreachable;
    }
  }
}

describe('generated types', () => {
  it('narrow the transport per state', () => {
    expectTypeOf<
      Extract<SessionSnapshot, { state: 'ATTACHED' }>['activeTransport']
    >().toEqualTypeOf<TransportId>();
    expectTypeOf<
      Extract<SessionSnapshot, { state: 'RECOVERING' }>['activeTransport']
    >().toEqualTypeOf<null>();
    expectTypeOf<
      Extract<SessionSnapshot, { state: 'TERMINATED' }>['activeTransport']
    >().toEqualTypeOf<TransportId | null>();
  });

  it('make the reject reasons an exhaustive union', () => {
    expectTypeOf(reasonText).parameter(0).toEqualTypeOf<SessionRejectReason>();
    expectTypeOf<
      Extract<SessionOutcome, { ok: false }>['reason']
    >().toEqualTypeOf<SessionRejectReason>();
  });
});
