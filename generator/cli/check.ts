// `tether check [files...]`: lint each spec, model-check it with TLC or the built-in
// explorer, then regenerate its stale outputs (specs under spec/: TLA+, the engine and its
// conformance suite, written all or none). The first line says which checker runs. Exit 0
// only when every spec has no errors and every property holds. TLC checks the emitted module
// without any explorer search first; the conformance suite needs the explorer's graph, which
// the explorer's own check provides, or a search after TLC's, bounded by the same limits
// (when a limit stops it, the outputs are left as they are and the reason is printed).
// A counterexample of a spec under spec/ is saved as an ITF trace in tla/traces/<Machine>/,
// which the conformance suite replays.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { emitAll, warningsOf } from '../backends.ts';
import { Build } from '../build.ts';
import { compileSpec } from '../frontend.ts';
import { tlaFiles } from '../emit-tla/backend.ts';
import type { TlaFiles } from '../emit-tla/emit.ts';
import { ConformanceUnavailableError, conformanceSearch } from '../conformance/output.ts';
import { saveCounterexample } from '../conformance/record.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { ModelEvaluationError } from '../explore/evaluation-error.ts';
import {
  explore,
  exploreGraph,
  type ReachableGraph,
  type SearchLimits,
} from '../explore/explore.ts';
import type { CheckResult } from '../explore/result.ts';
import type { IrMachine } from '../lower/ir.ts';
import { isTimeType } from '../lower/types.ts';
import { WriteFilesError } from '../write-files.ts';
import { describeChoice, locateChecker, type CheckerChoice } from '../tlc/locate.ts';
import { checkWithTlc } from '../tlc/model-check.ts';
import { MSG, TlcOutputError } from '../tlc/parse-output.ts';
import {
  dockerBuildCommand,
  dockerCommand,
  dockerImagePresent,
  javaCommand,
  type TlcCommand,
} from '../tlc/run.ts';
import { spawnSync } from 'node:child_process';
import { trackTlc } from './interrupt.ts';
import { CliError, displayPath, readSpecFile, writeOutputs } from './io.ts';
import { diagnosticsJson, renderDiagnostics, type Format, type Out } from './output.ts';
import { formatResult, formatTrace, resultJson } from './report.ts';

export interface CheckOptions {
  /** `json` makes check's whole output JSON, as `json: true` does. */
  readonly format: Format;
  readonly json: boolean;
  readonly tlcJar?: string | undefined;
  readonly docker: boolean;
  readonly explorer: boolean;
  readonly workers: number | 'auto';
  /** --max-states, --max-depth, --time-limit (each search: the check, then the suite's). */
  readonly limits?: SearchLimits | undefined;
}

export interface CheckStreams {
  readonly stdout: Out;
  readonly stderr: Out;
}

/** The toolkit's own tla/ folder (where the Dockerfile is), wherever Tether is installed. */
const TOOLKIT_TLA_DIR = fileURLToPath(new URL('../../tla/', import.meta.url));

export async function runCheck(
  files: readonly string[],
  options: CheckOptions,
  streams: CheckStreams,
): Promise<number> {
  const { stdout, stderr } = streams;
  const limits = options.limits ?? {};
  // With --json (or --format json) stdout is one JSON document and nothing else.
  const json = options.json || options.format === 'json';
  // Read every file first: a missing file is a usage error (exit 2) before any output.
  const inputs = files.map((f) => ({ name: displayPath(f), text: readSpecFile(f) }));
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
  if (!json) stdout.write(`${describeChoice(choice)}\n`);
  const results: object[] = [];
  let ok = true;
  for (const { name, text } of inputs) {
    const compiled = compileSpec(text, name);
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
    });
    try {
      // The explorer's search is also the conformance suite's graph; TLC runs on its own.
      if (choice.kind === 'explorer')
        result = (graph = exploreGraph(ir, { limits, onProgress: explorerProgress(progress) }))
          .result;
      else
        result = await modelCheck(ir, choice, options.workers, progress, limits, tlaFiles(build));
    } catch (error) {
      if (!(error instanceof ModelEvaluationError || error instanceof TlcOutputError)) throw error;
      failure = error;
    }
    if (progress) stderr.write('\r\u001b[2K');
    const warnings = regenerateOutputs(name, build, json ? null : stdout);
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
    if (json) results.push(resultJson(name, result, diagnostics));
    else stdout.write(`${formatResult(name, result, timeVarNames(ir))}\n`);
    // A counterexample of a project spec becomes a regression trace its conformance suite replays.
    if (name.startsWith('spec/') && existsSync('tla'))
      for (const v of result.violations)
        if (v.trace.steps.length > 0) {
          let file;
          try {
            file = saveCounterexample(process.cwd(), ir, v.property, result.checker, v.trace);
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

function explorerProgress(
  progress: ((line: string) => void) | null,
): ((p: { distinct: number; queue: number; depth: number }) => void) | undefined {
  return progress
    ? (p) =>
        progress(
          `explorer: ${p.distinct.toLocaleString('en-US')} distinct states, ${p.queue.toLocaleString('en-US')} on the queue, depth ${p.depth}`,
        )
    : undefined;
}

export function timeVarNames(ir: IrMachine): Set<string> {
  return new Set([...ir.vars, ...ir.consts].filter((v) => isTimeType(v.type)).map((v) => v.name));
}

/** The model's warnings (dead require clauses, TTH6001), found on the conformance plan's
 *  graph (the Build's search), for any spec; and, for specs under spec/, which own what the
 *  backends emit (backends.ts), the stale files rewritten, all or none. When a limit stops the
 *  graph's search, nothing is rewritten and the reason is printed. */
function regenerateOutputs(specPath: string, build: Build, out: Out | null): readonly Diagnostic[] {
  const project = specPath.startsWith('spec/') && existsSync('tla');
  let emitted;
  try {
    emitted = project ? emitAll(build) : { files: [], warnings: warningsOf(build) };
  } catch (error) {
    if (!(error instanceof ConformanceUnavailableError)) throw error;
    if (project)
      out?.write(
        `${specPath}: outputs not regenerated: ${error.message} (run \`tether generate\`)\n`,
      );
    return [];
  }
  const stale = emitted.files.filter(
    (f) => !existsSync(f.path) || readFileSync(f.path, 'utf8') !== f.content,
  );
  writeOutputs('.', stale);
  for (const f of stale) out?.write(`regenerated ${f.path}\n`);
  return emitted.warnings;
}

export async function modelCheck(
  ir: IrMachine,
  choice: CheckerChoice,
  workers: number | 'auto',
  progress: ((line: string) => void) | null,
  limits: SearchLimits = {},
  /** The machine's module as emitted already (TLC's first run checks it as it is). */
  emitted?: TlaFiles,
): Promise<CheckResult> {
  if (choice.kind === 'explorer')
    return explore(ir, { limits, onProgress: explorerProgress(progress) });
  let command: (dir: string, moduleName: string) => TlcCommand;
  if (choice.kind === 'java')
    command = (_dir, moduleName) => javaCommand(choice.jar, moduleName, workers);
  else {
    if (!dockerImagePresent()) {
      const build = dockerBuildCommand(TOOLKIT_TLA_DIR);
      const r = spawnSync(build.program, [...build.args], { stdio: 'inherit' });
      if (r.status !== 0)
        throw new TlcOutputError(
          `building the TLC image failed (${build.program} ${build.args.join(' ')})`,
          [],
        );
    }
    command = (dir, moduleName) => dockerCommand(dir, moduleName, workers);
  }
  return checkWithTlc(
    ir,
    command,
    (m) => {
      if (!progress || m.code !== MSG.progress) return;
      const p =
        /Progress\((\d+)\).*?([\d,]+) states generated.*?([\d,]+) distinct states found.*?([\d,]+) states left on queue/.exec(
          m.text,
        );
      if (p) progress(`TLC: ${p[3]} distinct states, ${p[4]} on the queue, depth ${p[1]}`);
    },
    limits,
    trackTlc,
    emitted,
  );
}
