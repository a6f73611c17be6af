// The safety-net case (arbitrary snapshots, engine against the IR interpreter's full checks)
// beyond the flagship: the constructs fixture's golden engine (quantifiers over ids, enums and
// ranges, sets, nullable times, enabled() inlined), and an engine whose enabled() cannot be
// inlined, where the check falls back to the invariant as written; and a machine that refuses
// a step breaking an invariant (`on violation -> reject`).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conformanceSuite } from '../../generator/conformance/harness.ts';
import { emitEngine } from '../../generator/emit-ts/engine.ts';
import { createDoor, dispatch, parseEvent } from '../fixtures/golden/door.engine.ts';
import { ROOT, compileFile, suiteInputs } from '../helpers.ts';

/** The safety net of the engine `out` (emitted from `spec`), imported from a temporary file. */
async function safetyNetOf(spec: string, out: string, create: string, runs: number) {
  const dir = mkdtempSync(join(ROOT, 'generated', '.safety-net-'));
  try {
    const file = join(dir, 'engine.ts');
    writeFileSync(file, out);
    const engine = (await import(pathToFileURL(file).href)) as Record<string, never>;
    const suite = conformanceSuite({
      ...suiteInputs(spec),
      create: engine[create]!,
      dispatch: engine['dispatch']!,
      parseEvent: engine['parseEvent']!,
    });
    return suite.safetyNet(runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the safety net on arbitrary snapshots', () => {
  it('the constructs fixture: the specialised checks decide as the full ones, violations included', () => {
    const suite = conformanceSuite({
      ...suiteInputs('test/fixtures/golden/constructs.tether'),
      create: createDoor,
      dispatch,
      parseEvent,
    });
    const { taken, violations, exhausted } = suite.safetyNet(300);
    expect(taken).toBeGreaterThan(1000);
    expect(violations).toBeGreaterThan(0);
    // ir.ts dispatch rule 2: snapshots at or past the last version, engine and oracle agree.
    expect(exhausted).toBeGreaterThan(0);
  }, 120_000);

  it('an enabled() over a nullable field: evaluated as written where it matters, dropped where a false premise makes it moot', async () => {
    const spec = 'test/fixtures/models/unenumerable-enabled.tether';
    const out = emitEngine(compileFile(spec).ir!).content;
    const take = (name: string): string =>
      out.slice(
        out.indexOf(`function take_${name}(`),
        out.indexOf('\n}\n', out.indexOf(`function take_${name}(`)),
      );
    expect(take('drop')).toMatch(
      /enabled_put\(n, now\)\)+ return violation\(s, 'drop'\); \/\/ can_put/,
    );
    expect(take('put')).not.toMatch(/violation/);
    const { taken, violations } = await safetyNetOf(spec, out, 'createTag', 300);
    expect(taken).toBeGreaterThan(100);
    expect(violations).toBeGreaterThan(0);
  }, 120_000);

  it('on violation -> reject: the engine refuses a step the oracle refuses, and only those', async () => {
    const spec = 'test/fixtures/language/violation-reject.tether';
    const out = emitEngine(compileFile(spec).ir!).content;
    // violations counts the refusals with INVARIANT_VIOLATION; the suite checked each
    // returned the very snapshot it was given.
    const { taken, violations } = await safetyNetOf(spec, out, 'createThermostat', 300);
    expect(taken).toBeGreaterThan(100);
    expect(violations).toBeGreaterThan(0);
  }, 120_000);
});
