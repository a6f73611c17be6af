// `tether check [files...]`: lint each spec, model-check it with TLC or the built-in
// explorer, then regenerate its stale outputs where the project's layout puts them (the
// project's own specs, project/config.ts: TLA+, the engine and its conformance suite, written
// all or none; for any other spec it says why not). The first line says which checker runs. Exit 0
// only when every spec has no errors and every property holds. TLC checks the emitted module
// without any explorer search first; the conformance suite needs the explorer's graph, which
// the explorer's own check provides, or a search after TLC's, bounded by the same limits
// (when a limit stops it, the outputs are left as they are and the reason is printed).
// A counterexample of a project's spec is saved as an ITF trace in <tla>/traces/<Machine>/,
// which the conformance suite replays.

import { emitAll, warningsOf } from '../backends.ts';
import { Build } from '../build.ts';
import { compileSpec } from '../frontend.ts';
import { tlaFiles } from '../emit-tla/backend.ts';
import { ConformanceUnavailableError, conformanceSearch } from '../conformance/output.ts';
import { saveCounterexample } from '../conformance/record.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { ModelEvaluationError } from '../explore/evaluation-error.ts';
import { explorerProgress, modelCheck } from '../model-check.ts';
import { exploreGraph, type ReachableGraph, type SearchLimits } from '../explore/explore.ts';
import type { CheckResult } from '../explore/result.ts';
import type { IrMachine } from '../lower/ir.ts';
import type { RaceOptions } from '../race/model.ts';
import { isTimeType } from '../lower/types.ts';
import { WriteFilesError } from '../write-files.ts';
import { describeChoice, locateChecker, type CheckerChoice } from '../tlc/locate.ts';
import { TlcOutputError } from '../tlc/parse-output.ts';
import { trackTlc } from './interrupt.ts';
import { CliError, displayPath, readSpecFile, writeOutputs } from './io.ts';
import { flag, stringOption, type Args, type Streams } from './args.ts';
import { diagnosticsJson, renderDiagnostics, type Format, type Out } from './output.ts';
import type { CliProject, SpecInput } from './project.ts';
import { formatResult, formatTrace, resultJson } from './report.ts';
import { describeProject, type Project } from '../project/config.ts';
import { isStale, OutputClaims } from '../project/generate.ts';

export interface CheckOptions {
  /** How diagnostics print; 'json' (--json, or --format json) makes all of check's stdout one
   *  JSON document. */
  readonly format: Format;
  readonly tlcJar?: string | undefined;
  readonly docker: boolean;
  readonly explorer: boolean;
  readonly workers: number | 'auto';
  /** --max-states, --max-depth, --time-limit (each search: the check, then the suite's). */
  readonly limits?: SearchLimits | undefined;
  /** --concurrent N [--blind-write]: check the race of N handlers instead (cli/race.ts). */
  readonly race?: RaceOptions | undefined;
}

/** The most handlers `--concurrent` races. */
const MAX_HANDLERS = 8;

/** check's options from its arguments (main.ts). */
export function checkOptions(args: Args, format: Format): CheckOptions {
  const workersText = stringOption(args, 'workers') ?? '1';
  const workers = workersText === 'auto' ? 'auto' : Number(workersText);
  if (workers !== 'auto' && !(Number.isInteger(workers) && workers >= 1))
    throw new CliError(`--workers takes a positive integer or 'auto', not '${workersText}'`);
  const limit = (name: string): number | undefined => {
    const text = stringOption(args, name);
    return text === undefined ? undefined : positiveInteger(name, text);
  };
  const concurrent = stringOption(args, 'concurrent');
  const handlers = concurrent === undefined ? undefined : positiveInteger('concurrent', concurrent);
  if (handlers !== undefined && handlers > MAX_HANDLERS)
    throw new CliError(
      `--concurrent takes at most ${MAX_HANDLERS} handlers (the race's states grow as a power of it), not ${handlers}`,
    );
  if (flag(args, 'blind-write') && handlers === undefined)
    throw new CliError('--blind-write is a way of storing in the race: it needs --concurrent N');
  for (const option of ['out', 'tla'])
    if (handlers !== undefined && stringOption(args, option) !== undefined)
      throw new CliError(`--concurrent writes nothing: --${option} does not apply to it`);
  return {
    format,
    race:
      handlers === undefined
        ? undefined
        : { handlers, write: flag(args, 'blind-write') ? 'blind' : 'compare-and-set' },
    tlcJar: stringOption(args, 'tlc-jar'),
    docker: flag(args, 'docker'),
    explorer: flag(args, 'explorer'),
    workers,
    limits: {
      maxStates: limit('max-states'),
      maxDepth: limit('max-depth'),
      timeLimitSeconds: limit('time-limit'),
    },
  };
}

export function positiveInteger(option: string, text: string): number {
  // Digits only: `2e0`, `0x2` and ` 2` are not how a count is written.
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1)
    throw new CliError(`--${option} takes a positive integer, not '${text}'`);
  return n;
}

/** The checker check's options choose (tlc/locate.ts), said on the first line of `out`. */
export function chooseChecker(options: CheckOptions, out: Out | null): CheckerChoice {
  let choice: CheckerChoice;
  try {
    choice = locateChecker({
      tlcJar: options.tlcJar,
      docker: options.docker,
      explorer: options.explorer,
    });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  out?.write(`${describeChoice(choice)}\n`);
  return choice;
}

export async function runCheck(
  cli: CliProject,
  options: CheckOptions,
  streams: Streams,
): Promise<number> {
  const { project } = cli;
  const { stdout, stderr } = streams;
  const limits = options.limits ?? {};
  // With --json (or --format json) stdout is one JSON document and nothing else.
  const json = options.format === 'json';
  // Read every file first: a missing file is a usage error (exit 2) before any output.
  const inputs = cli.specs.map((spec) => ({
    spec,
    name: spec.name,
    text: readSpecFile(spec.path, spec.given),
  }));
  // Compiled first: two of the project's specs declaring one machine would write the same
  // outputs, which check refuses before checking anything, as generate does.
  const compiledInputs = inputs.map((i) => ({ ...i, compiled: compileSpec(i.text, i.name) }));
  const claims = new OutputClaims();
  for (const { spec, name, compiled } of compiledInputs) {
    if (!compiled.ir || !spec.inProject) continue;
    const clash = claims.machine(name, compiled.ir.name);
    if (clash) throw new CliError(clash);
  }
  const choice = chooseChecker(options, json ? null : stdout);
  const results: object[] = [];
  let ok = true;
  for (const { spec, name, text, compiled } of compiledInputs) {
    if (compiled.diagnostics.length > 0 && !json)
      stdout.write(
        `${renderDiagnostics(compiled.diagnostics, options.format, new Map([[name, text]]), stdout)}\n`,
      );
    if (!compiled.ir) {
      ok = false;
      if (json)
        results.push({
          spec: name,
          result: 'error',
          diagnostics: diagnosticsJson(compiled.diagnostics),
        });
      else stdout.write(`${name}: not model-checked: the spec has errors\n`);
      continue;
    }
    const ir = compiled.ir;
    const progress =
      stderr.isTTY && !json ? (line: string) => stderr.write(`\r\u001b[2K${line}`) : null;
    let result: CheckResult | null = null;
    let graph: ReachableGraph | null = null;
    let failure: ModelEvaluationError | TlcOutputError | null = null;
    const started = performance.now();
    // The outputs are emitted once: TLC runs on the module the TLA+ backend writes, and the
    // suite is planned on the search this check made (asked for only after it).
    const build = new Build(ir, {
      search: () => suiteSearch(ir, limits, started, graph, result, failure)(),
      layout: project.layout,
    });
    try {
      // The explorer's search is also the conformance suite's graph; TLC runs on its own.
      if (choice.kind === 'explorer')
        result = (graph = exploreGraph(ir, { limits, onProgress: explorerProgress(progress) }))
          .result;
      else
        result = await modelCheck(ir, choice, {
          workers: options.workers,
          progress,
          limits,
          emitted: tlaFiles(build),
          track: trackTlc,
        });
    } catch (error) {
      if (!(error instanceof ModelEvaluationError || error instanceof TlcOutputError)) throw error;
      failure = error;
    }
    if (progress) stderr.write('\r\u001b[2K');
    const { warnings, clash } = regenerateOutputs(
      spec,
      project,
      build,
      claims,
      json ? null : stdout,
    );
    const failClash = (r: object): object => (clash ? { ...r, result: 'error', error: clash } : r);
    if (clash) ok = false;
    const diagnostics = diagnosticsJson([...compiled.diagnostics, ...warnings]);
    if (warnings.length > 0 && !json)
      stdout.write(
        `${renderDiagnostics(warnings, options.format, new Map([[name, text]]), stdout)}\n`,
      );
    if (failure instanceof TlcOutputError) {
      ok = false;
      const details = failure.details.map((d) => `  | ${d.replace(/\n/g, '\n  | ')}`).join('\n');
      if (json)
        results.push({
          spec: name,
          result: 'error',
          error: failure.message,
          details: failure.details,
          diagnostics,
        });
      else stdout.write(`${name}: TLC did not finish: ${failure.message}\n${details}\n`);
      continue;
    }
    if (failure || !result) {
      // The model cannot be evaluated (an integer overflow): TLC and the explorer say it alike.
      ok = false;
      const f = failure!;
      if (json)
        results.push({
          spec: name,
          checker: f.checker,
          result: 'error',
          error: f.message,
          trace: f.trace.steps,
          diagnostics,
        });
      else {
        const [, ...steps] = formatTrace(name, f.trace, timeVarNames(ir));
        const header = `the behaviour up to the evaluation, ${f.trace.steps.length} state${f.trace.steps.length === 1 ? '' : 's'}:`;
        stdout.write(
          `${name}: ERROR: ${f.message}\n${[header, ...steps].map((l) => `    ${l}`).join('\n')}\n`,
        );
      }
      continue;
    }
    if (result.result !== 'pass') ok = false;
    if (json) results.push(failClash(resultJson(name, result, diagnostics)));
    else stdout.write(`${formatResult(name, result, timeVarNames(ir))}\n`);
    // A counterexample of a project spec becomes a regression trace its conformance suite replays.
    if (spec.inProject)
      for (const v of result.violations)
        if (v.trace.steps.length > 0) {
          let file;
          try {
            file = saveCounterexample(
              project.root,
              ir,
              v.property,
              result.checker,
              v.trace,
              project.layout.tla,
            );
          } catch (error) {
            if (error instanceof WriteFilesError) throw new CliError(error.message);
            throw error;
          }
          if (!json)
            stdout.write(
              `saved the counterexample to ${displayPath(file)} (replayed by the conformance suite)\n`,
            );
        }
  }
  if (json)
    stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
  return ok ? 0 : 1;
}

/** The search the conformance suite is built on: the explorer's own, or, after TLC, one
 *  sharing the limits — what is left of the time, and none at all when TLC stopped at one
 *  (the same states and depth would stop it too). An overflow the explorer found is the
 *  suite's too. */
function suiteSearch(
  ir: IrMachine,
  limits: SearchLimits,
  started: number,
  graph: ReachableGraph | null,
  result: CheckResult | null,
  failure: ModelEvaluationError | TlcOutputError | null,
): () => ReachableGraph {
  if (failure instanceof ModelEvaluationError && failure.checker === 'explorer')
    return () => {
      throw failure;
    };
  if (graph) return () => graph;
  const stopped = result?.stopped;
  if (stopped)
    return () => {
      throw new ConformanceUnavailableError(
        `the conformance suite needs the whole reachable graph, and TLC's search stopped at ${stopped.detail}`,
      );
    };
  const left =
    limits.timeLimitSeconds === undefined
      ? undefined
      : Math.max(0, limits.timeLimitSeconds - (performance.now() - started) / 1000);
  return () => conformanceSearch(ir, { ...limits, timeLimitSeconds: left });
}

export function timeVarNames(ir: IrMachine): Set<string> {
  return new Set([...ir.vars, ...ir.consts].filter((v) => isTimeType(v.type)).map((v) => v.name));
}

/** The model's warnings (dead require clauses, TTH6001), found on the conformance plan's
 *  graph (the Build's search), for any spec; and, for the project's own specs, which own what
 *  the backends emit (backends.ts), the stale files rewritten where the layout puts them, all
 *  or none. Any other spec's outputs are not written, and it says why; when a limit stops the
 *  graph's search, nothing is rewritten and the reason is printed. */
function regenerateOutputs(
  spec: SpecInput,
  project: Project,
  build: Build,
  claims: OutputClaims,
  out: Out | null,
): { readonly warnings: readonly Diagnostic[]; readonly clash: string | null } {
  let emitted;
  try {
    emitted = spec.inProject ? emitAll(build) : { files: [], warnings: warningsOf(build) };
  } catch (error) {
    if (!(error instanceof ConformanceUnavailableError)) throw error;
    if (spec.inProject)
      out?.write(
        `${spec.name}: outputs not regenerated: ${error.message} (run \`tether generate\`)\n`,
      );
    return { warnings: [], clash: null };
  }
  if (!spec.inProject) {
    out?.write(
      `${spec.name}: outputs not regenerated: not one of the project's specs (${describeProject(project, process.cwd())})\n`,
    );
    return { warnings: emitted.warnings, clash: null };
  }
  // Two specs of one check writing one file (fooBar and foo_bar): the later one's outputs are
  // not written, as generate refuses them (project/generate.ts).
  const clash = claims.files(spec.name, emitted.files);
  if (clash) {
    const message = `outputs not regenerated: ${clash}`;
    out?.write(`${spec.name}: ${message}\n`);
    return { warnings: emitted.warnings, clash: message };
  }
  const stale = emitted.files.filter((f) => isStale(project.root, f));
  writeOutputs(project.root, stale);
  for (const f of stale) out?.write(`regenerated ${f.path}\n`);
  return { warnings: emitted.warnings, clash: null };
}
