// Reads TLC's machine-readable output (`-tool`: every message framed by @!@!@STARTMSG
// code:severity / @!@!@ENDMSG code) into messages, and its traces into spec terms: TLA+
// names mapped back to spec names, trace states to snapshots, the transition and its payload
// recovered from each step's action. read-run.ts turns a whole run into the shared
// CheckResult.

import type { IrMachine } from '../lower/ir.ts';
import type { TraceStep, Violation } from '../explore/result.ts';
import { TlaNaming } from '../names/tla.ts';
import { Model, slotNames, slotType, slotsFrom } from '../semantics/model.ts';
import type { Value } from '../semantics/values.ts';
import { parseTlaValue, tlaToValue, type TlaValue } from './tla-value.ts';

export interface TlcMessage {
  readonly code: number;
  readonly severity: number;
  readonly text: string;
}

/** TLC's message codes that Tether reads (tlc2.output.EC). */
export const MSG = {
  general: 1000,
  invariantViolatedInitial: 2107,
  /** "Property P is violated by the initial state:": a property that is a state predicate
   *  (the module labels it, emit-tla/view-model.ts), checked in the initial states. */
  propertyViolatedInitial: 2108,
  invariantViolated: 2110,
  invariantEvaluationFailed: 2111,
  actionPropertyViolated: 2112,
  deadlock: 2114,
  temporalViolated: 2116,
  /** `N: Back to state: <action ...>`: the last state steps back to state N (1-based). */
  backToState: 2122,
  /** `Checking temporal properties for the complete|current state space ...`. */
  checkingTemporal: 2192,
  success: 2193,
  depth: 2194,
  stats: 2199,
  progress: 2200,
  statePrint: 2217,
  stuttering: 2218,
  /** "The behavior up to this point is:" (each behaviour of a simulation with -continue). */
  behaviourHeader: 2121,
  /** "The error occurred when TLC was evaluating the nested expressions at …" */
  errorPositions: 2103,
  /** "Overflow when computing a*b" (TLC's integers are 32-bit; IR rule 9). */
  overflow: 2178,
} as const;

/** Splits `-tool` output into messages; text outside message frames is kept as code 0. */
export class ToolOutputParser {
  readonly messages: TlcMessage[] = [];
  #buffer = '';
  #open: { code: number; severity: number; lines: string[] } | null = null;
  /** Messages a nested one interrupted (TLC nests, e.g. an overflow inside "Evaluating
   *  invariant X failed"); each is emitted with its own lines when it ends. */
  readonly #outer: { code: number; severity: number; lines: string[] }[] = [];

  constructor(private readonly onMessage: (m: TlcMessage) => void = () => {}) {}

  push(chunk: string): void {
    this.#buffer += chunk;
    let nl = this.#buffer.indexOf('\n');
    while (nl >= 0) {
      this.line(this.#buffer.slice(0, nl).replace(/\r$/, ''));
      this.#buffer = this.#buffer.slice(nl + 1);
      nl = this.#buffer.indexOf('\n');
    }
  }

  end(): TlcMessage[] {
    if (this.#buffer) this.line(this.#buffer);
    this.#buffer = '';
    return this.messages;
  }

  private line(line: string): void {
    const start = /^@!@!@STARTMSG (\d+):(\d+) @!@!@$/.exec(line);
    if (start) {
      if (this.#open) this.#outer.push(this.#open);
      this.#open = { code: Number(start[1]), severity: Number(start[2]), lines: [] };
      return;
    }
    if (/^@!@!@ENDMSG \d+ @!@!@$/.test(line)) {
      if (this.#open)
        this.emit({
          code: this.#open.code,
          severity: this.#open.severity,
          text: this.#open.lines.join('\n').trim(),
        });
      this.#open = this.#outer.pop() ?? null;
      return;
    }
    if (this.#open) this.#open.lines.push(line);
    else if (line.trim()) this.emit({ code: 0, severity: 0, text: line });
  }

  private emit(m: TlcMessage): void {
    this.messages.push(m);
    this.onMessage(m);
  }
}

/** What each TLC exit code means, for the codes that are not a property violation. */
export function describeExitCode(code: number): string {
  switch (code) {
    case 0:
      return 'success';
    case 10:
      return 'an ASSUME of the model does not hold';
    case 11:
      return 'TLC reached a deadlock';
    case 12:
      return 'an invariant is violated';
    case 13:
      return 'a temporal or action property is violated';
    case 14:
      return 'an Assert in the model failed';
    case 75:
      return 'TLC could not evaluate the model (an error in Init or Next)';
    case 76:
      return 'TLC could not evaluate an invariant';
    case 77:
      return 'TLC could not evaluate a temporal property';
    case 150:
      return 'the TLA+ module does not parse (SANY reported errors)';
    case 151:
      return 'TLC could not read the model configuration (.cfg)';
    case 152:
      return 'the state space is too large for TLC';
    case 153:
      return 'TLC hit a system error (memory or disk)';
    case 255:
      return 'TLC failed';
    default:
      return `TLC exited with code ${code}`;
  }
}

export class TlcOutputError extends Error {
  override readonly name = 'TlcOutputError';
  constructor(
    message: string,
    readonly details: readonly string[],
  ) {
    super(message);
  }
}

/** The codes of TLC's messages that report a violation, each followed by its own trace. */
const VIOLATION_CODES: ReadonlySet<number> = new Set([
  MSG.invariantViolatedInitial,
  MSG.propertyViolatedInitial,
  MSG.invariantViolated,
  MSG.actionPropertyViolated,
  MSG.deadlock,
  MSG.temporalViolated,
]);

/** The messages of the first violation TLC reports, up to the next one: TLC may report more
 *  than one (a step property, then a temporal property it checks on the initial states),
 *  each with its own trace; the first is the one Tether reads. */
export function firstError(messages: readonly TlcMessage[]): readonly TlcMessage[] {
  const start = messages.findIndex((m) => VIOLATION_CODES.has(m.code));
  if (start < 0) return messages;
  const end = messages.findIndex((m, i) => i > start && VIOLATION_CODES.has(m.code));
  return messages.slice(start, end < 0 ? undefined : end);
}

/** A trace TLC printed (state messages 2217, in order), in spec terms and as model states. */
export function readTrace(
  ir: IrMachine,
  model: Model,
  messages: readonly TlcMessage[],
  naming: TlaNaming,
): { trace: Violation['trace']; states: Value[][] } {
  const steps: TraceStep[] = [];
  const states: Value[][] = [];
  let loopStart: number | null = null;
  let stutters = false;
  for (const m of messages) {
    // A state message (its header names the action), or TLC's "Invariant X is violated by
    // the initial state:" with the state in its text and no state message: one initial state.
    if (
      m.code === MSG.statePrint ||
      m.code === MSG.invariantViolatedInitial ||
      m.code === MSG.propertyViolatedInitial
    ) {
      const [first = '', ...lines] = m.text.split('\n');
      const header = m.code === MSG.statePrint ? first : '';
      const vars: Record<string, Value> = {};
      // A long value goes on over several lines: each line not starting `/\ x =` continues one.
      const assignments: string[] = [];
      for (const line of lines)
        if (/^\/\\ \w+ = /.test(line.trim())) assignments.push(line.trim());
        else if (assignments.length > 0 && line.trim())
          assignments[assignments.length - 1] += ` ${line.trim()}`;
      for (const a of assignments) {
        const kv = /^\/\\ (\w+) = ([\s\S]*)$/.exec(a);
        if (!kv) continue;
        const name = naming.specName(kv[1]!);
        if (name !== 'state' && name !== 'version' && !model.layout.slots.has(name)) continue;
        vars[name] = tlaToValue(parseTlaValue(kv[2]!), slotType(ir, name));
      }
      const slots = slotsFrom(
        model.layout,
        (name) => vars[name] ?? (name === 'version' ? 0 : null),
      );
      states.push(slots);
      const named: Record<string, Value> = Object.fromEntries(
        slotNames(model.layout).map((name, i) => [name, slots[i]!]),
      );
      steps.push(traceStep(ir, header, named, naming));
    } else if (m.code === MSG.backToState) {
      loopStart = readBackToState(m.text, states.length);
    } else if (m.code === MSG.stuttering) {
      stutters = true;
    }
  }
  return { trace: { steps, loopStart: stutters ? null : loopStart, stutters }, states };
}

/**
 * TLC v1.8.0 prints a lasso's end as `N: Back to state: <action line L, col C ... of module M>`:
 * the last state steps back to state N (1-based) by that action. Only N, the leading number,
 * is the loop start; the action text holds line numbers and model values (`Id1`).
 */
export function readBackToState(text: string, stateCount: number): number {
  const n = /^(\d+): Back to state\b/.exec(text.trim());
  if (!n)
    throw new TlcOutputError("cannot read TLC's lasso: expected 'N: Back to state: ...'", [text]);
  const state = Number(n[1]);
  if (state < 1 || state > stateCount)
    throw new TlcOutputError(
      `cannot read TLC's lasso: it goes back to state ${state} of a ${stateCount}-state trace`,
      [text],
    );
  return state - 1;
}

function traceStep(
  ir: IrMachine,
  header: string,
  state: Record<string, Value>,
  naming: TlaNaming,
): TraceStep {
  const match = /^\d+: <(\w+)(?:\((.*)\))? line \d+, col/.exec(header);
  if (!match) return { action: null, loc: null, event: null, state };
  const action = naming.action(match[1]!);
  if (action?.kind === 'clock') return { action: 'Tick', loc: null, event: null, state };
  const t =
    action?.kind === 'transition'
      ? ir.transitions.find((x) => x.name === action.transition)
      : undefined;
  if (!t) return { action: match[1]!, loc: null, event: null, state };
  const arg =
    action?.kind === 'transition' && action.withPayload && match[2]
      ? parseTlaValue(match[2])
      : null;
  const payload: Record<string, Value> = {};
  if (arg && typeof arg === 'object' && arg !== null && 'record' in arg)
    for (const [k, v] of Object.entries(arg.record)) payload[naming.specName(k)] = toValue(v);
  return { action: t.name, loc: t.loc, event: { name: t.event, payload }, state };
}

function toValue(v: TlaValue): Value {
  if (v !== null && typeof v === 'object' && !Array.isArray(v))
    throw new Error('records and tuples are not snapshot values');
  return v as Value;
}
