// `tether check --concurrent N [--blind-write]`: lint each spec, then model-check the race of N
// request handlers over one stored snapshot (race/model.ts) instead of the machine alone; no
// output is regenerated and no trace saved (a race's trace is no behaviour of the machine).
// The report tells each step per handler: what it read and dispatched, what it stored.

import { compileSpec } from '../frontend.ts';
import { ModelEvaluationError } from '../explore/evaluation-error.ts';
import { raceCheck } from '../model-check.ts';
import { RaceSpecError, type RaceOptions } from '../race/model.ts';
import type { RaceResult, RaceTrace, RaceViolation } from '../race/trace.ts';
import { showTime, showValue, valueEquals, type Value } from '../semantics/values.ts';
import { TlcOutputError } from '../tlc/parse-output.ts';
import type { Streams } from './args.ts';
import type { CheckOptions } from './check.ts';
import { chooseChecker, timeVarNames } from './check.ts';
import { trackTlc } from './interrupt.ts';
import { readSpecFile } from './io.ts';
import { diagnosticsJson, renderDiagnostics } from './output.ts';
import type { CliProject } from './project.ts';
import { changedValues, describeStop, eventLine, propertyWhere } from './report.ts';

export async function runRaceCheck(
  cli: CliProject,
  race: RaceOptions,
  options: CheckOptions,
  streams: Streams,
): Promise<number> {
  const { stdout, stderr } = streams;
  const json = options.format === 'json';
  const inputs = cli.specs.map((spec) => ({
    name: spec.name,
    text: readSpecFile(spec.path, spec.given),
  }));
  const choice = chooseChecker(options, json ? null : stdout);
  const results: object[] = [];
  let ok = true;
  for (const { name, text } of inputs) {
    const compiled = compileSpec(text, name);
    if (compiled.diagnostics.length > 0 && !json)
      stdout.write(
        `${renderDiagnostics(compiled.diagnostics, options.format, new Map([[name, text]]), stdout)}\n`,
      );
    const diagnostics = diagnosticsJson(compiled.diagnostics);
    if (!compiled.ir) {
      ok = false;
      if (json) results.push({ spec: name, result: 'error', diagnostics });
      else stdout.write(`${name}: not model-checked: the spec has errors\n`);
      continue;
    }
    const ir = compiled.ir;
    const progress =
      stderr.isTTY && !json ? (line: string) => stderr.write(`\r\u001b[2K${line}`) : null;
    let result: RaceResult;
    try {
      result = await raceCheck(ir, race, choice, {
        workers: options.workers,
        progress,
        limits: options.limits ?? {},
        track: trackTlc,
      });
    } catch (error) {
      if (progress) stderr.write('\r\u001b[2K');
      if (!(
        error instanceof ModelEvaluationError ||
        error instanceof TlcOutputError ||
        error instanceof RaceSpecError
      ))
        throw error;
      ok = false;
      const details = error instanceof TlcOutputError ? error.details : [];
      if (json)
        results.push({
          spec: name,
          checker: choice.kind === 'explorer' ? 'explorer' : 'tlc',
          result: 'error',
          error: error.message,
          details,
          diagnostics,
        });
      else
        stdout.write(
          `${name}: ${error instanceof TlcOutputError ? 'TLC did not finish' : error instanceof RaceSpecError ? 'not race-checked' : 'ERROR'}: ${error.message}\n${details.map((d) => `  | ${d.replace(/\n/g, '\n  | ')}\n`).join('')}`,
        );
      continue;
    }
    if (progress) stderr.write('\r\u001b[2K');
    if (result.result !== 'pass') ok = false;
    if (json) results.push({ spec: name, ...result, diagnostics });
    else stdout.write(`${formatRaceResult(name, result, timeVarNames(ir))}\n`);
  }
  if (json)
    stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
  return ok ? 0 : 1;
}

export function formatRaceResult(
  file: string,
  r: RaceResult,
  timeVars: ReadonlySet<string> = new Set(),
): string {
  const what = `the race of ${r.handlers} handler${r.handlers === 1 ? '' : 's'} storing by ${r.write === 'blind' ? 'blind write' : 'compare-and-set'}`;
  const figures = `${r.distinctStates.toLocaleString('en-US')} distinct states (${r.statesGenerated.toLocaleString('en-US')} generated), depth ${r.depth}`;
  if (r.result === 'pass') {
    const held = r.properties.filter((p) => p.status === 'holds').length;
    return `${file}: ${what}: pass: ${figures}; all ${held} properties hold over the stored snapshot (liveness is not checked in a race)`;
  }
  const out = [`${file}: ${what}: ${r.result === 'fail' ? 'FAIL' : 'INCOMPLETE'}: ${figures}`];
  if (r.stopped)
    out.push(
      `  ? ${describeStop(r.stopped)}; no violation found so far, and no property is proved`,
    );
  for (const v of r.violations) out.push(formatRaceViolation(file, r, v, timeVars));
  return out.join('\n');
}

function formatRaceViolation(
  file: string,
  r: RaceResult,
  v: RaceViolation,
  timeVars: ReadonlySet<string>,
): string {
  return [
    `  ✗ ${v.property}${propertyWhere(file, r.properties, v)}`,
    `    ${v.message}`,
    ...formatRaceTrace(file, v.trace, timeVars).map((l) => `    ${l}`),
  ].join('\n');
}

/** The trace as numbered steps: who did what, and what changed in the stored snapshot. */
export function formatRaceTrace(
  file: string,
  trace: RaceTrace,
  timeVars: ReadonlySet<string> = new Set(),
): string[] {
  const show = (k: string, v: Value): string => (timeVars.has(k) ? showTime(v) : showValue(v));
  const lines = [
    `counterexample, ${trace.steps.length} state${trace.steps.length === 1 ? '' : 's'}:`,
  ];
  trace.steps.forEach((step, i) => {
    const n = String(i + 1).padStart(3);
    const a = step.action;
    if (i > 0 && !a) {
      lines.push(`${n}  (a step the race cannot name)`);
      return;
    }
    if (i === 0 || !a) {
      lines.push(`${n}  initial state`);
      lines.push(
        `       stored: ${Object.entries(step.stored)
          .map(([k, v]) => `${k} = ${show(k, v)}`)
          .join(', ')}`,
      );
      lines.push(`       handlers: ${step.handlers.map((h, k) => `${k + 1} ${h}`).join(', ')}`);
      return;
    }
    if (a.kind === 'dispatch') {
      lines.push(
        `${n}  handler ${a.handler} reads version ${a.read} and dispatches: ${a.transition}  ${file}:${a.loc.line}:${a.loc.column}`,
      );
      lines.push(`       ${eventLine(a.event)}`);
      return;
    }
    if (a.kind === 'conflict') {
      lines.push(
        `${n}  handler ${a.handler}'s compare-and-set fails (the stored version moved since its read); it will retry`,
      );
      return;
    }
    lines.push(
      a.kind === 'clock'
        ? `${n}  Tick: time passes`
        : `${n}  handler ${a.handler} stores its snapshot (${a.write === 'blind' ? 'a blind write' : 'compare-and-set'})`,
    );
    const before = trace.steps[i - 1]!.stored;
    const changed = changedValues(before, step.stored, show);
    const versionMoved = !valueEquals(before['version'] ?? null, step.stored['version'] ?? null);
    lines.push(
      changed.length
        ? `       stored: ${changed.join(', ')}${versionMoved ? '' : ` (version stays ${showValue(step.stored['version'] ?? null)})`}`
        : '       (nothing changed)',
    );
  });
  return lines;
}
