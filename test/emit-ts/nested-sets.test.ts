// Sets of sets in the engine (test/fixtures/engines/nested-sets.tether): members compared by
// value as in the model, where `Set` compares them by reference (a union of two equal groups
// kept both, and the stored snapshot then failed to read back: "repeats a member"); a nested set
// read from an event (its parser once failed strict tsc, TS2448); and Nat params, which
// createX and parseSnapshot refuse negative.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitEngine } from '../../generator/emit-ts/engine.ts';
import { compileFile } from '../helpers.ts';

type Groups = ReadonlySet<ReadonlySet<string>>;
interface Snapshot {
  readonly state: string;
  readonly version: number;
  readonly groups: Groups;
  readonly n: number;
}
interface Engine {
  createNest(init: { params: { cap: number }; now: number }): Snapshot;
  dispatch(
    s: Snapshot,
    e: unknown,
    now: number,
  ): { ok: boolean; snapshot: Snapshot; reason: string };
  parseEvent(raw: unknown): { ok: true; event: unknown } | { ok: false; error: string };
  serializeSnapshot(s: Snapshot): unknown;
  parseSnapshot(raw: unknown, o: { params: { cap: number } }): { ok: boolean; error?: string };
}

let dir = '';
let nest: Engine;
beforeAll(async () => {
  const ir = compileFile('test/fixtures/engines/nested-sets.tether').ir!;
  dir = mkdtempSync(join(tmpdir(), 'tether-nest-'));
  writeFileSync(join(dir, 'nest.ts'), emitEngine(ir).content);
  nest = (await import(join(dir, 'nest.ts'))) as Engine;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const members = (g: Groups): string[][] => [...g].map((x) => [...x].sort()).sort();

function run(events: readonly unknown[]): Snapshot {
  let s = nest.createNest({ params: { cap: 10 }, now: 0 });
  for (const raw of events) {
    const e = nest.parseEvent(raw);
    if (!e.ok) throw new Error(e.error);
    const out = nest.dispatch(s, e.event, 1);
    if (!out.ok) throw new Error(out.reason);
    s = out.snapshot;
  }
  return s;
}

describe('sets of sets in the engine', () => {
  it('keeps one of two equal members, whatever their order', () => {
    const s = run([
      { type: 'ADD', g: ['x'], gs: [] },
      { type: 'ADD', g: ['x'], gs: [] },
      { type: 'ADD', g: ['x', 'y'], gs: [['y', 'x']] },
      { type: 'ADD', g: ['y', 'x'], gs: [['x'], ['x', 'y']] },
    ]);
    expect(s.groups.size).toBe(2);
    expect(members(s.groups)).toEqual([['x'], ['x', 'y']]);
    // The stored snapshot reads back (it repeated a member before).
    expect(nest.parseSnapshot(nest.serializeSnapshot(s), { params: { cap: 10 } })).toMatchObject({
      ok: true,
    });
  });

  it('finds and removes a member equal to a set built elsewhere', () => {
    const s = run([
      { type: 'ADD', g: ['x', 'y'], gs: [] },
      { type: 'DROP', g: ['y', 'x'] },
    ]);
    expect(s.groups.size).toBe(0);
    const e = nest.parseEvent({ type: 'DROP', g: ['x'] });
    expect(e.ok && nest.dispatch(s, e.event, 2).reason).toBe('NO');
  });

  it('reads a set of sets from an event, equal members once', () => {
    const e = nest.parseEvent({ type: 'ADD', g: [], gs: [['x'], ['x'], ['y', 'x'], ['x', 'y']] });
    expect(e.ok).toBe(true);
    const gs = (e as { event: { gs: Groups } }).event.gs;
    expect(members(gs)).toEqual([['x'], ['x', 'y']]);
    expect(nest.parseEvent({ type: 'ADD', g: [], gs: [['x', 7]] })).toEqual({
      ok: false,
      error: 'ADD.gs[][] must be a non-empty string of at most 256 characters',
    });
  });
});

describe('a Nat param', () => {
  it.each([-1, 1.5, Number.NaN])('refuses %s in createNest and parseSnapshot', (cap) => {
    expect(() => nest.createNest({ params: { cap }, now: 0 })).toThrow(
      'createNest: params.cap must be a non-negative integer',
    );
    const stored = nest.serializeSnapshot(nest.createNest({ params: { cap: 1 }, now: 0 }));
    expect(nest.parseSnapshot(stored, { params: { cap } })).toEqual({
      ok: false,
      error: 'options.params.cap must be a non-negative integer',
    });
  });
  it('takes 0', () => {
    expect(nest.createNest({ params: { cap: 0 }, now: 0 }).n).toBe(0);
  });
});
