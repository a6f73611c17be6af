// The race of `check --concurrent N` (generator/race/, issue 16 item 5): N handlers over one
// stored snapshot pass with compare-and-set and fail with a blind write, in both checkers,
// with the same figures and the same counterexample; the figures recorded from TLC v1.8.0
// are checked against the explorer always, and against a live TLC run when TLC is here.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compileFile, ROOT, runCli } from '../helpers.ts';
import { compileSpec } from '../../generator/frontend.ts';
import { TLC_JAR } from '../tlc/tlc-available.ts';
import { exploreRace } from '../../generator/race/explore.ts';
import {
  RaceModel,
  RaceSpecError,
  STORED_FOLLOWS_MACHINE,
  type RaceOptions,
  type RaceState,
} from '../../generator/race/model.ts';
import { emitRace } from '../../generator/race/tla.ts';
import { checkRaceWithTlc } from '../../generator/race/tlc.ts';
import { raceTrace, type RaceResult } from '../../generator/race/trace.ts';
import { javaCommand } from '../../generator/tlc/run.ts';
import type { IrMachine } from '../../generator/lower/ir.ts';

const FLAGSHIP = 'spec/session.tether';
const LEASE = 'test/fixtures/race/lease.tether';
const NAMES = 'test/fixtures/race/names.tether';
const QUANTIFIER = 'test/fixtures/race/quantifier.tether';
const OR_GUARD = 'test/fixtures/race/or-guard.tether';

const irOf = (file: string): IrMachine => {
  const ir = compileFile(file).ir;
  if (!ir) throw new Error(`${file} does not compile`);
  return ir;
};

const CAS = (handlers: number): RaceOptions => ({ handlers, write: 'compare-and-set' });
const BLIND = (handlers: number): RaceOptions => ({ handlers, write: 'blind' });

/** Recorded from TLC v1.8.0 (`check --concurrent N [--blind-write]`, one worker). */
const RECORDED: readonly {
  file: string;
  race: RaceOptions;
  figures:
    | { result: 'pass'; distinctStates: number; depth: number }
    | { result: 'fail'; violated: string; traceLength: number };
}[] = [
  { file: FLAGSHIP, race: CAS(2), figures: { result: 'pass', distinctStates: 216_132, depth: 36 } },
  {
    file: FLAGSHIP,
    race: BLIND(2),
    figures: { result: 'fail', violated: 'I4_no_dual_active_binding', traceLength: 5 },
  },
  { file: LEASE, race: CAS(2), figures: { result: 'pass', distinctStates: 345, depth: 16 } },
  { file: LEASE, race: CAS(3), figures: { result: 'pass', distinctStates: 1_251, depth: 17 } },
  {
    file: LEASE,
    race: BLIND(2),
    figures: { result: 'fail', violated: 'new_holder_new_token', traceLength: 5 },
  },
  { file: NAMES, race: CAS(2), figures: { result: 'pass', distinctStates: 95, depth: 8 } },
  { file: QUANTIFIER, race: CAS(2), figures: { result: 'pass', distinctStates: 66, depth: 8 } },
  { file: OR_GUARD, race: CAS(2), figures: { result: 'pass', distinctStates: 59, depth: 10 } },
  {
    file: NAMES,
    race: BLIND(2),
    figures: { result: 'fail', violated: 'VersionIncrements', traceLength: 5 },
  },
];

function figuresOf(r: RaceResult): (typeof RECORDED)[number]['figures'] {
  if (r.result === 'pass')
    return { result: 'pass', distinctStates: r.distinctStates, depth: r.depth };
  expect(r.result).toBe('fail');
  expect(r.violations).toHaveLength(1);
  return {
    result: 'fail',
    violated: r.violations[0]!.property,
    traceLength: r.violations[0]!.trace.steps.length,
  };
}

const label = ({ file, race }: (typeof RECORDED)[number]): string =>
  `${file}, ${race.handlers} handlers, ${race.write}`;

describe('the race in the explorer', () => {
  for (const row of RECORDED)
    it(`${label(row)}: as TLC recorded`, () => {
      const r = exploreRace(irOf(row.file), row.race);
      expect(figuresOf(r)).toEqual(row.figures);
      // A pass proves every safety property over the stored snapshot; a fail leaves the rest unchecked.
      const statuses = new Set(r.properties.map((p) => p.status));
      expect(statuses).toEqual(
        r.result === 'pass' ? new Set(['holds']) : new Set(['violated', 'unchecked']),
      );
      expect(r.properties.map((p) => p.name)).toContain(STORED_FOLLOWS_MACHINE);
      expect(r.properties.some((p) => p.kind === 'temporal')).toBe(false);
    }, 120_000);

  it('tells the blind write of the flagship as two handshakes from version 0, the second binding another transport', () => {
    const [v] = exploreRace(irOf(FLAGSHIP), BLIND(2)).violations;
    const steps = v!.trace.steps;
    expect(steps.map((s) => s.action?.kind ?? null)).toEqual([
      null,
      'dispatch',
      'dispatch',
      'store',
      'store',
    ]);
    const [, d1, d2] = steps.map((s) => s.action);
    expect(d1).toMatchObject({ kind: 'dispatch', handler: 1, read: 0, transition: 'handshake' });
    expect(d2).toMatchObject({ kind: 'dispatch', handler: 2, read: 0, transition: 'handshake' });
    expect(steps[3]!.stored).toMatchObject({
      state: 'ATTACHED',
      version: 1,
      active_transport: 'TransportId1',
    });
    // The lost update: the second store writes version 1 again, over another transport.
    expect(steps[4]!.stored).toMatchObject({
      state: 'ATTACHED',
      version: 1,
      active_transport: 'TransportId2',
    });
    expect(steps[2]!.handlers).toEqual([
      'holds handshake (read at version 0)',
      'holds handshake (read at version 0)',
    ]);
    expect(steps[4]!.handlers).toEqual(['idle', 'idle']);
  });

  it('marks the other handlers stale after a compare-and-set, and their next step is a conflict', () => {
    const race = new RaceModel(irOf(LEASE), CAS(2));
    const [s0] = [...race.initialStates()];
    const take = (s: RaceState, kind: string, handler: number): RaceState => {
      const found = [...race.successors(s)].find(
        (x) => x.step.kind === kind && 'handler' in x.step && x.step.handler === handler,
      );
      if (!found) throw new Error(`no ${kind} step of handler ${handler}`);
      return found.next;
    };
    const s1 = take(s0!, 'dispatch', 0);
    const s2 = take(s1, 'dispatch', 1);
    const s3 = take(s2, 'store', 0);
    expect(s3.pending).toEqual(['idle', 'stale']);
    // A stale handler can only fail; no store of its snapshot is offered.
    expect(
      [...race.successors(s3)]
        .filter((x) => 'handler' in x.step && x.step.handler === 1)
        .map((x) => x.step.kind),
    ).toEqual(['conflict']);
    const s4 = take(s3, 'conflict', 1);
    const trace = raceTrace(race, [s0!, s1, s2, s3, s4]);
    expect(trace.steps.map((s) => s.action?.kind ?? null)).toEqual([
      null,
      'dispatch',
      'dispatch',
      'store',
      'conflict',
    ]);
    expect(trace.steps[3]!.handlers).toEqual(['idle', 'stale: holds acquire (read at version 0)']);
    expect(trace.steps[4]!.handlers).toEqual(['idle', 'idle']);
    expect(trace.steps[4]!.stored).toMatchObject({ version: 1, state: 'HELD' });
  });

  it('StoredFollowsMachine catches a lost update that keeps the version moving by one', () => {
    // The lease without its step properties: h1 and h2 read version 0; h1 stores two updates
    // (versions 1 and 2); h2's blind write of its version-1 snapshot then moves the model's
    // version (counted modulo 2) by one and breaks no invariant, yet no step of the machine
    // goes from the stored snapshot to it.
    const race = new RaceModel({ ...irOf(LEASE), steps: [] }, BLIND(2));
    const [s0] = [...race.initialStates()];
    const step = (s: RaceState, kind: string, h: number, t?: string): RaceState => {
      const found = [...race.successors(s)].find(
        ({ step: x }) =>
          x.kind === kind &&
          'handler' in x &&
          x.handler === h &&
          (t === undefined || (x.kind === 'dispatch' && x.transition.ir.name === t)),
      );
      if (!found) throw new Error(`no ${kind} of handler ${h}`);
      return found.next;
    };
    const s1 = step(s0!, 'dispatch', 0, 'acquire');
    const s2 = step(s1, 'dispatch', 1, 'acquire');
    const s3 = step(s2, 'store', 0);
    const s4 = step(s3, 'dispatch', 0, 'release');
    const s5 = step(s4, 'store', 0);
    const held = s5.pending[1]!;
    if (typeof held === 'string') throw new Error('handler 2 holds no snapshot');
    const failures = race.storeFailures(s5.stored, held);
    expect(failures.map((f) => f.property)).toEqual([STORED_FOLLOWS_MACHINE]);
    expect(failures[0]!.message).toMatch(/an update was lost/);
    // The same store from the snapshot it was read from is a step of the machine.
    expect(race.storeFailures(s2.stored, held)).toEqual([]);
  });

  it('refuses a spec that declares the race property itself', async () => {
    const ir = irOf(LEASE);
    const clashing = {
      ...ir,
      steps: [...ir.steps, { ...ir.steps[0]!, name: STORED_FOLLOWS_MACHINE }],
    };
    expect(() => new RaceModel(clashing, CAS(2))).toThrow(RaceSpecError);
    expect(() => new RaceModel(ir, CAS(0))).toThrow(RangeError);
    // Any spec name, not only a property's: both checkers refuse it alike, before any search.
    const text = readFileSync(`${ROOT}${LEASE}`, 'utf8').replace(
      /\btoken\b/g,
      STORED_FOLLOWS_MACHINE,
    );
    const renamed = compileSpec(text, 'renamed.tether').ir!;
    expect(() => exploreRace(renamed, CAS(2))).toThrow(RaceSpecError);
    await expect(
      checkRaceWithTlc(renamed, CAS(2), () => {
        throw new Error('TLC must not run');
      }),
    ).rejects.toThrow(RaceSpecError);
  });

  it('refuses a machine with model bounds, in both checkers, naming them', async () => {
    const bounded = irOf('test/fixtures/models/bounded-liveness.tether');
    expect(() => exploreRace(bounded, CAS(2))).toThrow(/model bounds yet \(n in 0\.\.2\)/);
    await expect(
      checkRaceWithTlc(bounded, CAS(2), () => {
        throw new Error('TLC must not run');
      }),
    ).rejects.toThrow(RaceSpecError);
  });
});

describe('the race module', () => {
  it('extends the machine module, is deterministic, and adds names no spec name takes', () => {
    const ir = irOf(NAMES);
    const a = emitRace(ir, CAS(2));
    expect(emitRace(ir, CAS(2))).toEqual(a);
    expect(a.module).toContain(`EXTENDS ${a.machine.moduleName}`);
    // The spec took Idle (and its model values Idle1, Idle2), pending, h and Handlers, and its
    // state Stale is a string in the module: no race name is any identifier the module has.
    expect(a.names).toEqual({ idle: 'Idle3', stale: 'Stale1', pending: 'pending1' });
    expect(a.module).toMatch(/^Handlers1 ==$/m);
    expect(a.module).not.toMatch(/\\E h \\in/);
    expect(a.cfg).toMatch(/^SPECIFICATION RaceSpec$/m);
    expect(a.cfg).toMatch(/^ {2}StoredFollowsMachine$/m);
    const blind = emitRace(ir, BLIND(2));
    expect(blind.module).toContain('A blind write');
    expect(blind.module).not.toContain('ELSE Stale1]');
  });
});

describe.skipIf(!TLC_JAR)('the race in a live TLC run', { timeout: 180_000 }, () => {
  for (const row of RECORDED)
    it(`${label(row)}: TLC as recorded, and the explorer says the same`, async () => {
      const ir = irOf(row.file);
      const tlc = await checkRaceWithTlc(ir, row.race, (_dir, m) => javaCommand(TLC_JAR!, m, 1));
      expect(figuresOf(tlc)).toEqual(row.figures);
      const explorer = exploreRace(ir, row.race);
      expect(explorer.properties).toEqual(tlc.properties);
      // The same counterexample, told alike from TLC's trace and the explorer's path.
      expect(explorer.violations).toEqual(tlc.violations);
      // Without a clock (whose Tick TLC counts per disjunct), the same successors too.
      if (ir.vars.every((v) => v.type.kind !== 'time') && row.figures.result === 'pass')
        expect(explorer.statesGenerated).toBe(tlc.statesGenerated);
    });

  it("checks a guard of 2,000 conjuncts without overflowing TLC's stack", async () => {
    const guard = Array.from({ length: 2000 }, () => 'n <= 3').join(' and ');
    const spec = [
      'machine Flat',
      'states { initial A  B  terminal Z }',
      'event GO { b: Bool }',
      'event STOP {}',
      'accept { OK }',
      'reject { NO }',
      'var n: 0..3 = 0',
      'transition go: A -> B on GO',
      '  reason OK',
      '  require event.b else NO',
      `  require ${guard} else NO`,
      '  set n = if n < 3 then n + 1 else 0',
      'transition back: B -> A on GO',
      '  reason OK',
      'transition stop: A | B -> Z on STOP',
      '  reason OK',
    ].join('\n');
    const ir = compileSpec(spec, 'flat.tether').ir!;
    const tlc = await checkRaceWithTlc(ir, CAS(2), (_dir, m) => javaCommand(TLC_JAR!, m, 1));
    expect(figuresOf(tlc)).toEqual(figuresOf(exploreRace(ir, CAS(2))));
    expect(tlc.result).toBe('pass');
  });
});

describe('tether check --concurrent', () => {
  it("prints the blind write's lost update per handler and exits 1", async () => {
    const r = await runCli(['check', '--explorer', '--concurrent', '2', '--blind-write', LEASE]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${LEASE}: the race of 2 handlers storing by blind write: FAIL: `);
    expect(r.out).toContain(
      '✗ new_holder_new_token (step property, test/fixtures/race/lease.tether:',
    );
    expect(r.out).toMatch(
      / {2}3 {2}handler 2 reads version 0 and dispatches: acquire {2}test\/fixtures\/race\/lease\.tether:\d+:12/,
    );
    expect(r.out).toContain('5  handler 2 stores its snapshot (a blind write)');
    expect(r.out).toContain('stored: holder: ClientId1 → ClientId2 (version stays 1)');
  });

  it('passes with compare-and-set and exits 0', async () => {
    const r = await runCli(['check', '--explorer', '--concurrent', '3', LEASE]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `${LEASE}: the race of 3 handlers storing by compare-and-set: pass: 1,251 distinct states`,
    );
    expect(r.out).toContain('all 12 properties hold over the stored snapshot');
  });

  it('prints one JSON document with --json', async () => {
    const r = await runCli([
      'check',
      '--explorer',
      '--json',
      '--concurrent',
      '2',
      '--blind-write',
      LEASE,
    ]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as RaceResult & { spec: string };
    expect(doc).toMatchObject({
      spec: LEASE,
      checker: 'explorer',
      handlers: 2,
      write: 'blind',
      result: 'fail',
    });
    expect(doc.violations[0]!.trace.steps).toHaveLength(5);
  });

  it.each([
    [['--blind-write'], '--blind-write is a way of storing in the race: it needs --concurrent N'],
    [['--concurrent', '0'], "--concurrent takes a positive integer, not '0'"],
    [['--concurrent', 'two'], "--concurrent takes a positive integer, not 'two'"],
    [['--concurrent', '9'], '--concurrent takes at most 8 handlers'],
    [['--concurrent', '2e0'], "--concurrent takes a positive integer, not '2e0'"],
    [
      ['--concurrent', '2', '--out', 'x'],
      '--concurrent writes nothing: --out does not apply to it',
    ],
  ])('refuses %j with exit 2', async (flags, message) => {
    const r = await runCli(['check', '--explorer', ...flags, LEASE]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('does not race-check a spec with errors', async () => {
    const r = await runCli([
      'check',
      '--explorer',
      '--concurrent',
      '2',
      'test/fixtures/diagnostics/TTH1002-undefined-state.tether',
    ]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('not model-checked: the spec has errors');
  });
});
