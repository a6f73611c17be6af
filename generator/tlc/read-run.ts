// One TLC run read into the shared CheckResult (explore/result.ts): its figures, the facts
// the status rule reads, its counterexamples in spec terms (parse-output.ts reads the
// messages and traces) and an integer overflow as the explorer words it. Apart from
// parse-output.ts because an overflow is located in the emitted module (emit-tla/), which
// the conformance suites' runtime, reading traces only, does not load.

import type { IrMachine } from '../lower/ir.ts';
import { BUILTIN } from '../explore/builtin.ts';
import {
  decideStatuses,
  listProperties,
  modelBoundsOf,
  verdictOf,
  type CheckResult,
  type PropertyKind,
  type SearchFacts,
  type SearchStop,
  type Violation,
} from '../explore/result.ts';
import {
  ModelEvaluationError,
  overflowMessage,
  type EvaluationSite,
} from '../explore/evaluation-error.ts';
import { emitTla } from '../emit-tla/emit.ts';
import { TlaNaming } from '../names/tla.ts';
import { Model } from '../semantics/model.ts';
import { holdsOnLasso, safetyParts } from './lasso.ts';
import { labelEnsureStep } from './step-payload.ts';

import {
  describeExitCode,
  firstError,
  MSG,
  readTrace,
  TlcOutputError,
  type TlcMessage,
} from './parse-output.ts';

const count = (s: string): number => Number(s.replace(/,/g, ''));

/** TLC's error for a range of more than 2^31 - 1 values (its intervals are 32-bit). */
const INTERVAL_TOO_LARGE =
  /Size of interval value exceeds the maximum representable size \(32bits\): (-?\d+)\.\.(-?\d+)/;

/** What one TLC run established: the facts the status rule reads, its counterexamples and
 *  figures. */
export interface TlcReading {
  readonly facts: SearchFacts;
  readonly violations: readonly Violation[];
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  /** The limit that stopped TLC (tlc/limits.ts), when one did. */
  readonly stopped?: SearchStop | undefined;
  readonly notes?: readonly string[] | undefined;
}

/** TLC's figures: its final statistics, or its last progress report (a run that was killed). */
export function tlcFigures(messages: readonly TlcMessage[]): {
  distinct: number;
  generated: number;
  depth: number;
} {
  const stats = [...messages]
    .reverse()
    .find((m) => m.code === MSG.stats || m.code === MSG.progress);
  const numbers = stats
    ? /([\d,]+) states generated, ([\d,]+) distinct states found/.exec(stats.text)
    : null;
  const depthMsg = messages.find((m) => m.code === MSG.depth);
  const progressDepth = [...messages].reverse().find((m) => m.code === MSG.progress);
  const depth = depthMsg
    ? count(/is (\d[\d,]*)/.exec(depthMsg.text)?.[1] ?? '0')
    : count(/Progress\((\d+)\)/.exec(progressDepth?.text ?? '')?.[1] ?? '0');
  return {
    distinct: numbers ? count(numbers[2]!) : 0,
    generated: numbers ? count(numbers[1]!) : 0,
    depth,
  };
}

/** Turns TLC's messages and exit code into a result; throws TlcOutputError for a failed run. */
export function interpretTlc(
  ir: IrMachine,
  messages: readonly TlcMessage[],
  exitCode: number,
): CheckResult {
  return resultOfTlc(ir, readTlcRun(ir, messages, exitCode));
}

/** The result of TLC readings, by the status rule of explore/result.ts. */
export function resultOfTlc(ir: IrMachine, r: TlcReading): CheckResult {
  const properties = decideStatuses(ir, r.facts);
  return {
    checker: 'tlc',
    result: verdictOf(properties),
    distinctStates: r.distinctStates,
    statesGenerated: r.statesGenerated,
    depth: r.depth,
    properties,
    violations: r.violations,
    stopped: r.violations.length > 0 ? undefined : r.stopped,
    notes: [...(r.notes ?? [])],
    bounds: modelBoundsOf(ir),
  };
}

/** Reads one TLC run; throws TlcOutputError for a failed run, ModelEvaluationError for an
 *  integer overflow (IR rule 9). `stop`: the limit that stopped TLC (tlc/limits.ts): the
 *  search is then incomplete, and a liveness counterexample on its part of the graph is no
 *  verdict (a temporal property is decided only by a complete search, as in the explorer). */
export function readTlcRun(
  ir: IrMachine,
  messages: readonly TlcMessage[],
  exitCode: number,
  stop: SearchStop | null = null,
  /** The module TLC ran, where an overflow is located (by default emitted again). */
  module?: string,
): TlcReading {
  const model = new Model(ir);
  const { distinct, generated, depth } = tlcFigures(messages);
  const overflow = messages.find((m) => m.code === MSG.overflow || INTERVAL_TOO_LARGE.test(m.text));
  if (overflow) throw overflowError(ir, model, messages, overflow, module);

  const found = interpretViolations(ir, model, messages);
  if (stop && !found.some((v) => v.kind !== 'temporal'))
    return {
      facts: { complete: false, violated: new Set(), undecided: new Set() },
      violations: [],
      distinctStates: distinct,
      statesGenerated: generated,
      depth,
      stopped: stop,
      notes: found.map(
        (v) =>
          `${v.property}: not decided (TLC reported a violation on the part of the graph it searched; a temporal property is decided only by a complete search)`,
      ),
    };
  const violations = found;
  const violationCodes = [10, 11, 12, 13, 14];
  if (violations.length === 0 && exitCode !== 0) {
    const errors = messages
      .filter((m) => m.severity > 0 || m.code === 0 || m.code === MSG.general)
      .flatMap((m) => m.text.split('\n'));
    // Show the error from where it starts (SANY's "***Parse Error***", TLC's "Error:"), not its tail.
    const start = Math.max(
      0,
      errors.findIndex((l) => /\*\*\*|\bError\b|error/.test(l)),
    );
    throw new TlcOutputError(describeExitCode(exitCode), errors.slice(start, start + 15));
  }
  if (violations.length > 0 && !violationCodes.includes(exitCode))
    throw new TlcOutputError(
      `TLC reported a violation but exited with code ${exitCode} (${describeExitCode(exitCode)})`,
      [],
    );
  if (violations.length === 0 && !messages.some((m) => m.code === MSG.success))
    throw new TlcOutputError(
      'TLC finished without reporting success or a violation',
      messages.slice(-8).map((m) => m.text),
    );

  const temporal = violations.length > 0 && violations[0]!.kind === 'temporal';
  // TLC checks liveness on the complete state space at the end of its search, or (rarely)
  // on the current one during it: only the former means every safety property was checked.
  const liveness = [...messages].reverse().find((m) => m.code === MSG.checkingTemporal);
  const facts: SearchFacts = {
    complete:
      violations.length === 0 ||
      (temporal && liveness !== undefined && /\bcomplete state space\b/.test(liveness.text)),
    violated: new Set(violations.map((v) => v.property)),
    // TLC stops at its first counterexample: the temporal properties it does not break are
    // not decided by this run.
    undecided: new Set(
      temporal
        ? ir.properties.map((p) => p.name).filter((n) => !violations.some((v) => v.property === n))
        : [],
    ),
  };
  return {
    facts,
    violations,
    distinctStates: distinct,
    statesGenerated: generated,
    depth,
  };
}

/** TLC's "Overflow when computing a*b", in the words the explorer uses (evaluation-error.ts):
 *  where (the invariant TLC names, else the spec declaration around the innermost position
 *  TLC gives), the computation, and the behaviour up to the state being evaluated. */
function overflowError(
  ir: IrMachine,
  model: Model,
  messages: readonly TlcMessage[],
  overflow: TlcMessage,
  module: string | undefined,
): ModelEvaluationError {
  const naming = new TlaNaming(ir);
  const op = /Overflow when computing (-?\d+)\s*([-+*])\s*(-?\d+)/.exec(overflow.text);
  const interval = INTERVAL_TOO_LARGE.exec(overflow.text);
  const [a, sign, b] = op
    ? [Number(op[1]), op[2]!, Number(op[3])]
    : interval
      ? [Number(interval[1]), '..', Number(interval[2])]
      : [NaN, '?', NaN];
  const result = sign === '+' ? a + b : sign === '-' ? a - b : sign === '*' ? a * b : b - a + 1;
  const computation = op
    ? `${a} ${sign} ${b}`
    : interval
      ? `the size of ${a}..${b}`
      : overflow.text;
  const { trace } = readTrace(ir, model, messages, naming);
  return new ModelEvaluationError(
    'tlc',
    overflowMessage(ir.source, overflowSite(ir, messages, naming, module), computation, result),
    trace,
  );
}

function overflowSite(
  ir: IrMachine,
  messages: readonly TlcMessage[],
  naming: TlaNaming,
  module: string | undefined,
): EvaluationSite {
  const invariant = messages
    .map((m) => /Evaluating invariant (\S+) failed/.exec(m.text))
    .find((x) => x);
  if (invariant) {
    const name = naming.reportName(invariant[1]!);
    const inv = ir.invariants.find((i) => i.name === name);
    if (inv) return { what: `invariant ${inv.name}`, loc: inv.loc };
    if (name === BUILTIN.typeOk || name === BUILTIN.deterministic)
      return { what: `invariant ${name}`, loc: null };
  }
  // TLC's positions (outermost first) are in the machine's module: the definition that holds
  // a position names the spec declaration it comes from.
  const positions = messages.find((m) => m.code === MSG.errorPositions)?.text ?? '';
  const lines = (module ?? emitTla(ir).module.content).split('\n');
  const inModule = new RegExp(
    `Line (\\d+), column \\d+ to line \\d+, column \\d+ in ${naming.module}\\b`,
    'g',
  );
  const sites = [...positions.matchAll(inModule)]
    .map((m) => siteOfLine(ir, lines, Number(m[1]), naming))
    .filter((x): x is EvaluationSite => x !== null);
  return sites.at(-1) ?? { what: 'the model', loc: null };
}

/** The spec declaration a line of the machine's module belongs to (its definition's head). */
function siteOfLine(
  ir: IrMachine,
  lines: readonly string[],
  line: number,
  naming: TlaNaming,
): EvaluationSite | null {
  for (let i = Math.min(line, lines.length) - 1; i >= 0; i--) {
    const head = /^([A-Za-z_]\w*)(?:\(.*\))? ==/.exec(lines[i]!);
    if (!head) continue;
    const op = head[1]!;
    if (op === 'Init') return { what: 'the initial state', loc: null };
    for (const t of ir.transitions) {
      const ops = [
        naming.name(t.name),
        naming.guard(t.name),
        naming.step(t.name),
        naming.enabled(t.name),
        ...(t.ensures.length > 0 ? [naming.ensures(t.name)] : []),
      ];
      if (ops.includes(op)) return { what: `transition ${t.name}`, loc: t.loc };
    }
    const inv = ir.invariants.find((x) => naming.name(x.name) === op);
    if (inv) return { what: `invariant ${inv.name}`, loc: inv.loc };
    const step = ir.steps.find((x) => naming.name(x.name) === op);
    if (step) return { what: `step property ${step.name}`, loc: step.loc };
    const prop = ir.properties.find((x) => naming.name(x.name) === op);
    if (prop) return { what: `property ${prop.name}`, loc: prop.loc };
    return null;
  }
  return null;
}

function interpretViolations(
  ir: IrMachine,
  model: Model,
  messages: readonly TlcMessage[],
): Violation[] {
  // TLA+ names in TLC's output, back to the spec's (names/tla.ts).
  const naming = new TlaNaming(ir);
  const back = (tla: string): string => naming.reportName(tla);

  const trace = readTrace(ir, model, firstError(messages), naming);
  const kindOf = (name: string): PropertyKind =>
    listProperties(ir).find((p) => p.name === name)?.kind ?? 'invariant';
  for (const m of messages) {
    let match: RegExpExecArray | null;
    if (
      (m.code === MSG.invariantViolated ||
        m.code === MSG.invariantViolatedInitial ||
        m.code === MSG.propertyViolatedInitial) &&
      (match = /(?:Invariant|Property) (\S+) is violated/.exec(m.text))
    ) {
      const property = back(match[1]!);
      return [
        {
          property,
          kind: kindOf(property),
          message: `${kindOf(property) === 'temporal' ? 'property' : 'invariant'} ${property} is violated`,
          trace: trace.trace,
        },
      ];
    }
    if (
      m.code === MSG.actionPropertyViolated &&
      (match = /Action property (\S+) is violated/.exec(m.text))
    ) {
      const property = back(match[1]!);
      // Ensures_<t> reads the event: its last step is labelled with a payload that breaks it.
      const ensured = ir.transitions.find((t) => BUILTIN.ensures(t.name) === property);
      return [
        {
          property,
          kind: kindOf(property),
          message: `${kindOf(property) === 'step' ? 'step property' : 'property'} ${property} is violated`,
          trace: ensured
            ? labelEnsureStep(ir, model, trace.trace, trace.states, ensured.name)
            : trace.trace,
        },
      ];
    }
    if (m.code === MSG.deadlock)
      return [
        {
          property: BUILTIN.deadlock,
          kind: 'deadlock',
          message: 'deadlock: no transition or clock step is possible',
          trace: trace.trace,
        },
      ];
    if (m.code === MSG.temporalViolated) {
      // TLC does not say which property its lasso breaks: evaluate each on it. Every one it
      // breaks is violated (a behaviour of the model under its fairness breaks it). A finite
      // trace (no loop, no stuttering: TLC refuted an `always p` part during its search) is
      // no fair behaviour: it refutes only the parts every continuation refutes (safetyParts);
      // the other properties are decided by a later run (model-check.ts).
      const lasso = {
        states: trace.states,
        loopStart: trace.trace.loopStart ?? trace.states.length - 1,
      };
      const finite = trace.trace.loopStart === null && !trace.trace.stutters;
      const onLasso = ir.properties.filter((p) => !holdsOnLasso(model, p.formula, lasso));
      const byPrefix = onLasso.filter((p) =>
        safetyParts(p.formula).some((f) => !holdsOnLasso(model, f, lasso)),
      );
      const broken = (finite && byPrefix.length > 0 ? byPrefix : onLasso).map((p) => p.name);
      if (broken.length === 0)
        throw new Error(
          "TLC's liveness counterexample breaks none of the temporal properties as Tether evaluates them",
        );
      return broken.map((property) => ({
        property,
        kind: 'temporal' as const,
        message: `property ${property} is violated`,
        trace: trace.trace,
      }));
    }
  }
  return [];
}
