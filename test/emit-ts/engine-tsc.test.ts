// Every generated engine passes the project's strict tsc (issue 10, defect 7): the engine of
// every spec in spec/ and of every fixture under test/fixtures/ that lints without errors
// (globbed, so fixtures added later are covered), type-checked in one program.

import { readdirSync, readFileSync } from 'node:fs';
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { conformanceOutput } from '../../generator/conformance/output.ts';
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

  // A user's lib may be newer than ours: under esnext, ReadonlySet has ES2025's set methods
  // (union, isSubsetOf, …), which the engine's persistent set must have too.
  it('compile under lib esnext too (the flagship, the fixtures with sets and maps)', () => {
    const engines = enginesOf([
      'spec/session.tether',
      'test/fixtures/language/map.tether',
      'test/fixtures/engines/nested-sets.tether',
      'test/fixtures/protocols/two-phase-map.tether',
    ]);
    expect(engines).toHaveLength(4);
    const errors = typecheckEngines(engines, 'lib.esnext.d.ts');
    expect(showEngineErrors(errors)).toBe('');
  }, 120_000);

  // The engine and the suite are printed as they are written, with no formatter run after
  // them (that was half the time of `generate`, issue 11): so every printed snippet must be laid
  // out already.
  it('and their suites are laid out as the TypeScript formatter lays them out', () => {
    const specs = [...specsUnder('spec'), ...specsUnder('test/fixtures')];
    const files = [
      ...enginesOf(specs),
      ...specs.flatMap((spec) => {
        const { ir } = compileSpec(readFileSync(`${ROOT}${spec}`, 'utf8'), spec);
        return ir ? [{ spec: `${spec} (suite)`, content: conformanceOutput(ir).file.content }] : [];
      }),
    ];
    const project = new Project({ useInMemoryFileSystem: true });
    const unformatted = files.flatMap(({ spec, content }) => {
      const file = project.createSourceFile('printed.ts', content, { overwrite: true });
      file.formatText({ indentSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });
      const formatted = file.getFullText();
      if (formatted === content) return [];
      const a = content.split('\n');
      const b = formatted.split('\n');
      const line = a.findIndex((l, i) => l !== b[i]);
      return [`${spec}:${line + 1}:\n  printed:   ${a[line]}\n  formatted: ${b[line]}`];
    });
    expect(files.length).toBeGreaterThanOrEqual(50);
    expect(unformatted.join('\n')).toBe('');
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
