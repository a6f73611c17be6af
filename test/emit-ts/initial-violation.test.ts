// createX refuses an initial snapshot that breaks an invariant (a RangeError naming it), as
// parseSnapshot refuses a stored one: the per-state snapshot types say what the invariants
// allow (test/fixtures/engines/initial-violation.tether, whose engine once failed strict tsc
// on the initial snapshot's literal, TS2352).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFile } from '../helpers.ts';
import { loadEngine } from '../names/helpers.ts';

interface Snapshot {
  readonly state: string;
  readonly deadline: number | null;
  readonly tokens: number;
}
interface Engine {
  createDeadline(init: { params: { lim: number; burst: number }; now: number }): Snapshot;
}

let engine: Engine;
let dispose = (): void => {};
beforeAll(async () => {
  const loaded = await loadEngine<Engine>(
    compileFile('test/fixtures/engines/initial-violation.tether').ir!,
  );
  ({ engine, dispose } = loaded);
}, 60_000);
afterAll(() => dispose());

describe('an initial snapshot that breaks an invariant', () => {
  const create = (burst: number) => () =>
    engine.createDeadline({ params: { lim: 2, burst }, now: 1000 });

  it('is made when every invariant holds (the model params)', () => {
    expect(create(2)()).toEqual({
      state: 'RUN',
      version: 0,
      params: { lim: 2, burst: 2 },
      deadline: null,
      tokens: 2,
    });
  });

  it('is refused with a RangeError naming the invariant it breaks', () => {
    expect(create(3)).toThrow(RangeError);
    expect(create(3)).toThrow(
      'createDeadline: the initial snapshot breaks invariant none_while_running',
    );
  });

  it('names every invariant it breaks', () => {
    expect(create(5)).toThrow(
      'createDeadline: the initial snapshot breaks invariants none_while_running, small_bucket',
    );
  });
});
