// ir.ts dispatch rule 2: an event field past a param bound of its range is rejected with
// OUT_OF_RANGE by the engine and by the IR interpreter alike, before any guard, and nothing
// is stored; in range, the step is taken and its snapshot reads back
// (test/fixtures/engines/param-range-event.tether).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IrMachine } from '../../generator/lower/ir.ts';
import { Runtime } from '../../generator/semantics/runtime.ts';
import { compileFile } from '../helpers.ts';
import { loadEngine } from '../names/helpers.ts';

interface Snapshot {
  readonly state: string;
  readonly version: number;
  readonly level: number;
}
type Outcome = { ok: true; snapshot: Snapshot } | { ok: false; snapshot: Snapshot; reason: string };
interface Engine {
  createDimmer(init: { params: { max: number }; now: number }): Snapshot;
  dispatch(s: Snapshot, e: unknown, now: number): Outcome;
  parseEvent(raw: unknown): { ok: true; event: unknown } | { ok: false; error: string };
  serializeSnapshot(s: Snapshot): unknown;
  parseSnapshot(raw: unknown, o: { params: { max: number }; now: number }): { ok: boolean };
}

let engine: Engine;
let ir: IrMachine;
let dispose = (): void => {};
beforeAll(async () => {
  ir = compileFile('test/fixtures/engines/param-range-event.tether').ir!;
  ({ engine, dispose } = await loadEngine<Engine>(ir));
}, 60_000);
afterAll(() => dispose());

describe('an event field past a param bound', () => {
  const params = { max: 2 };
  const cases: [unknown, Record<string, unknown>, boolean][] = [
    [{ type: 'SET', level: 2 }, { level: 2 }, true],
    [{ type: 'SET', level: 3 }, { level: 3 }, false],
    [{ type: 'SET', level: 99 }, { level: 99 }, false],
    [{ type: 'PRESET', levels: [0, 2], fallback: null }, { levels: [0, 2], fallback: null }, true],
    [{ type: 'PRESET', levels: [0, 3], fallback: 1 }, { levels: [0, 3], fallback: 1 }, false],
    [{ type: 'PRESET', levels: [], fallback: 5 }, { levels: [], fallback: 5 }, false],
  ];

  it("is in the machine's reject reasons, and only there", () => {
    expect(ir.rejectReasons).toContain('OUT_OF_RANGE');
    expect(compileFile('spec/session.tether').ir!.rejectReasons).not.toContain('OUT_OF_RANGE');
  });

  it.each(cases)(
    '%j: parseEvent takes it; dispatch and the IR interpreter agree',
    (raw, payload, inRange) => {
      const s = engine.createDimmer({ params, now: 0 });
      const parsed = engine.parseEvent(raw);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const o = engine.dispatch(s, parsed.event, 1);
      const oracle = new Runtime(ir, { Max: 2 });
      const m = oracle.dispatch(
        oracle.create({}, 0),
        {
          type: (raw as { type: string }).type,
          payload: payload as never,
        },
        1,
      );
      expect(o.ok).toBe(inRange);
      expect(m.ok).toBe(inRange);
      if (!o.ok) {
        expect(o.reason).toBe('OUT_OF_RANGE');
        expect(m.ok ? null : m.reason).toBe('OUT_OF_RANGE');
        expect(o.snapshot).toBe(s); // seed §9: a rejection returns the very same snapshot
      } else
        expect(
          engine.parseSnapshot(engine.serializeSnapshot(o.snapshot), { params, now: 1 }).ok,
        ).toBe(true);
    },
  );
});
