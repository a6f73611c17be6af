// The specs the pipeline harness found failing (test/fixtures/pipeline-found/, one minimal
// spec per class of defect), replayed through the whole pipeline. Each file says, in its
// `// expect:` line, `passes`, `refused <code>` (lint now refuses the clash, with that code),
// or `fails at <stage>: <text>` for a defect that is not fixed yet: when the fix lands, the
// expectation fails and the line becomes `passes` (or `refused …`), so a fixed defect stays
// fixed. The language's constructs (test/fixtures/language/, a spec per construct) go through
// the same pipeline, each expected to pass: every backend and both checkers on each; so do the
// real protocols of test/fixtures/protocols/.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath, ROOT } from '../helpers.ts';
import { TLC_JAR } from '../tlc/tlc-available.ts';
import { runPipeline, STAGES, type PipelineOptions } from './pipeline.ts';
import { TypeChecker } from './type-check.ts';

const DIRS = ['pipeline-found', 'language', 'protocols'].map((d) => fixturePath(d));
const FILES = DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.tether'))
    .sort()
    .map((f) => join(dir, f)),
);
const options: PipelineOptions = {
  tlcJar: TLC_JAR,
  avoid: new Set(),
  workDir: join(ROOT, '.scratch', 'pipeline-work'),
  conformanceRuns: 100,
  safetyNetRuns: 300,
  suiteTlc: TLC_JAR !== null,
  seed: 20261124,
  typeChecker: new TypeChecker(),
};

/** The `// expect:` line of a fixture. */
function expectation(
  text: string,
  file: string,
): { stage: string; text: string } | 'passes' | { refused: string } {
  const line = /^\/\/ expect: (.*)$/m.exec(text)?.[1];
  if (line === undefined) throw new Error(`${file} has no '// expect:' line`);
  if (line.trim() === 'passes') return 'passes';
  const refused = /^refused (TTH\d{4})$/.exec(line.trim());
  if (refused) return { refused: refused[1]! };
  const m = /^fails at ([a-z-]+): (.+)$/.exec(line.trim());
  if (!m || !(STAGES as readonly string[]).includes(m[1]!))
    throw new Error(`${file}: cannot read '// expect: ${line}'`);
  return { stage: m[1]!, text: m[2]! };
}

// Failures only TLC shows: SANY, TLC's runs, the checkers' agreement, and any whose
// expected message names TLC (TLC's counterexample, the suite's TLC cases).
const needsTlc = (want: { stage: string; text: string }): boolean =>
  ['sany', 'tlc', 'agreement'].includes(want.stage) || want.text.includes('TLC');

describe('specs the pipeline harness found failing', () => {
  it('are there, each with its expectation', () => {
    expect(FILES.length).toBeGreaterThan(0);
    for (const f of FILES) expectation(readFileSync(f, 'utf8'), f);
  });

  for (const file of FILES)
    it(relative(ROOT, file), { timeout: 300_000 }, async (ctx) => {
      const text = readFileSync(file, 'utf8');
      const want = expectation(text, file);
      if (want !== 'passes' && 'stage' in want && needsTlc(want) && !TLC_JAR) ctx.skip(); // with the TLC notice
      const run = await runPipeline(text, options);
      if (want === 'passes') {
        expect(
          run.failure?.message ?? null,
          run.failure ? `stage ${run.failure.stage}` : '',
        ).toBeNull();
        expect(run.outcome, `lint: ${run.lintErrors.join(', ')}`).toBe('pass');
        return;
      }
      if ('refused' in want) {
        // A name clash lint must refuse (with both spans): no backend may meet it.
        expect(run.outcome, run.failure?.message ?? '').toBe('clash');
        expect(run.lintErrors).toContain(want.refused);
        return;
      }
      const fixed = `the failure changed: if this defect is fixed, make the fixture's expectation '// expect: passes' (or 'refused <code>')`;
      expect(
        run.failure?.stage ??
          `none (${run.outcome}${run.lintErrors.length ? `: ${run.lintErrors.join(', ')}` : ''})`,
        fixed,
      ).toBe(want.stage);
      expect(run.failure!.message, fixed).toContain(want.text);
    });
});
