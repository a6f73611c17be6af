// The safety-net case (arbitrary snapshots, engine against the IR interpreter's full checks)
// on the constructs fixture's golden engine: quantifiers over ids, enums and ranges, sets,
// nullable times, enabled() inlined, where the flagship exercises only some of them.

import { describe, expect, it } from 'vitest';
import { conformanceSuite } from '../../generator/conformance/harness.ts';
import { createDoor, dispatch, parseEvent } from '../fixtures/golden/door.engine.ts';

describe('the safety net on arbitrary snapshots', () => {
  it('the constructs fixture: the specialised checks decide as the full ones, violations included', () => {
    const suite = conformanceSuite({ spec: new URL('../fixtures/golden/constructs.tether', import.meta.url), create: createDoor, dispatch, parseEvent });
    const { taken, violations } = suite.safetyNet(300);
    expect(taken).toBeGreaterThan(1000);
    expect(violations).toBeGreaterThan(0);
  });
});
