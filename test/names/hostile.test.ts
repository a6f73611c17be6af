// The whole pipeline on test/fixtures/names/hostile.tether, a spec named with every TLA+ and
// cfg keyword, standard-module operator, emitter helper, local and derived name and
// JavaScript reserved word it can spell: lint is clean, SANY parses the module, TLC and the
// explorer agree, the engine passes strict tsc and loads, and it conforms to the model (the
// generated suite's cases, run through the suite runtime).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceSuite, type ConformanceSuite } from '../../generator/conformance/harness.ts';
import { conformanceOutput } from '../../generator/conformance/output.ts';
import { emitEngine } from '../../generator/emit-ts/engine.ts';
import { explore } from '../../generator/explore/explore.ts';
import { compileFile, runCli, suiteInputs } from '../helpers.ts';
import { runTlcOn } from '../tlc/helpers.ts';
import { TLC_JAR } from '../tlc/tlc-available.ts';
import { sanyErrors, strictTscErrors } from './helpers.ts';

const SPEC = 'test/fixtures/names/hostile.tether';

describe('a spec named with every reserved and emitter name', () => {
  const compiled = compileFile(SPEC);
  const ir = compiled.ir!;
  let dir = '';
  let suite: ConformanceSuite<never, never, never>;

  beforeAll(async () => {
    // The engine and its suite, emitted as `tether generate` would (an ES module folder).
    dir = mkdtempSync(join(tmpdir(), 'tether-hostile-'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const engine = emitEngine(ir, dir);
    writeFileSync(engine.path, engine.content);
    const loaded = (await import(pathToFileURL(engine.path).href)) as {
      createLet: never;
      dispatch: never;
      parseEvent: never;
    };
    suite = conformanceSuite({
      ...suiteInputs(SPEC),
      create: loaded.createLet,
      dispatch: loaded.dispatch,
      parseEvent: loaded.parseEvent,
    });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lints clean', () => {
    expect(compiled.diagnostics).toEqual([]);
  });

  it('check --explorer passes (the checker and the explorer agree the spec is fine)', async () => {
    const r = await runCli(['check', '--explorer', SPEC]);
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/pass: 356 distinct states .* depth 9; all 16 properties hold/);
  }, 60_000);

  it.skipIf(!TLC_JAR)(
    'SANY parses its module, and TLC agrees with the explorer on every figure (TLC present)',
    async () => {
      expect(sanyErrors(TLC_JAR!, [ir])).toBe('');
      const tlc = await runTlcOn(ir, TLC_JAR!);
      const mine = explore(ir);
      expect(tlc.result).toBe('pass');
      expect([tlc.distinctStates, tlc.depth]).toEqual([mine.distinctStates, mine.depth]);
      expect(tlc.properties.map((p) => [p.name, p.status])).toEqual(
        mine.properties.map((p) => [p.name, p.status]),
      );
    },
    120_000,
  );

  it('its engine passes strict tsc', () => {
    expect(strictTscErrors([join(dir, 'let.ts')])).toEqual([]);
  }, 60_000);

  it('its conformance suite is emitted, and the engine conforms: the explorer graph, random commands, arbitrary snapshots', () => {
    const out = conformanceOutput(ir);
    expect(out.plan?.accepts.length).toBe(ir.transitions.length);
    expect(suite.expectGraphMatchesExplorer()).toEqual({ states: 356, edges: expect.any(Number) });
    const runs = process.env['TETHER_CONFORMANCE_RUNS'];
    process.env['TETHER_CONFORMANCE_RUNS'] = '300';
    try {
      expect(suite.modelBased().runs).toBe(300);
    } finally {
      if (runs === undefined) delete process.env['TETHER_CONFORMANCE_RUNS'];
      else process.env['TETHER_CONFORMANCE_RUNS'] = runs;
    }
    expect(suite.safetyNet(50).taken).toBeGreaterThan(0);
  }, 120_000);

  it.skipIf(!TLC_JAR)(
    "TLC's state graph is the explorer's, and engine runs are behaviours of the model (its trace-check module)",
    async () => {
      expect(await suite.expectGraphMatchesTlc(TLC_JAR!)).toEqual({
        states: 356,
        edges: expect.any(Number),
      });
      expect(await suite.expectTlcAcceptsEngineTraces(TLC_JAR!, 8, 12)).toBe(8);
    },
    180_000,
  );
});
