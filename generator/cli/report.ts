// Prints a model-check result in spec terms: the verdict and figures, then each violation
// as the spec's story — every step names its transition and spec line, the event and its
// payload, and only the variables that changed; a liveness lasso shows where its loop
// starts, or that it ends by stuttering.

import type {
  CheckResult,
  PropertyStatus,
  SearchStop,
  Trace,
  TraceStep,
  Violation,
} from '../explore/result.ts';
import { showTime, showValue, valueEquals, type Value } from '../semantics/values.ts';

const KIND: Record<PropertyStatus['kind'], string> = {
  invariant: 'invariant',
  step: 'step property',
  temporal: 'temporal property',
  deadlock: 'deadlock check',
};

export function formatResult(
  file: string,
  r: CheckResult,
  timeVars: ReadonlySet<string> = new Set(),
): string {
  const figures = `${r.distinctStates.toLocaleString('en-US')} distinct states (${r.statesGenerated.toLocaleString('en-US')} generated), depth ${r.depth}`;
  if (r.result === 'pass') {
    const held = r.properties.filter((p) => p.status === 'holds').length;
    // What holds, holds within the model's bounds (IR rule 10): say which.
    const within = r.bounds.length > 0 ? ` within the model's bounds (${r.bounds.join(', ')})` : '';
    return `${file}: pass: ${figures}; all ${held} properties hold${within}`;
  }
  const out = [`${file}: ${r.result === 'fail' ? 'FAIL' : 'INCOMPLETE'}: ${figures}`];
  if (r.bounds.length > 0)
    out.push(`  ? the search kept to the model's bounds: ${r.bounds.join(', ')}`);
  if (r.stopped)
    out.push(
      `  ? ${describeStop(r.stopped)}; no safety violation found so far, and no property is proved`,
    );
  r.violations.forEach((v, i) => {
    // One TLC lasso can break several properties: its trace is printed once.
    const shown = r.violations.slice(0, i).find((w) => w.trace === v.trace);
    out.push(formatViolation(file, r, v, timeVars, shown?.property ?? null));
  });
  for (const note of r.notes) out.push(`  ? ${note}`);
  return out.join('\n');
}

function formatViolation(
  file: string,
  r: CheckResult,
  v: Violation,
  timeVars: ReadonlySet<string>,
  sameTraceAs: string | null,
): string {
  const where = propertyWhere(file, r.properties, v);
  const trace = sameTraceAs
    ? [`counterexample: the one of ${sameTraceAs} above`]
    : formatTrace(file, v.trace, timeVars);
  return [`  ✗ ${v.property}${where}`, `    ${v.message}`, ...trace.map((l) => `    ${l}`)].join(
    '\n',
  );
}

/** Where a violated property is stated: ` (step property, spec/x.tether:3:6)`, or built in. */
export function propertyWhere(
  file: string,
  properties: readonly PropertyStatus[],
  v: { readonly property: string; readonly kind: PropertyStatus['kind'] },
): string {
  const prop = properties.find((p) => p.name === v.property);
  return prop?.loc
    ? ` (${KIND[prop.kind]}, ${file}:${prop.loc.line}:${prop.loc.column})`
    : ` (built-in ${KIND[v.kind]})`;
}

/** A step's event and payload: `on REATTACH { nonce: n1, … }`. */
export function eventLine(event: NonNullable<TraceStep['event']>): string {
  const fields = Object.entries(event.payload).map(([k, v]) => `${k}: ${showValue(v)}`);
  return `on ${event.name}${fields.length ? ` { ${fields.join(', ')} }` : ''}`;
}

/** The variables a step changed, as `name: before → after`. */
export function changedValues(
  before: Readonly<Record<string, Value>>,
  after: Readonly<Record<string, Value>>,
  show: (k: string, v: Value) => string,
): string[] {
  return Object.keys(after)
    .filter((k) => !valueEquals(before[k] ?? null, after[k] ?? null))
    .map((k) => `${k}: ${show(k, before[k] ?? null)} → ${show(k, after[k] ?? null)}`);
}

/** The trace as numbered steps; `version` is shown as counted along the trace, times
 *  (relative in the model) as now, now+N or passed. */
export function formatTrace(
  file: string,
  trace: Trace,
  timeVars: ReadonlySet<string> = new Set(),
): string[] {
  const show = (k: string, v: Value): string => (timeVars.has(k) ? showTime(v) : showValue(v));
  const lines = [
    `counterexample, ${trace.steps.length} state${trace.steps.length === 1 ? '' : 's'}:`,
  ];
  let previous: TraceStep | null = null;
  let version = 0;
  trace.steps.forEach((step, i) => {
    const n = String(i + 1).padStart(3);
    if (step.action && step.action !== 'Tick') version++;
    const shown = { ...step.state, version } as Record<string, Value>;
    if (trace.loopStart === i) lines.push('     ↻ the loop starts here');
    if (!previous) {
      lines.push(`${n}  initial state`);
      lines.push(
        `       ${Object.entries(shown)
          .map(([k, v]) => `${k} = ${show(k, v)}`)
          .join(', ')}`,
      );
    } else {
      const before = {
        ...previous.state,
        version: version - (step.action && step.action !== 'Tick' ? 1 : 0),
      } as Record<string, Value>;
      if (step.action === 'Tick') lines.push(`${n}  Tick: time passes`);
      else if (step.action) {
        const loc = step.loc ? `  ${file}:${step.loc.line}:${step.loc.column}` : '';
        lines.push(`${n}  ${step.action}${loc}`);
        if (step.event) lines.push(`       ${eventLine(step.event)}`);
      } else lines.push(`${n}  (unnamed step)`);
      const changed = changedValues(before, shown, show);
      lines.push(changed.length ? `       ${changed.join(', ')}` : '       (nothing changed)');
    }
    previous = step;
  });
  if (trace.stutters) lines.push('     … and stays in this state forever (stuttering)');
  else if (trace.loopStart !== null)
    lines.push(`     ↻ back to state ${trace.loopStart + 1}, forever`);
  return lines;
}

/** Why and when a search stopped, in the user's terms. */
export function describeStop(stop: SearchStop): string {
  const after = `after ${stop.seconds.toFixed(1)} s`;
  switch (stop.limit) {
    case 'states':
      return `stopped at ${stop.detail} ${after} (the model has more distinct states)`;
    case 'depth':
      return `stopped at ${stop.detail} ${after} (the search reached that depth; deeper states may exist)`;
    case 'time':
      return `stopped at ${stop.detail} ${after}`;
    case 'memory':
      return `stopped ${after}, before memory ran out (${stop.detail})`;
    default: {
      const unreachable: never = stop.limit;
      return unreachable;
    }
  }
}

/** The `--json` shape: the result, the first violation's trace at the top level, the
 *  spec's diagnostics (warnings) in the shape of `lint --format json`, and `stopped`
 *  ({ limit, detail, seconds }) when a limit stopped the search. */
export function resultJson(
  file: string,
  r: CheckResult,
  diagnostics: readonly object[] = [],
): object {
  return {
    spec: file,
    checker: r.checker,
    result: r.result,
    distinctStates: r.distinctStates,
    statesGenerated: r.statesGenerated,
    depth: r.depth,
    properties: r.properties,
    violations: r.violations,
    notes: r.notes,
    bounds: r.bounds,
    trace: r.violations[0]?.trace.steps ?? [],
    diagnostics,
    ...(r.stopped ? { stopped: r.stopped } : {}),
  };
}
