// The generative differential test of the whole pipeline (issue 10): random well-typed specs
// (test/pipeline/spec-draft.ts, printed by spec-print.ts, names drawn to collide with what the
// backends reserve and with each other) go through lint, SANY, TLC against the explorer,
// strict tsc of the engine and its suite, and the generated conformance suite
// (test/pipeline/pipeline.ts). A failure shrinks to a minimal spec, saved under
// .scratch/pipeline-failures/ with the command that replays it.
//
// `npm test` runs TETHER_PIPELINE_RUNS specs (default 4); `npm run fuzz` runs 500.
// TETHER_PBT_SEED sets the seed (default fixed, printed), TETHER_PIPELINE_PATH replays one
// run of it (fast-check's path, printed on failure), TETHER_PIPELINE_SPEC=<file> runs one
// spec file, TETHER_PIPELINE_SURVEY=1 runs every spec without stopping and shrinks one spec
// per class of failure (into .scratch/pipeline-survey/), TETHER_PIPELINE_AVOID leaves out
// constructs of known defects (AVOIDABLE in spec-print.ts). Without TLC the SANY and TLC stages are
// skipped with a notice.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';
import {
  runPipeline,
  STAGES,
  type PipelineOptions,
  type PipelineRun,
  type Stage,
  type StageFailure,
} from '../pipeline/pipeline.ts';
import { specDraft } from '../pipeline/spec-draft.ts';
import { AVOIDABLE, printSpec } from '../pipeline/spec-print.ts';
import { TypeChecker } from '../pipeline/type-check.ts';
import { TLC_JAR } from '../tlc/tlc-available.ts';

const env = process.env;
const RUNS = Number(env['TETHER_PIPELINE_RUNS'] ?? 4);
const SEED = Number(env['TETHER_PBT_SEED'] ?? 20261124);
const PATH = env['TETHER_PIPELINE_PATH'];
const SPEC = env['TETHER_PIPELINE_SPEC'];
const SURVEY = env['TETHER_PIPELINE_SURVEY'] === '1';
/** Pipeline runs spent shrinking one failure (each takes seconds). */
const SHRINKS = Number(env['TETHER_PIPELINE_SHRINKS'] ?? 100);
const AVOID = new Set((env['TETHER_PIPELINE_AVOID'] ?? '').split(',').filter(Boolean));
for (const a of AVOID)
  if (!(AVOIDABLE as readonly string[]).includes(a))
    throw new Error(
      `TETHER_PIPELINE_AVOID: unknown construct '${a}' (known: ${AVOIDABLE.join(', ')})`,
    );

const OUT = join(ROOT, '.scratch');
const options: PipelineOptions = {
  tlcJar: TLC_JAR,
  avoid: AVOID,
  workDir: join(OUT, 'pipeline-work'),
  conformanceRuns: Number(env['TETHER_PIPELINE_CONFORMANCE_RUNS'] ?? 150),
  safetyNetRuns: Number(env['TETHER_PIPELINE_SAFETY_NET_RUNS'] ?? 300),
  suiteTlc: TLC_JAR !== null && env['TETHER_PIPELINE_SUITE_TLC'] !== '0',
  seed: SEED,
  typeChecker: new TypeChecker(),
};
const textOf = (d: Parameters<typeof printSpec>[0]): string => printSpec(d, AVOID).text;

/** The class of a failure, for shrinking (a smaller spec must fail the same way) and for the
 *  survey's grouping: the stage and the gist of its message, without names and numbers. */
function signature(f: StageFailure): string {
  const first = f.message.split('\n')[0]!;
  if (f.stage === 'tsc')
    return `tsc: ${[...new Set(f.message.match(/TS\d+/g) ?? [])].sort().join(',')}`;
  const gist =
    f.stage === 'conformance'
      ? (first.split(' > ')[1] ?? first)
      : f.stage === 'sany'
        ? (f.message.match(
            /Multiply-defined|Parse Error|Unknown operator|Lexical error|Encountered|[A-Z][a-z]+ error/,
          )?.[0] ?? first)
        : first;
  return `${f.stage}: ${gist
    .replace(/(?<![A-Za-z])'[^']*'/g, "'_'")
    .replace(/\b\d+\b/g, 'N')
    .replace(/\s+/g, ' ')
    .slice(0, 110)}`;
}

/** Figures of a run of many specs. */
class Tally {
  specs = 0;
  accepted = 0;
  clashes = 0;
  readonly clashCodes = new Map<string, number>();
  tooLarge = 0;
  passed = 0;
  readonly failed = new Map<Stage, number>();
  readonly verdicts = new Map<string, number>();
  repaired = 0;
  ms = 0;
  states = 0;
  suiteCases = 0;
  tlcRuns = 0;
  readonly stageMs = new Map<string, number>();

  add(r: PipelineRun): void {
    this.specs++;
    this.ms += r.ms;
    for (const [k, v] of Object.entries(r.stageMs))
      this.stageMs.set(k, (this.stageMs.get(k) ?? 0) + v);
    const bump = <K>(m: Map<K, number>, k: K): void => void m.set(k, (m.get(k) ?? 0) + 1);
    if (r.outcome === 'clash') {
      this.clashes++;
      for (const c of new Set(r.lintErrors)) bump(this.clashCodes, c);
      return;
    }
    if (r.failure?.stage !== 'lint') this.accepted++;
    if (r.outcome === 'too-large') this.tooLarge++;
    if (r.outcome === 'pass') this.passed++;
    if (r.failure) bump(this.failed, r.failure.stage);
    if (r.firstVerdict) bump(this.verdicts, `${r.firstVerdict} → ${r.finalVerdict ?? '?'}`);
    if (r.repairs > 0) this.repaired++;
    this.states += r.distinctStates;
    this.suiteCases += r.suiteCases;
    this.tlcRuns += r.tlcRuns;
  }

  toString(): string {
    const pct = (n: number): string => `${((100 * n) / Math.max(this.specs, 1)).toFixed(0)}%`;
    const list = <K>(m: Map<K, number>): string =>
      [...m].map(([k, v]) => `${String(k)} ${v}`).join(', ') || 'none';
    return [
      `pipeline: ${this.specs} specs (seed ${SEED}), ${(this.ms / Math.max(this.specs, 1) / 1000).toFixed(1)} s per spec`,
      `  lint accepted ${this.accepted} (${pct(this.accepted)}); refused for a name clash ${this.clashes} (${pct(this.clashes)}: ${list(this.clashCodes)}); past ${MAX_STATES_TEXT} states ${this.tooLarge}`,
      `  explorer verdicts (as generated → after dropping violated properties, ${this.repaired} specs): ${list(this.verdicts)}`,
      `  passed every stage ${this.passed}; failed: ${list(new Map(STAGES.filter((s) => this.failed.has(s)).map((s) => [s, this.failed.get(s)!])))}`,
      `  ${this.tlcRuns} TLC runs, ${this.suiteCases} conformance cases, ${this.states} distinct states in the final models`,
      `  seconds by stage: ${[...this.stageMs].map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ')}`,
    ].join('\n');
  }
}
const MAX_STATES_TEXT = '20,000';

/** Saves a failing spec with how to replay it; returns the file. */
function saveFailure(dir: string, name: string, f: StageFailure, replay: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.tether`);
  const comment = [
    `pipeline harness: fails at stage ${f.stage}`,
    ...f.message.split('\n').slice(0, 12),
    `replay: ${replay}`,
    `or: TETHER_PIPELINE_SPEC=${file} npx vitest run test/fuzz/pipeline.fuzz.test.ts`,
  ];
  writeFileSync(file, `${comment.map((l) => `// ${l}`).join('\n')}\n${f.spec}`);
  return file;
}

/** A property over drafts that fails on a pipeline failure of the given class (any class
 *  when `want` is null), with a budget of runs once a failure is found. */
function pipelineProperty(want: string | null, seen: (r: PipelineRun) => void) {
  const state = { found: null as (StageFailure & { signature: string }) | null, spent: 0 };
  const property = fc.asyncProperty(specDraft, async (d) => {
    if (state.found && ++state.spent > SHRINKS) return true; // budget spent: keep the smallest so far
    // Once a failure is found, a smaller spec need only go as far as its stage.
    const stopAfter = state.found?.stage ?? (want ? (want.split(':')[0] as Stage) : undefined);
    const run = await runPipeline(textOf(d), { ...options, stopAfter });
    if (!state.found) seen(run);
    if (run.outcome !== 'fail') return true;
    const sig = signature(run.failure!);
    if ((want ?? state.found?.signature ?? sig) !== sig) return true; // another class of failure
    state.found = { ...run.failure!, signature: sig };
    return false;
  });
  return { property, state };
}

describe('the whole pipeline on random specs', () => {
  it.skipIf(SURVEY || SPEC !== undefined)(
    `lint, SANY, TLC against the explorer, strict tsc and the conformance suite agree on ${RUNS} random specs`,
    async () => {
      const tally = new Tally();
      const { property, state } = pipelineProperty(null, (r) => tally.add(r));
      const details = await fc.check(property, {
        seed: SEED,
        numRuns: RUNS,
        ...(PATH ? { path: PATH } : {}),
      });
      console.log(tally.toString());
      if (details.failed && state.found) {
        const f = state.found;
        const replay = `TETHER_PBT_SEED=${SEED} TETHER_PIPELINE_PATH=${details.counterexamplePath ?? ''} npx vitest run test/fuzz/pipeline.fuzz.test.ts`;
        const file = saveFailure(
          join(OUT, 'pipeline-failures'),
          `seed-${SEED}-${f.stage}`,
          f,
          replay,
        );
        expect.fail(
          `stage ${f.stage} failed (seed ${SEED}, path ${details.counterexamplePath ?? '?'}, ${details.numShrinks} shrinks; saved to ${file}${f.kept ? `, generated files in ${f.kept}` : ''}):\n${f.message}\n\nthe spec:\n${f.spec}\nreplay: ${replay}`,
        );
      }
      if (details.failed)
        throw new Error(
          `fast-check failed without a pipeline failure: ${String(details.errorInstance)}`,
        );
      expect(tally.specs).toBe(RUNS);
      expect(tally.passed, 'no spec went through every stage').toBeGreaterThan(0);
    },
    (RUNS + SHRINKS) * 120_000,
  );

  it.runIf(SPEC !== undefined)(
    `the spec in TETHER_PIPELINE_SPEC goes through every stage`,
    async () => {
      const run = await runPipeline(readFileSync(SPEC!, 'utf8'), options);
      console.log(
        `${SPEC}: ${run.outcome}${run.failure ? ` at ${run.failure.stage}` : ''} (${run.ms} ms: ${JSON.stringify(run.stageMs)})`,
      );
      expect(
        run.failure?.message ?? null,
        run.failure ? `stage ${run.failure.stage}` : '',
      ).toBeNull();
      expect(run.outcome).toBe('pass');
    },
    600_000,
  );

  it.runIf(SURVEY)(
    `survey: ${RUNS} random specs, every failure classified, one minimal spec per class`,
    async () => {
      const tally = new Tally();
      const classes = new Map<string, { index: number; count: number; failure: StageFailure }>();
      let index = 0;
      await fc.check(
        fc.asyncProperty(specDraft, async (d) => {
          const i = index++;
          const run = await runPipeline(textOf(d), options);
          tally.add(run);
          if (run.failure) {
            const sig = signature(run.failure);
            const c = classes.get(sig) ?? { index: i, count: 0, failure: run.failure };
            c.count++;
            classes.set(sig, c);
          }
          return true;
        }),
        { seed: SEED, numRuns: RUNS },
      );
      const dir = join(OUT, 'pipeline-survey', String(SEED));
      mkdirSync(dir, { recursive: true });
      const lines = [tally.toString(), '', `${classes.size} classes of failure:`];
      let n = 0;
      for (const [sig, c] of [...classes].sort((a, b) => b[1].count - a[1].count)) {
        n++;
        const { property, state } = pipelineProperty(sig, () => {});
        if (SHRINKS > 0)
          await fc.check(property, { seed: SEED, numRuns: 1, path: String(c.index) });
        const f = state.found ?? c.failure;
        const replay = `TETHER_PBT_SEED=${SEED} TETHER_PIPELINE_PATH=${c.index} npx vitest run test/fuzz/pipeline.fuzz.test.ts`;
        const file = saveFailure(dir, `class-${String(n).padStart(2, '0')}-${f.stage}`, f, replay);
        lines.push(
          `${String(n).padStart(2)}. ${c.count}× ${sig}\n    first at run ${c.index}; minimal spec (${f.spec.split('\n').length} lines): ${file}`,
        );
      }
      writeFileSync(join(dir, 'summary.txt'), `${lines.join('\n')}\n`);
      console.log(lines.join('\n'));
      expect(tally.specs).toBe(RUNS);
    },
    RUNS * 600_000,
  );
});
