// The whole pipeline on one spec, stage by stage, as the generative harness runs it: lint;
// the TLA+ module parses (SANY); TLC and the explorer agree (verdict, distinct states, depth,
// property statuses) and each counterexample is one (check-trace.ts); the properties the
// model violates are dropped and the rest checked again, so that most specs end with a model
// that passes; lint's reachability warnings agree with the search; the engine and the
// conformance suite pass strict tsc; the generated conformance suite passes, run in-process
// (suite-shim.ts). The first stage that fails is the result, with its message.

import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CATALOG } from '../../generator/diagnostics/catalog.ts';
import type { Diagnostic } from '../../generator/diagnostics/types.ts';
import { conformanceOutput } from '../../generator/conformance/output.ts';
import { emitTla } from '../../generator/emit-tla/emit.ts';
import { emitEngine } from '../../generator/emit-ts/engine.ts';
import { emitIrArtifact } from '../../generator/ir-json/emit.ts';
import { explore, exploreGraph } from '../../generator/explore/explore.ts';
import type { CheckResult } from '../../generator/explore/result.ts';
import { compileSpec, type CompiledSpec } from '../../generator/frontend.ts';
import type { IrMachine } from '../../generator/lower/ir.ts';
import { STATE_SLOT } from '../../generator/semantics/compile.ts';
import { checkWithTlc } from '../../generator/tlc/model-check.ts';
import { TlcOutputError, type TlcMessage } from '../../generator/tlc/parse-output.ts';
import { javaCommand } from '../../generator/tlc/run.ts';
import { ROOT } from '../helpers.ts';
import { traceProblem } from './check-trace.ts';
import { sanyProblem } from './sany.ts';
import { collectCases } from './suite-shim.ts';
import { TypeChecker } from './type-check.ts';

/** The stages, in order. */
export const STAGES = [
  'lint',
  'emit-tla',
  'sany',
  'explorer',
  'tlc',
  'agreement',
  'counterexample',
  'statuses',
  'repair',
  'warnings',
  'emit-engine',
  'emit-conformance',
  'tsc',
  'conformance',
] as const;

export type Stage = (typeof STAGES)[number];

/** The first failing stage of a spec. */
export interface StageFailure {
  readonly stage: Stage;
  readonly message: string;
  /** The text the stage failed on (the spec, or the spec with some properties dropped). */
  readonly spec: string;
  /** Where the generated files of the failing spec were kept, if any. */
  readonly kept: string | null;
}

/** What happened to one spec. */
export interface PipelineRun {
  /** `clash`: lint refused a name clash (rightly); `too-large`: past the state bound. */
  readonly outcome: 'pass' | 'fail' | 'clash' | 'too-large';
  readonly failure: StageFailure | null;
  /** The codes of lint's errors, when lint refused the spec. */
  readonly lintErrors: readonly string[];
  /** The explorer's verdict on the spec as generated, and on the final (repaired) spec. */
  readonly firstVerdict: string | null;
  readonly finalVerdict: string | null;
  readonly distinctStates: number;
  readonly repairs: number;
  readonly tlcRuns: number;
  readonly suiteCases: number;
  readonly ms: number;
  /** Milliseconds spent per stage. */
  readonly stageMs: Readonly<Record<string, number>>;
}

export interface PipelineOptions {
  /** tla2tools.jar, or null to skip SANY and TLC. */
  readonly tlcJar: string | null;
  /** Known defects to step around (AVOIDABLE in spec-print.ts; `initial-violations`: no TLC
   *  run while the explorer finds a violation in an initial state). */
  readonly avoid: ReadonlySet<string>;
  /** Where per-spec folders are made (removed again unless a stage fails). */
  readonly workDir: string;
  /** Model-based runs and safety-net snapshots of the conformance suite. */
  readonly conformanceRuns: number;
  readonly safetyNetRuns: number;
  /** Run the suite's TLC cases too (TLC's state graph, engine traces through TLC). */
  readonly suiteTlc: boolean;
  /** Seeds the suite's random cases (TETHER_SEED) unless the environment sets one. */
  readonly seed: number;
  readonly typeChecker: TypeChecker;
  /** Stop (as a pass) once this stage is passed: shrinking a failure of an early stage
   *  need not run the later ones. */
  readonly stopAfter?: Stage | undefined;
}

/** Past this many distinct states a spec is not run through the rest (too slow). */
export const MAX_STATES = 20_000;
const MAX_REPAIRS = 4;
const FILE = 'spec/fuzz.tether';

/** Lint's refusals that are name clashes (the checker is right to refuse the collision). */
export function isClashDiagnostic(d: Diagnostic): boolean {
  const name = (CATALOG as Record<string, { name: string } | undefined>)[d.code]?.name ?? '';
  return /clash|reserved|duplicate|collid|shadow|unusable/.test(name);
}

class Failed extends Error {
  constructor(
    readonly stage: Stage,
    message: string,
    readonly spec: string,
  ) {
    super(message);
  }
}

let counter = 0;

export async function runPipeline(text: string, o: PipelineOptions): Promise<PipelineRun> {
  const started = performance.now();
  const stats = {
    firstVerdict: null as string | null,
    finalVerdict: null as string | null,
    distinctStates: 0,
    repairs: 0,
    tlcRuns: 0,
    suiteCases: 0,
    stageMs: {} as Record<string, number>,
  };
  let mark = performance.now();
  const lap = (name: string): void => {
    const t = performance.now();
    stats.stageMs[name] = Math.round((stats.stageMs[name] ?? 0) + t - mark);
    mark = t;
  };
  const done = (
    outcome: PipelineRun['outcome'],
    failure: StageFailure | null,
    lintErrors: readonly string[] = [],
  ): PipelineRun => ({
    outcome,
    failure,
    lintErrors,
    ...stats,
    ms: Math.round(performance.now() - started),
  });
  const dir = join(o.workDir, `spec-${process.pid}-${++counter}`);
  /** Is `next` past the stage to stop after? */
  const past = (next: Stage): boolean =>
    o.stopAfter !== undefined && STAGES.indexOf(o.stopAfter) < STAGES.indexOf(next);
  let current = text;
  try {
    const first = stage('lint', current, () => compileSpec(current, FILE));
    lap('lint');
    const errors = first.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      const codes = errors.map((d) => d.code);
      // A clash is rightly refused; other errors follow from it (an undefined state 'Nat', …).
      if (errors.some(isClashDiagnostic)) return done('clash', null, codes);
      throw new Failed(
        'lint',
        `lint refused a spec the generator meant to be well typed:\n${errors.map(show).join('\n')}`,
        current,
      );
    }

    // Model-check, dropping violated properties until the model passes (or fails on a built-in).
    let compiled: CompiledSpec = first;
    let ir = first.ir!;
    let result: CheckResult;
    const dropped = new Set<string>();
    for (let round = 0; ; round++) {
      const files = stage('emit-tla', current, () => emitTla(ir));
      // SANY on the module as generated; TLC parses the final one again.
      if (o.tlcJar && round === 0) {
        const problem = sanyProblem(o.tlcJar, files.moduleName, files.module.content);
        if (problem) throw new Failed('sany', problem, current);
        lap('sany');
      }
      if (past('explorer')) return done('pass', null);
      let tlc: CheckResult | null = null;
      try {
        result = explore(ir, { limits: { maxStates: MAX_STATES } });
      } catch (error) {
        throw new Failed('explorer', `the explorer threw: ${describe(error)}`, current);
      }
      lap('explorer');
      if (result.stopped) return done('too-large', null);
      if (past('tlc')) return done('pass', null);
      if (round === 0) stats.firstVerdict = result.result;
      const declared = result.violations.map((v) => v.property).filter((p) => statedIn(current, p));
      const repairable =
        result.result === 'fail' &&
        declared.length === result.violations.length &&
        round < MAX_REPAIRS;
      // TLC checks the spec as generated and the final one (the rounds between are the explorer's).
      const initialViolation = result.violations.some(
        (v) => v.trace.steps.length === 1 && v.kind !== 'temporal',
      );
      if (
        o.tlcJar &&
        (round === 0 || !repairable) &&
        !(o.avoid.has('initial-violations') && initialViolation)
      ) {
        tlc = await agree(ir, result, current, o.tlcJar, stats);
        lap('tlc');
      }
      // The counterexamples, then the statuses, of both checkers (every problem found).
      const problems: string[] = [];
      for (const [who, r] of [
        ['explorer', result],
        ['TLC', tlc],
      ] as const)
        for (const v of r?.violations ?? []) {
          const problem = traceProblem(ir, v);
          if (problem) problems.push(`${who}: ${problem}`);
        }
      if (problems.length > 0) throw new Failed('counterexample', problems.join('\n'), current);
      for (const [who, r] of [
        ['explorer', result],
        ['TLC', tlc],
      ] as const) {
        const status = r ? statusProblem(r) : null;
        if (status) problems.push(`${who}: ${status}`);
      }
      if (problems.length > 0) throw new Failed('statuses', problems.join('\n'), current);
      if (!repairable) break;
      declared.forEach((p) => dropped.add(p));
      current = dropProperties(current, dropped);
      stats.repairs++;
      compiled = stage('repair', current, () => compileSpec(current, FILE));
      if (!compiled.ir)
        throw new Failed(
          'repair',
          `dropping ${[...dropped].join(', ')} made the spec invalid:\n${compiled.diagnostics.map(show).join('\n')}`,
          current,
        );
      ir = compiled.ir;
    }
    stats.finalVerdict = result.result;
    stats.distinctStates = result.distinctStates;
    if (past('warnings')) return done('pass', null);

    const complete =
      result.result === 'pass' ||
      (result.result === 'fail' && result.violations.every((v) => v.kind === 'temporal'));
    if (complete) warningsAgree(compiled, ir, current);
    if (past('emit-engine')) return done('pass', null);

    // The engine and the suite: generated, type-checked, run.
    lap('checks');
    const engine = stage('emit-engine', current, () => emitEngine(ir));
    lap('emit-engine');
    if (past('emit-conformance')) return done('pass', null);
    const conformance = stage('emit-conformance', current, () => conformanceOutput(ir));
    lap('emit-conformance');
    if (result.result === 'pass' && conformance.plan === null)
      throw new Failed(
        'emit-conformance',
        'the model passes, but the conformance suite is the failing stand-in',
        current,
      );
    if (result.result === 'fail' && !conformance.file.content.includes('expect.fail('))
      throw new Failed(
        'emit-conformance',
        `the model ${result.result}s, but the suite is not the failing stand-in`,
        current,
      );
    if (past('tsc')) return done('pass', null);
    const engineFile = join(dir, engine.path);
    const suiteFile = join(dir, conformance.file.path.replace(/\.test\.ts$/, '.ts'));
    mkdirSync(join(dir, 'generated'), { recursive: true });
    mkdirSync(join(dir, 'spec'), { recursive: true });
    // The suite imports the runtime as ../generator/conformance/harness.ts.
    symlinkSync(join(ROOT, 'generator'), join(dir, 'generator'), 'dir');
    writeFileSync(join(dir, FILE), current);
    writeFileSync(engineFile, engine.content);
    writeFileSync(suiteFile, conformance.file.content);
    // What the suite loads, as `tether generate` writes it: the IR artifact and the module.
    mkdirSync(join(dir, 'tla'), { recursive: true });
    const tla = emitTla(ir);
    for (const f of [emitIrArtifact(ir), tla.module, tla.cfg])
      writeFileSync(join(dir, f.path), f.content);
    const extra: string[] = [];
    if (current !== text) {
      // The engine of the spec as generated (its richer checks) must compile too.
      const original = compileSpec(text, FILE).ir!;
      const other = stage('emit-engine', text, () => emitEngine(original));
      const otherFile = join(dir, 'generated', `original-${engine.path.split('/').pop()!}`);
      writeFileSync(otherFile, other.content);
      extra.push(otherFile);
      lap('emit-engine');
    }
    const tsc = o.typeChecker.check([engineFile, suiteFile, ...extra]);
    lap('tsc');
    // An error in the engine of the spec as generated is that spec's failure: the saved spec
    // (and its replay line) must be the one whose engine tsc refused.
    const inOriginal = extra.length > 0 && tsc.some((e) => e.startsWith('original-'));
    if (tsc.length > 0)
      throw new Failed('tsc', tsc.slice(0, 12).join('\n'), inOriginal ? text : current);
    if (result.result === 'pass' && !past('conformance'))
      await runSuite(dir, suiteFile, current, o, stats);
    lap('conformance');
    rmSync(dir, { recursive: true, force: true });
    return done('pass', null);
  } catch (error) {
    lap('failed');
    const f =
      error instanceof Failed
        ? error
        : new Failed('lint', `the harness threw: ${describe(error)}`, current);
    return done('fail', { stage: f.stage, message: f.message, spec: f.spec, kept: dir });
  }
}

/** Runs a stage's step; a throw is that stage's failure. */
function stage<T>(name: Stage, spec: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    throw new Failed(name, `${name} threw: ${describe(error)}`, spec);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((l) => l.includes('/generator/'))
    .slice(0, 3)
    .map((l) => l.trim());
  return `${error.constructor.name}: ${error.message}${frames.length ? `\n  ${frames.join('\n  ')}` : ''}`;
}

function show(d: Diagnostic): string {
  return `${d.span.start.line}:${d.span.start.column}: ${d.severity} ${d.code}: ${d.message}`;
}

// ---- dropping violated properties ----

/** Does the spec state this property (an invariant, step, temporal property, or an
 *  `Ensures_<t>` of a transition with an ensure)? */
function statedIn(text: string, property: string): boolean {
  return dropProperties(text, new Set([property])) !== text;
}

/** The spec without the lines of these properties; `Ensures_<t>` drops the ensure clauses of
 *  transition t. Works on the harness's specs: one declaration or clause per line. */
export function dropProperties(text: string, drop: ReadonlySet<string>): string {
  let transition: string | null = null;
  return text
    .split('\n')
    .filter((line) => {
      const t = /^transition (\S+):/.exec(line);
      if (t) transition = t[1]!;
      else if (!line.startsWith('  ')) transition = null;
      const p = /^(?:invariant|step|property) (\S+):/.exec(line);
      if (p) return !drop.has(p[1]!);
      if (transition !== null && line.startsWith('  ensure '))
        return !drop.has(`Ensures_${transition}`);
      return true;
    })
    .join('\n');
}

// ---- TLC against the explorer ----

/** Checks the model with TLC as `tether check` does (tlc/model-check.ts: TLC runs again on
 *  the temporal properties a liveness counterexample left undecided); its result must be the
 *  explorer's (resultDifference). */
async function agree(
  ir: IrMachine,
  explorer: CheckResult,
  spec: string,
  jar: string,
  stats: { tlcRuns: number },
): Promise<CheckResult> {
  const messages: TlcMessage[] = [];
  let tlc: CheckResult;
  try {
    tlc = await checkWithTlc(
      ir,
      (_dir, moduleName) => {
        stats.tlcRuns++;
        messages.length = 0;
        return javaCommand(jar, moduleName, 1);
      },
      (m) => messages.push(m),
    );
  } catch (error) {
    const details = error instanceof TlcOutputError ? `\n  | ${error.details.join('\n  | ')}` : '';
    // TLC's own error lines, of the run that failed (Tether's excerpt may miss them).
    const last = messages
      .flatMap((m) => m.text.split('\n'))
      .filter((l) => /^Error:|error/i.test(l))
      .slice(0, 3);
    throw new Failed(
      'tlc',
      `TLC did not finish: ${describe(error)}\nTLC: ${last.join(' / ') || '(no error line)'}${details}\n(the explorer: ${explorer.result}, ${explorer.distinctStates} states)`,
      spec,
    );
  }
  const diff = resultDifference(explorer, tlc);
  if (diff) throw new Failed('agreement', diff, spec);
  return tlc;
}

const summary = (r: CheckResult): string =>
  `${r.checker}: ${r.result}, ${r.distinctStates} distinct states, depth ${r.depth}, violated ${r.violations.map((v) => `${v.property} (${v.trace.steps.length} states)`).join(', ') || 'none'}`;

/** How two results of the same model differ, or null. */
export function resultDifference(explorer: CheckResult, tlc: CheckResult): string | null {
  const both = `\n  ${summary(explorer)}\n  ${summary(tlc)}`;
  if (explorer.result !== tlc.result) return `the verdicts differ:${both}`;
  if (explorer.result === 'pass') {
    if (explorer.distinctStates !== tlc.distinctStates || explorer.depth !== tlc.depth)
      return `a complete search, but the figures differ:${both}`;
    return statusesDiffer(explorer, tlc, both);
  }
  if (explorer.result !== 'fail') return null;
  const first = tlc.violations[0]!;
  const mine = explorer.violations.find((v) => v.property === first.property);
  const shortest = Math.min(...explorer.violations.map((v) => v.trace.steps.length));
  // Both stop at the first violating state of a breadth-first search, but visit a level in
  // different orders: another safety property broken at the same depth is the same finding.
  const sameLevel =
    first.kind !== 'temporal' &&
    explorer.violations.every((v) => v.kind !== 'temporal') &&
    first.trace.steps.length === shortest;
  if (!mine && !sameLevel)
    return `TLC's violation '${first.property}' (${first.kind}) is not among the explorer's:${both}`;
  if (first.trace.steps.length === 0)
    return `TLC's counterexample of '${first.property}' has no states (the explorer's has ${mine?.trace.steps.length ?? shortest}):${both}`;
  if (mine && first.kind !== 'temporal' && mine.trace.steps.length !== first.trace.steps.length)
    return `the shortest counterexamples of '${first.property}' differ in length:${both}`;
  // A liveness failure: both searched everything (TLC runs with `-lncheck final`, see
  // tlc/run.ts, so it checks liveness once its search is done); when the state counts agree,
  // the statuses of the other properties must agree too.
  if (liveOnly(explorer) && liveOnly(tlc) && tlc.distinctStates === explorer.distinctStates)
    return statusesDiffer(explorer, tlc, both);
  return null;
}

/** Only liveness properties failed (TLC checks `always p`, p a state predicate, as an
 *  invariant during its search and reports it as one: "invariant p is violated"). */
function liveOnly(r: CheckResult): boolean {
  return (
    r.result === 'fail' &&
    r.violations.every(
      (v) =>
        v.kind === 'temporal' && (r.checker === 'explorer' || v.message.startsWith('property ')),
    )
  );
}

function statusesDiffer(a: CheckResult, b: CheckResult, both: string): string | null {
  const of = (r: CheckResult): Map<string, string> =>
    new Map(r.properties.map((p) => [p.name, p.status]));
  const sa = of(a);
  const sb = of(b);
  const diff = [...new Set([...sa.keys(), ...sb.keys()])]
    .filter((k) => sa.get(k) !== sb.get(k))
    .map((k) => `'${k}': ${sa.get(k) ?? 'absent'} vs ${sb.get(k) ?? 'absent'}`);
  return diff.length
    ? `on the same complete search the property statuses differ (explorer vs TLC):\n  ${diff.join('; ')}${both}`
    : null;
}

/** A complete search decides every property: none may be reported unchecked. The
 *  explorer's search is complete when it passes or fails only liveness properties (it checks
 *  them on the whole graph); TLC's when it passes. */
function statusProblem(r: CheckResult): string | null {
  const complete = r.result === 'pass' || (r.checker === 'explorer' && liveOnly(r));
  if (!complete) return null;
  const unchecked = r.properties.filter((p) => p.status === 'unchecked').map((p) => p.name);
  const violated = new Set(r.violations.map((v) => v.property));
  const wrong = r.properties
    .filter((p) => (p.status === 'violated') !== violated.has(p.name))
    .map((p) => p.name);
  if (unchecked.length)
    return `the search was complete (${r.result}${r.result === 'fail' ? ', liveness only' : ''}), yet properties are reported unchecked: ${unchecked.map((n) => `'${n}'`).join(', ')}`;
  if (wrong.length)
    return `statuses and violations disagree on ${wrong.map((n) => `'${n}'`).join(', ')}`;
  return null;
}

// ---- lint's warnings against the search ----

function warningsAgree(compiled: CompiledSpec, ir: IrMachine, spec: string): void {
  const unreachable = compiled.diagnostics.filter((d) => d.code === 'TTH3004');
  if (unreachable.length === 0) return;
  const reached = new Set(
    exploreGraph(ir, { limits: { maxStates: MAX_STATES } }).states.map(
      (s) => s[STATE_SLOT] as string,
    ),
  );
  for (const d of unreachable) {
    const name = /state '([^']+)'/.exec(d.message)?.[1];
    if (name && reached.has(name))
      throw new Failed(
        'warnings',
        `lint says a state cannot be reached, but the model reaches it: ${show(d)}`,
        spec,
      );
  }
}

// ---- the conformance suite, in-process ----

async function runSuite(
  dir: string,
  suiteFile: string,
  spec: string,
  o: PipelineOptions,
  stats: { suiteCases: number },
): Promise<void> {
  const source = readFileSync(suiteFile, 'utf8');
  const vitestImport = "from 'vitest';";
  if (source.split(vitestImport).length !== 2)
    throw new Failed(
      'conformance',
      `the suite does not import vitest exactly once as ${vitestImport}`,
      spec,
    );
  const shim = relative(join(dir, 'generated'), join(ROOT, 'test/pipeline/suite-shim.ts'));
  const runFile = suiteFile.replace(/\.ts$/, '.run.ts');
  writeFileSync(
    runFile,
    source.replace(vitestImport, `from '${shim.startsWith('.') ? shim : `./${shim}`}';`),
  );
  const env = {
    TETHER_CONFORMANCE_RUNS: process.env['TETHER_CONFORMANCE_RUNS'] ?? String(o.conformanceRuns),
    TETHER_SAFETY_NET_RUNS: process.env['TETHER_SAFETY_NET_RUNS'] ?? String(o.safetyNetRuns),
    TETHER_SEED: process.env['TETHER_SEED'] ?? String(o.seed),
  };
  const saved = {
    env: Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]])),
    log: console.log,
    warn: console.warn,
  };
  const output: string[] = [];
  Object.assign(process.env, env);
  console.log = (...a: unknown[]) => void output.push(a.map(String).join(' '));
  console.warn = console.log;
  try {
    const cases = await collectCases(() => import(pathToFileURL(runFile).href));
    if (cases.length === 0) throw new Failed('conformance', 'the suite has no cases', spec);
    for (const c of cases) {
      if (c.skipped || (c.conditional && !o.suiteTlc)) continue;
      stats.suiteCases++;
      try {
        await c.run();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Failed(
          'conformance',
          `${c.title}\n${message.slice(0, 3000)}${output.length ? `\n(output: ${output.slice(-4).join(' | ')})` : ''}`,
          spec,
        );
      }
    }
  } finally {
    for (const [k, v] of Object.entries(saved.env))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    console.log = saved.log;
    console.warn = saved.warn;
  }
}
