// Traces both ways: the ITF format (round trip, validation), saved TLC behaviours replayed on
// the engine, counterexamples saved by `tether check` and replayed as regression tests, and
// (with TLC) engine runs checked by TLC's trace-following module.

import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as engine from '../../generated/session.ts';
import { conformanceSuite } from '../../generator/conformance/harness.ts';
import {
  itfToTrace,
  traceCheckModule,
  traceToItf,
  type TraceEntry,
} from '../../generator/conformance/itf.ts';
import { counterexampleEntries } from '../../generator/conformance/record.ts';
import { emitEngine } from '../../generator/emit-ts/engine.ts';
import { emitTla } from '../../generator/emit-tla/emit.ts';
import { explore } from '../../generator/explore/explore.ts';
import { javaCommand, runTlc } from '../../generator/tlc/run.ts';
import { compileFile, FLAGSHIP_SUITE, ROOT } from '../helpers.ts';
import { TLC_JAR } from '../tlc/tlc-available.ts';

const suite = conformanceSuite({
  ...FLAGSHIP_SUITE,
  create: engine.createSession,
  dispatch: engine.dispatch,
  parseEvent: engine.parseEvent,
});
const ir = suite.ir;

describe('ITF traces', () => {
  it('round-trip: engine runs → ITF JSON → the same entries', () => {
    for (const t of suite.engineTraces(5, 20, 42)) {
      const json = JSON.parse(
        JSON.stringify(traceToItf(ir, t, { description: 'test', kind: 'behaviour' })),
      ) as unknown;
      expect(itfToTrace(ir, json, 't.json').entries).toEqual(t);
    }
  });

  it('writes integers as #bigint, sets as #set, null as the model value Null, and the action taken', () => {
    const [t] = suite.engineTraces(1, 5, 1);
    const itf = traceToItf(ir, t!, { description: 'test', kind: 'behaviour' });
    const first = itf.states[0]!;
    expect(first['version']).toEqual({ '#bigint': '0' });
    expect(first['used_nonces']).toEqual({ '#set': [] });
    expect(first['active_transport']).toEqual({ '#unserializable': 'Null' });
    expect(first['mbt::actionTaken']).toBe('init');
    expect(itf.vars).toEqual([
      'state',
      'version',
      'session_id',
      'active_transport',
      'session_deadline',
      'loss_deadline',
      'window_deadline',
      'switches',
      'used_nonces',
      'mbt::actionTaken',
      'mbt::nondetPicks',
      'tether::event',
    ]);
  });

  it('refuses a trace of another machine, an unknown action or a value the model cannot hold', () => {
    const [t] = suite.engineTraces(1, 3, 3);
    const good = JSON.parse(
      JSON.stringify(traceToItf(ir, t!, { description: 'x', kind: 'behaviour' })),
    ) as { vars: string[]; states: Record<string, unknown>[] };
    expect(() => itfToTrace(ir, { ...good, vars: ['x'] }, 'a.json')).toThrow(
      "a.json: the trace has no variable 'state' of machine Session",
    );
    const badAction = structuredClone(good);
    badAction.states[1]!['mbt::actionTaken'] = 'teleport';
    expect(() => itfToTrace(ir, badAction, 'b.json')).toThrow(
      "b.json: state 1: unknown action 'teleport'",
    );
    const badValue = structuredClone(good);
    badValue.states[0]!['switches'] = 1.5;
    expect(() => itfToTrace(ir, badValue, 'c.json')).toThrow(
      'c.json: state 0.switches: not a value of a Tether model',
    );
    expect(() => itfToTrace(ir, 'nope', 'd.json')).toThrow('d.json: not an ITF trace');
  });
});

describe('saved TLC behaviours', () => {
  const files = suite.savedTraces();

  it('are committed for the flagship, each a TLC -simulate behaviour', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files)
      expect(JSON.parse(readFileSync(f, 'utf8'))['#meta'].description).toMatch(
        /^TLC -simulate behaviour/,
      );
  });

  it('replay on the engine step by step', () => {
    expect(suite.replaySavedTraces()).toBe(files.length);
  });

  it('fail the replay, naming the step, when a state of the trace is not what the engine reaches', () => {
    const { entries } = itfToTrace(
      ir,
      JSON.parse(readFileSync(files[0]!, 'utf8')) as unknown,
      files[0]!,
    );
    const slot = suite.oracle.layout.slots.get('switches')!;
    const i = entries.findIndex((e, k) => k > 0 && e.action !== 'Tick');
    const tampered: TraceEntry[] = entries.map((e, k) =>
      k === i ? { ...e, state: e.state.map((v, j) => (j === slot ? 2 : v)) } : e,
    );
    expect(() => suite.replayBehaviour(tampered, 'tampered.json')).toThrow(
      new RegExp(`tampered.json: step ${i} \\(${entries[i]!.action}\\): the state after the step`),
    );
  });
});

describe('counterexamples', () => {
  it(
    'tether check saves a counterexample of a project spec as a regression trace',
    { timeout: 120_000 },
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'tether-cex-'));
      try {
        mkdirSync(join(dir, 'spec'));
        mkdirSync(join(dir, 'tla'));
        cpSync(
          `${ROOT}test/fixtures/seeded/rejection-mutates.tether`,
          join(dir, 'spec/session.tether'),
        );
        const r = spawnSync(
          process.execPath,
          [`${ROOT}generator/cli/bin.mjs`, 'check', '--explorer'],
          { cwd: dir, encoding: 'utf8' },
        );
        expect(r.status).toBe(1);
        expect(r.stdout).toContain(
          'saved the counterexample to tla/traces/Session/counterexample-S3_only_accepted_reattach_consumes_nonces.itf.json',
        );
        const saved = JSON.parse(
          readFileSync(
            join(
              dir,
              'tla/traces/Session/counterexample-S3_only_accepted_reattach_consumes_nonces.itf.json',
            ),
            'utf8',
          ),
        ) as { '#meta': { kind: string } };
        expect(saved['#meta'].kind).toBe('counterexample');
        expect(readdirSync(join(dir, 'generated')).sort()).toEqual([
          'session.conformance.test.ts',
          'session.ir.json',
          'session.mmd',
          'session.ts',
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it(
    'replayed on the fixed engine keep every invariant; on the engine of the buggy spec they fail',
    { timeout: 60_000 },
    async () => {
      const buggy = compileFile('test/fixtures/seeded/rejection-mutates.tether').ir!;
      const result = explore(buggy);
      const v = result.violations[0]!;
      expect(v.property).toBe('S3_only_accepted_reattach_consumes_nonces');
      const entries = counterexampleEntries(buggy, v.trace);
      suite.replayCounterexample(entries, 'cex.json');

      const dir = mkdtempSync(join(ROOT, 'generated', '.buggy-'));
      try {
        const file = join(dir, 'session.ts');
        writeFileSync(file, emitEngine(buggy).content);
        const bad = (await import(file)) as typeof engine;
        const withBug = conformanceSuite({
          ...FLAGSHIP_SUITE,
          create: bad.createSession,
          dispatch: bad.dispatch,
          parseEvent: bad.parseEvent,
        });
        expect(() => withBug.replayCounterexample(entries, 'cex.json')).toThrow(
          /REATTACH \{ transport: TransportId\d, proof_valid: false[^\n]*: the engine says taken by burn_nonce_on_bad_proof/,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe.skipIf(!TLC_JAR)('engine traces checked by TLC', () => {
  it('accepts random engine runs', async () => {
    expect(await suite.expectTlcAcceptsEngineTraces(TLC_JAR!, 10, 25)).toBe(10);
  }, 120_000);

  it('rejects a run whose step is not a step of the model, and says which', async () => {
    const traces = suite.engineTraces(3, 15, 5);
    const t = traces[1]!;
    const i = t.findIndex((e, k) => k > 0 && e.action !== 'Tick');
    const slot = suite.oracle.layout.slots.get('switches')!;
    traces[1] = t.map((e, k) =>
      k === i ? { ...e, state: e.state.map((v, j) => (j === slot ? 2 : v)) } : e,
    );
    const files = emitTla(ir);
    const check = traceCheckModule(ir, traces, files.cfg.content);
    const run = await runTlc(
      {
        moduleName: check.name,
        tla: check.tla,
        cfg: check.cfg,
        extra: { 'Session.tla': files.module.content },
      },
      () => javaCommand(TLC_JAR!, check.name, 1),
    );
    expect(run.exitCode).toBe(11); // TLC: deadlock reached
    const last = [...run.messages].reverse().find((m) => m.code === 2217)!.text;
    expect(last).toMatch(/tr_k = 2/);
    expect(last).toMatch(new RegExp(`tr_i = ${i}\\b`));
  }, 120_000);
});

describe('tether traces', () => {
  it('needs TLC through Java, and says how to get it', async () => {
    const r = spawnSync(
      process.execPath,
      [`${ROOT}generator/cli/bin.mjs`, 'traces', `${ROOT}spec/session.tether`],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: {
          ...process.env,
          HOME: mkdtempSync(join(tmpdir(), 'tether-home-')),
          TLA2TOOLS_JAR: '',
        },
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /^tether: traces needs TLC run through Java \(to use TLC: set TLA2TOOLS_JAR .*tether tlc install`\)\n$/,
    );
  });

  it.skipIf(!TLC_JAR)(
    'records TLC behaviours into tla/traces/<Machine>/ of the project',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'tether-traces-'));
      try {
        mkdirSync(join(dir, 'spec'));
        cpSync(`${ROOT}spec/session.tether`, join(dir, 'spec/session.tether'));
        const out = execFileSync(
          process.execPath,
          [`${ROOT}generator/cli/bin.mjs`, 'traces', '--count', '2', '--seed', '3'],
          { cwd: dir, encoding: 'utf8', env: { ...process.env, TLA2TOOLS_JAR: TLC_JAR! } },
        );
        expect(out).toMatch(/spec\/session\.tether: 2 TLC behaviours saved \(\d+, \d+ steps\)/);
        expect(readdirSync(join(dir, 'tla/traces/Session')).sort()).toEqual([
          'tlc-simulation-1.itf.json',
          'tlc-simulation-2.itf.json',
        ]);
        expect(existsSync(join(dir, 'tla/traces/Session/tlc-simulation-3.itf.json'))).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
