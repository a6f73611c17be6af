// `tether check [files...]`: lint each spec, regenerate its stale outputs (specs under
// spec/: TLA+, the engine and its conformance suite), then model-check it with TLC or the
// built-in explorer. The first line says which checker runs. Exit 0 only when every spec has
// no errors and every property holds. A counterexample of a spec under spec/ is saved as an
// ITF trace in tla/traces/<Machine>/, which the conformance suite replays.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileSpec } from '../frontend.ts';
import { emitTla } from '../emit-tla/emit.ts';
import { emitEngine } from '../emit-ts/engine.ts';
import { conformanceOutput } from '../conformance/output.ts';
import { saveCounterexample } from '../conformance/record.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import type { SpecFile } from '../parse/ast.ts';
import { explore } from '../explore/explore.ts';
import type { CheckResult } from '../explore/result.ts';
import type { IrMachine } from '../lower/ir.ts';
import { isTimeType } from '../lower/types.ts';
import { describeChoice, locateChecker, type CheckerChoice } from '../tlc/locate.ts';
import { checkWithTlc } from '../tlc/model-check.ts';
import { tlaModuleName } from '../names/tla.ts';
import { MSG, TlcOutputError } from '../tlc/parse-output.ts';
import { dockerBuildCommand, dockerCommand, dockerImagePresent, javaCommand, type TlcCommand } from '../tlc/run.ts';
import { spawnSync } from 'node:child_process';
import { WriteFilesError } from '../write-files.ts';
import { CliError, displayPath, readSpecFile, writeOutputs } from './io.ts';
import { diagnosticsJson, renderDiagnostics, type Format, type Out } from './output.ts';
import { formatResult, resultJson } from './report.ts';

export interface CheckOptions {
  /** `json` makes check's whole output JSON, as `json: true` does. */
  readonly format: Format;
  readonly json: boolean;
  readonly tlcJar?: string | undefined;
  readonly docker: boolean;
  readonly explorer: boolean;
  readonly workers: number | 'auto';
}

export interface CheckStreams {
  readonly stdout: Out;
  readonly stderr: Out;
}

/** The toolkit's own tla/ folder (where the Dockerfile is), wherever Tether is installed. */
const TOOLKIT_TLA_DIR = fileURLToPath(new URL('../../tla/', import.meta.url));

export async function runCheck(files: readonly string[], options: CheckOptions, streams: CheckStreams): Promise<number> {
  const { stdout, stderr } = streams;
  // With --json (or --format json) stdout is one JSON document and nothing else.
  const json = options.json || options.format === 'json';
  // Read every file first: a missing file is a usage error (exit 2) before any output.
  const inputs = files.map((f) => ({ name: displayPath(f), text: readSpecFile(f) }));
  let choice: CheckerChoice;
  try {
    choice = locateChecker({ tlcJar: options.tlcJar, docker: options.docker, explorer: options.explorer });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (!json) stdout.write(`${describeChoice(choice)}\n`);
  const results: object[] = [];
  let ok = true;
  for (const { name, text } of inputs) {
    const compiled = compileSpec(text, name);
    if (compiled.diagnostics.length > 0 && !json)
      stdout.write(`${renderDiagnostics(compiled.diagnostics, options.format, new Map([[name, text]]), stdout)}\n`);
    if (!compiled.ir) {
      ok = false;
      if (json) results.push({ spec: name, result: 'error', diagnostics: diagnosticsJson(compiled.diagnostics) });
      else stdout.write(`${name}: not model-checked: the spec has errors\n`);
      continue;
    }
    const { warnings, explored } = regenerateOutputs(name, compiled.ir, compiled.ast!, json ? null : stdout);
    const diagnostics = diagnosticsJson([...compiled.diagnostics, ...warnings]);
    if (warnings.length > 0 && !json) stdout.write(`${renderDiagnostics(warnings, options.format, new Map([[name, text]]), stdout)}\n`);
    const progress = stderr.isTTY && !json ? (line: string) => stderr.write(`\r\u001b[2K${line}`) : null;
    let result: CheckResult;
    try {
      // The conformance plan already explored the model: the explorer's verdict is that search.
      result = choice.kind === 'explorer' && explored ? explored : await modelCheck(compiled.ir, choice, options.workers, progress);
    } catch (error) {
      if (progress) stderr.write('\r\u001b[2K');
      if (!(error instanceof TlcOutputError)) throw error;
      ok = false;
      const details = error.details.map((d) => `  | ${d.replace(/\n/g, '\n  | ')}`).join('\n');
      if (json) results.push({ spec: name, result: 'error', error: error.message, details: error.details, diagnostics });
      else stdout.write(`${name}: TLC did not finish: ${error.message}\n${details}\n`);
      continue;
    }
    if (progress) stderr.write('\r\u001b[2K');
    if (result.result !== 'pass') ok = false;
    if (json) results.push(resultJson(name, result, diagnostics));
    else stdout.write(`${formatResult(name, result, timeVarNames(compiled.ir))}\n`);
    // A counterexample of a project spec becomes a regression trace its conformance suite replays.
    if (name.startsWith('spec/') && existsSync('tla'))
      for (const v of result.violations)
        if (v.trace.steps.length > 0) {
          let file;
          try {
            file = saveCounterexample(process.cwd(), compiled.ir, v.property, result.checker, v.trace);
          } catch (error) {
            if (error instanceof WriteFilesError) throw new CliError(error.message);
            throw error;
          }
          if (!json) stdout.write(`saved the counterexample to ${displayPath(file)} (replayed by the conformance suite)\n`);
        }
  }
  if (json) stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
  return ok ? 0 : 1;
}

export function timeVarNames(ir: IrMachine): Set<string> {
  return new Set([...ir.vars, ...ir.consts].filter((v) => isTimeType(v.type)).map((v) => v.name));
}

/** Specs under spec/ own tla/<Machine>.tla and .cfg and generated/<machine>.ts and
 *  <machine>.conformance.test.ts: rewrite the stale ones. Returns the model's warnings
 *  (dead require clauses), found for any spec, and the explorer's result of the search the
 *  conformance plan made (null past the plan's state limit). */
function regenerateOutputs(specPath: string, ir: IrMachine, ast: SpecFile, out: Out | null): { warnings: readonly Diagnostic[]; explored: CheckResult | null } {
  const conformance = conformanceOutput(ir, ast);
  const done = { warnings: conformance.diagnostics, explored: conformance.explored };
  if (!specPath.startsWith('spec/') || !existsSync('tla')) return done;
  const files = emitTla(ir);
  // All or none (write-files.ts): a file that cannot be written leaves every file as it was.
  const stale = [files.module, files.cfg, emitEngine(ir), conformance.file].filter((f) => !existsSync(f.path) || readFileSync(f.path, 'utf8') !== f.content);
  writeOutputs('.', stale);
  for (const f of stale) out?.write(`regenerated ${f.path}\n`);
  return done;
}

export async function modelCheck(
  ir: IrMachine,
  choice: CheckerChoice,
  workers: number | 'auto',
  progress: ((line: string) => void) | null,
): Promise<CheckResult> {
  if (choice.kind === 'explorer')
    return explore(ir, {
      onProgress: progress
        ? (p) => progress(`explorer: ${p.distinct.toLocaleString('en-US')} distinct states, ${p.queue.toLocaleString('en-US')} on the queue, depth ${p.depth}`)
        : undefined,
    });
  let command: (dir: string) => TlcCommand;
  if (choice.kind === 'java') command = () => javaCommand(choice.jar, tlaModuleName(ir.name), workers);
  else {
    if (!dockerImagePresent()) {
      const build = dockerBuildCommand(TOOLKIT_TLA_DIR);
      const r = spawnSync(build.program, [...build.args], { stdio: 'inherit' });
      if (r.status !== 0) throw new TlcOutputError(`building the TLC image failed (${build.program} ${build.args.join(' ')})`, []);
    }
    command = (dir) => dockerCommand(dir, tlaModuleName(ir.name), workers);
  }
  return checkWithTlc(ir, command, (m) => {
    if (!progress || m.code !== MSG.progress) return;
    const p = /Progress\((\d+)\).*?([\d,]+) states generated.*?([\d,]+) distinct states found.*?([\d,]+) states left on queue/.exec(m.text);
    if (p) progress(`TLC: ${p[3]} distinct states, ${p[4]} on the queue, depth ${p[1]}`);
  });
}
