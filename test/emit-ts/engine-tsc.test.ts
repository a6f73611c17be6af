// Every generated engine passes the project's strict tsc (issue 10, defect 7): the engine of
// every spec in spec/ and of every fixture under test/fixtures/ that lints without errors
// (globbed, so fixtures added later are covered), type-checked in one program.

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emitEngine } from '../../generator/emit-ts/engine.ts';
import { compileSpec } from '../../generator/frontend.ts';
import { ROOT } from '../helpers.ts';
import { showEngineErrors, typecheckEngines, type EngineSource } from '../strict-tsc.ts';

/** Repo-relative paths of the specs under `dir`, sorted. */
function specsUnder(dir: string): string[] {
  return (readdirSync(`${ROOT}${dir}`, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.tether'))
    .map((f) => `${dir}/${f.replace(/\\/g, '/')}`)
    .sort();
}

/** The engine of each spec that lints without errors (a spec lint accepts must generate). */
function enginesOf(paths: readonly string[]): EngineSource[] {
  return paths.flatMap((spec) => {
    const { ir } = compileSpec(readFileSync(`${ROOT}${spec}`, 'utf8'), spec);
    return ir ? [{ spec, content: emitEngine(ir).content }] : [];
  });
}

describe('generated engines under strict tsc', () => {
  it('compile for every spec and every fixture that lints clean', () => {
    const engines = enginesOf([...specsUnder('spec'), ...specsUnder('test/fixtures')]);
    const specs = engines.map((e) => e.spec);
    // The glob found the specs that matter (a glob that finds nothing proves nothing).
    expect(specs).toEqual(
      expect.arrayContaining([
        'spec/session.tether',
        'test/fixtures/golden/constructs.tether',
        'test/fixtures/engines/narrowed-reads.tether',
      ]),
    );
    expect(specs.length).toBeGreaterThanOrEqual(25);
    const errors = typecheckEngines(engines);
    expect(
      showEngineErrors(errors),
      `${errors.size} of ${engines.length} engines fail strict tsc`,
    ).toBe('');
  }, 600_000);

  it('compile when an ensure reads a Time? the transition assigned, behind a null test', () => {
    const [engine] = enginesOf(['test/fixtures/engines/nullable-time-ensure.tether']);
    // The check is still made (not dropped as holding by construction) …
    expect(engine!.content).toMatch(
      /now < n\.expires.*return violation\(s, 'take'\); \/\/ Ensures_take/,
    );
    // … and type-checks.
    expect(showEngineErrors(typecheckEngines([engine!]))).toBe('');
  }, 120_000);

  it('compile when an initial value reads a const (TTH2013 allows it)', () => {
    const [engine] = enginesOf(['test/fixtures/pipeline-found/ts-const-in-initial-value.tether']);
    // create() reads the const from init, as it reads the params.
    expect(engine!.content).toContain('const s = { params: init.params, c: init.c };');
    expect(engine!.content).toMatch(/^ {4}b: s\.c,$/m);
    expect(showEngineErrors(typecheckEngines([engine!]))).toBe('');
  }, 120_000);
});
