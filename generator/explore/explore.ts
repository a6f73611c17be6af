// The built-in explorer: an exhaustive breadth-first search of the model (semantics/model.ts)
// that checks what TLC checks on the emitted module — TypeOK, the spec's invariants and step
// properties, every transition's ensures, determinism, version increments, terminal
// absorption, deadlock — and the temporal properties under the declared fairness
// (liveness.ts). Counterexamples are shortest paths (BFS), printed in spec terms. The search
// stops at the user's limits (states, depth, time) and before the heap runs out, with a
// result that says how far it got.

import { getHeapStatistics } from 'node:v8';
import type { IrExpr, IrLoc, IrMachine, IrProperty, IrTemporal } from '../lower/ir.ts';
import { IntegerOverflowError, STATE_SLOT, VERSION_SLOT } from '../semantics/compile.ts';
import { Model, slotNames, VERSION_MODULUS, type StepLabel } from '../semantics/model.ts';
import { showValue, valueKey, type Value } from '../semantics/values.ts';
import {
  checkTemporal,
  UnsupportedPropertyError,
  type LivenessViolation,
  type StateGraph,
} from './liveness.ts';
import { BUILTIN } from './builtin.ts';
import { ModelEvaluationError, overflowMessage, type EvaluationSite } from './evaluation-error.ts';
import {
  decideStatuses,
  modelBoundsOf,
  verdictOf,
  type CheckResult,
  type PropertyKind,
  type SearchStop,
  type Trace,
  type TraceStep,
  type Violation,
} from './result.ts';

/** How far a search may go (`tether check --max-states/--max-depth/--time-limit`). */
export interface SearchLimits {
  /** Stop when the model has more than this many distinct states. */
  readonly maxStates?: number | undefined;
  /** Expand no state deeper than this (the initial states are at depth 1): the successors of
   *  a state at this depth are checked (invariants, steps) but not explored, as TLC does
   *  under the state constraint `TLCGet("level") <= N`. A search that reaches this depth is
   *  incomplete. */
  readonly maxDepth?: number | undefined;
  /** Stop after this many seconds. */
  readonly timeLimitSeconds?: number | undefined;
}

/** The most states a JavaScript Map holds (V8): the explorer's index of states. */
export const MAX_MAP_SIZE = 2 ** 24;
/** The explorer stops when this share of the old space is in use (it keeps every state):
 *  past it, one more growth of its tables could exhaust the heap. */
const HEAP_GUARD = 0.75;
/** V8's heap_size_limit counts the young generation (three 16 MB semi-spaces on 64-bit) on
 *  top of the old space (--max-old-space-size), where the states live. */
const YOUNG_GENERATION = 48 * 2 ** 20;
/** How often (in expanded states) the clock and the heap are looked at. */
const GUARD_EVERY = 1024;

export interface ExploreOptions {
  readonly limits?: SearchLimits | undefined;
  /** Called about every 50 000 states. */
  readonly onProgress?:
    | ((p: { readonly distinct: number; readonly queue: number; readonly depth: number }) => void)
    | undefined;
  /** Keep every edge with its payload (for the conformance suites), even without temporal properties. */
  readonly keepGraph?: boolean | undefined;
}

/** The reachable graph of a model, in BFS order: the conformance suites are built on it. */
export interface ReachableGraph {
  readonly model: Model;
  readonly result: CheckResult;
  readonly states: readonly (readonly Value[])[];
  /** The canonical key of a model state (the encoding both graphs are compared under). */
  readonly key: (s: readonly Value[]) => string;
  readonly parent: readonly number[];
  readonly parentLabel: readonly (StepLabel | null)[];
  /** Edges of state i: edgeStart[i] .. edgeStart[i + 1] - 1. */
  readonly edgeStart: readonly number[];
  readonly edgeTarget: Int32Array;
  /** A transition index, or model.transitions.length for the clock. */
  readonly edgeLabel: Int32Array;
  /** The payload's index in model.eventPayloads (0 for the clock). */
  readonly edgePayload: Int32Array;
}

/** A growable Int32 array (edges of the state graph). */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}

/** The explorer keeps every state: when the heap is nearly full, the detail of the stop that
 *  ends the search with a result before V8 runs out of memory; else null. */
export function heapFull(): string | null {
  const heap = getHeapStatistics();
  const oldSpace = Math.max(heap.heap_size_limit - YOUNG_GENERATION, heap.heap_size_limit / 2);
  if (heap.used_heap_size <= HEAP_GUARD * oldSpace) return null;
  const mb = (n: number): string => `${Math.round(n / 2 ** 20).toLocaleString('en-US')} MB`;
  return `${mb(heap.used_heap_size)} of the heap's ${mb(oldSpace)} in use; give Node more with NODE_OPTIONS=--max-old-space-size=MB, or use TLC`;
}

export function explore(ir: IrMachine, options: ExploreOptions = {}): CheckResult {
  return new Explorer(ir, options).run();
}

/** Explores the whole model keeping every labelled edge. */
export function exploreGraph(ir: IrMachine, options: ExploreOptions = {}): ReachableGraph {
  const x = new Explorer(ir, { ...options, keepGraph: true });
  const result = x.run();
  return {
    model: x.model,
    result,
    states: x.states,
    key: (s) => x.key(s),
    parent: x.parent,
    parentLabel: x.parentLabel,
    edgeStart: x.edgeStart,
    edgeTarget: x.edgeTarget.data.subarray(0, x.edgeTarget.length),
    edgeLabel: x.edgeLabel.data.subarray(0, x.edgeLabel.length),
    edgePayload: x.edgePayload.data.subarray(0, x.edgePayload.length),
  };
}

class Explorer {
  readonly model: Model;
  readonly ids = new Map<string, number>();
  readonly states: Value[][] = [];
  readonly parent: number[] = [];
  readonly parentLabel: (StepLabel | null)[] = [];
  readonly level: number[] = [];
  readonly violations = new Map<string, Violation>();
  readonly keepGraph: boolean;
  readonly edgeStart: number[] = [];
  readonly edgeTarget = new IntList();
  /** Label of an edge: a transition index, or transitions.length for the clock. */
  readonly edgeLabel = new IntList();
  readonly edgePayload = new IntList();
  /** The steps to states past the model's bounds (rule 10), per state like the edges. */
  readonly cutStart: number[] = [];
  readonly cutLabel = new IntList();
  readonly cutPayload = new IntList();
  readonly slotNames: readonly string[];
  statesGenerated = 0;
  readonly unsupported = new Map<string, string>();
  /** Set when a limit stopped the search. */
  stop: SearchStop | null = null;
  readonly startedAt = performance.now();
  /** What is being evaluated, for an overflow's message and trace (see evaluationFailure). */
  readonly evaluating: {
    site: EvaluationSite;
    from: number;
    label: StepLabel | null;
    next: readonly Value[] | null;
  } = {
    site: site('the initial state', null),
    from: -1,
    label: null,
    next: null,
  };
  /** Evaluation sites, made once: per transition (guards, assignments, ensures), invariant
   *  and step property. */
  readonly transitionSites: readonly EvaluationSite[];
  readonly invariantSites: readonly EvaluationSite[];
  readonly stepSites: readonly EvaluationSite[];
  readonly deterministicSite = site(`invariant ${BUILTIN.deterministic}`, null);

  constructor(
    readonly ir: IrMachine,
    readonly options: ExploreOptions,
  ) {
    this.model = new Model(ir);
    this.keepGraph = ir.properties.length > 0 || options.keepGraph === true;
    this.slotNames = slotNames(this.model.layout);
    this.transitionSites = ir.transitions.map((t) => site(`transition ${t.name}`, t.loc));
    this.invariantSites = ir.invariants.map((i) => site(`invariant ${i.name}`, i.loc));
    this.stepSites = ir.steps.map((st) => site(`step property ${st.name}`, st.loc));
  }

  evaluate(
    where: EvaluationSite,
    from: number,
    label: StepLabel | null,
    next: readonly Value[] | null,
  ): void {
    const e = this.evaluating;
    e.site = where;
    e.from = from;
    e.label = label;
    e.next = next;
  }

  /** An overflow where it happened, with the behaviour that led there, in spec terms. */
  evaluationFailure(error: IntegerOverflowError): ModelEvaluationError {
    const { site: where, from, label, next } = this.evaluating;
    return new ModelEvaluationError(
      'explorer',
      overflowMessage(this.ir.source, where, error.computation, error.result),
      this.traceAt(from, label, next),
    );
  }

  /** Stops the search at a limit (the first one reached is the one reported). */
  stopAt(limit: SearchStop['limit'], detail: string): void {
    this.stop ??= { limit, detail, seconds: this.seconds() };
  }

  seconds(): number {
    return Math.round(performance.now() - this.startedAt) / 1000;
  }

  /** The time limit and the memory guard, looked at every GUARD_EVERY expanded states. */
  checkGuards(): void {
    const limits = this.options.limits;
    if (
      limits?.timeLimitSeconds !== undefined &&
      performance.now() - this.startedAt >= limits.timeLimitSeconds * 1000
    )
      return this.stopAt('time', `--time-limit ${limits.timeLimitSeconds}`);
    const full = heapFull();
    if (full) this.stopAt('memory', full);
  }

  key(s: readonly Value[]): string {
    let k = '';
    for (let i = 0; i < s.length; i++) k += (i ? '|' : '') + valueKey(s[i]!);
    return k;
  }

  run(): CheckResult {
    try {
      return this.search();
    } catch (error) {
      if (error instanceof IntegerOverflowError) throw this.evaluationFailure(error);
      throw error;
    }
  }

  search(): CheckResult {
    const m = this.model;
    const maxDepth = this.options.limits?.maxDepth;
    this.evaluate(site('the initial state', null), -1, null, null);
    for (const s of m.eachInitialState()) {
      this.statesGenerated++;
      // An initial state past the model's bounds is checked, not kept (TLC: its invariants are
      // checked, the constraint keeps it out).
      if (m.inBounds(s)) this.add(s, -1, null);
      else this.checkState(s, -1, null, s);
      if (this.stop) break;
    }
    const clockLabel = m.transitions.length;
    // Like TLC, the search stops at the first safety violation: past it, states may lie
    // outside the model (TypeOK) and the state space need not be finite.
    for (let id = 0; id < this.states.length && this.violations.size === 0 && !this.stop; id++) {
      if (id % GUARD_EVERY === 0 && id > 0) {
        this.checkGuards();
        if (this.stop) break;
      }
      const s = this.states[id]!;
      const state = s[STATE_SLOT] as string;
      const terminal = m.terminal.has(state);
      // At the depth limit, successors are checked but not kept (TLC's state constraint).
      const frontier = maxDepth !== undefined && this.level[id]! >= maxDepth;
      if (this.keepGraph) {
        this.edgeStart.push(this.edgeTarget.length);
        this.cutStart.push(this.cutLabel.length);
      }
      let successors = 0;
      for (let ev = 0; ev < this.ir.events.length && !this.stop; ev++) {
        const candidates = m.candidates(state, ev);
        if (candidates.length === 0) continue;
        const payloads = m.eventPayloads(ev);
        for (let pi = 0; pi < payloads.length && !this.stop; pi++) {
          const payload = payloads[pi]!;
          for (const t of candidates) {
            this.evaluate(this.transitionSites[t.index]!, id, null, null);
            if (!m.guardHolds(t, s, payload)) continue;
            successors++;
            this.statesGenerated++;
            const next = m.fire(t, s, payload);
            const label: StepLabel = { kind: 'transition', transition: t, payload };
            // As TLC: a new state's invariants first, then the step's properties.
            const cut = !frontier && !m.inBounds(next);
            const target =
              frontier || cut ? this.checkBeyond(next, id, label) : this.add(next, id, label);
            this.checkStep(id, label, next, terminal);
            if (cut) this.cutStep(t.index, pi);
            else if (this.keepGraph && target >= 0) {
              this.edgeTarget.push(target);
              this.edgeLabel.push(t.index);
              this.edgePayload.push(pi);
            }
          }
        }
      }
      const ticked = this.stop ? null : m.tick(s);
      if (ticked) {
        successors++;
        this.statesGenerated++;
        const label: StepLabel = { kind: 'clock' };
        const cut = !frontier && !m.inBounds(ticked);
        const target =
          frontier || cut ? this.checkBeyond(ticked, id, label) : this.add(ticked, id, label);
        if (cut) this.cutStep(clockLabel, 0);
        else if (this.keepGraph && target >= 0) {
          this.edgeTarget.push(target);
          this.edgeLabel.push(clockLabel);
          this.edgePayload.push(0);
        }
      }
      if (this.stop) break;
      if (terminal)
        this.statesGenerated++; // the model's Done step: terminal states stutter
      else if (successors === 0)
        this.violate(
          BUILTIN.deadlock,
          'deadlock',
          `deadlock: no transition or clock step is possible in ${state}`,
          this.traceTo(id),
        );
      if (id % 50_000 === 0 && this.options.onProgress)
        this.options.onProgress({
          distinct: this.states.length,
          queue: this.states.length - id,
          depth: this.level[id]!,
        });
    }
    if (this.keepGraph) {
      this.edgeStart.push(this.edgeTarget.length);
      this.cutStart.push(this.cutLabel.length);
    }
    // Reaching the depth limit makes the search incomplete, whatever lies beyond (TLC cannot
    // tell either: its constraint prunes the successors it has not yet seen).
    if (
      maxDepth !== undefined &&
      !this.stop &&
      this.violations.size === 0 &&
      this.level.some((l) => l >= maxDepth)
    )
      this.stopAt('depth', `--max-depth ${maxDepth}`);

    // Temporal properties need the whole graph: checked only when the safety search completed.
    if (this.keepGraph && this.violations.size === 0 && !this.stop) {
      const graph: StateGraph = {
        states: this.states,
        edgeStart: this.edgeStart,
        edgeTarget: this.edgeTarget.data,
        edgeLabel: this.edgeLabel.data,
        edgePayload: this.edgePayload.data,
        cut: {
          start: this.cutStart,
          edgeLabel: this.cutLabel.data,
          edgePayload: this.cutPayload.data,
        },
        initialCount: this.states.filter((_, i) => this.parent[i] === -1).length,
        parent: this.parent,
        clockLabel,
      };
      for (const p of this.ir.properties) {
        this.evaluatePredicates(p);
        this.evaluate(site(`property ${p.name}`, p.loc), -1, null, null);
        let found;
        try {
          found = checkTemporal(this.model, graph, p);
        } catch (error) {
          if (!(error instanceof UnsupportedPropertyError)) throw error;
          this.unsupported.set(p.name, `property ${p.name}: ${error.message}`);
          continue;
        }
        if (found) this.violate(p.name, 'temporal', found.message, this.lasso(found));
      }
    }
    return this.result();
  }

  /** Evaluates every state predicate of a temporal property on every reachable state, as
   *  TLC does when it builds its behaviour graph: a predicate that overflows anywhere (IR
   *  rule 9) is an error in both checkers, whichever states the liveness check reads. */
  evaluatePredicates(p: IrProperty): void {
    const predicates: IrExpr[] = [];
    const collect = (f: IrTemporal): void => {
      if (f.kind === 'predicate') predicates.push(f.expr);
      else if (f.kind === 'always' || f.kind === 'eventually') collect(f.body);
      else {
        collect(f.left);
        collect(f.right);
      }
    };
    collect(p.formula);
    const compiled = predicates.map((e) => this.model.compileStatePredicate(e));
    const propertySite = site(`property ${p.name}`, p.loc);
    for (let id = 0; id < this.states.length; id++) {
      const f = this.model.frame(this.states[id]!);
      this.evaluate(propertySite, id, null, null);
      for (const c of compiled) c(f);
    }
  }

  /** Adds a state if new (checking the state properties); returns its id, or -1 when a
   *  limit stopped the search instead. */
  add(s: Value[], from: number, label: StepLabel | null): number {
    const k = this.key(s);
    const known = this.ids.get(k);
    if (known !== undefined) return known;
    const id = this.states.length;
    const maxStates = this.options.limits?.maxStates;
    if (maxStates !== undefined && id >= maxStates) {
      this.stopAt('states', `--max-states ${maxStates}`);
      return -1;
    }
    if (id >= MAX_MAP_SIZE - 1) {
      this.stopAt(
        'memory',
        `the explorer's index of states (a JavaScript Map holds at most ${MAX_MAP_SIZE.toLocaleString('en-US')}; use TLC)`,
      );
      return -1;
    }
    this.ids.set(k, id);
    this.states.push(s);
    this.parent.push(from);
    this.parentLabel.push(label);
    this.level.push(from < 0 ? 1 : this.level[from]! + 1);
    this.checkState(s, id, null, null);
    return id;
  }

  /** A step to a state past the model's bounds (rule 10): kept for liveness, where its
   *  action is ENABLED in the state it leaves. */
  cutStep(label: number, payload: number): void {
    if (!this.keepGraph) return;
    this.cutLabel.push(label);
    this.cutPayload.push(payload);
  }

  /** A successor past the depth limit or the model's bounds: checked like a new state, never
   *  kept (TLC checks the invariants of a state its constraint excludes). Returns its id when
   *  it is known. */
  checkBeyond(s: Value[], from: number, label: StepLabel): number {
    const known = this.ids.get(this.key(s));
    if (known !== undefined) return known;
    this.checkState(s, from, label, s);
    return -1;
  }

  /** The state properties, in TLC's INVARIANT order: TypeOK, the spec's, Deterministic. The
   *  state is reached by `label` from `from` (kept states: from is the state itself, label
   *  null), which locates a failure's trace. */
  checkState(
    s: readonly Value[],
    from: number,
    label: StepLabel | null,
    next: readonly Value[] | null,
  ): void {
    const domains = this.model.slotDomains;
    for (let i = 0; i < s.length; i++) {
      // TypeOK is a membership test, never an enumeration (IR rule 9).
      const domain = domains[i];
      if (domain && !domain.has(s[i]!))
        this.violate(
          BUILTIN.typeOk,
          'invariant',
          `TypeOK: ${this.slotName(i)} = ${showValue(s[i]!)} is outside its declared type`,
          this.traceAt(from, label, next),
        );
    }
    const f = this.model.frame(s);
    this.model.invariants.forEach((inv, i) => {
      this.evaluate(this.invariantSites[i]!, from, label, next);
      if (!inv.test(f))
        this.violate(
          inv.name,
          'invariant',
          `invariant ${inv.name} is violated`,
          this.traceAt(from, label, next),
        );
    });
    this.checkDeterministic(s, from, label, next);
  }

  /** The trace to `from`, then the step `label` to `next` when there is one. */
  traceAt(from: number, label: StepLabel | null, next: readonly Value[] | null): Trace {
    const prefix = from < 0 ? [] : this.traceTo(from).steps;
    return {
      steps: label && next ? [...prefix, this.traceStep(label, next)] : prefix,
      loopStart: null,
      stutters: false,
    };
  }

  /** Deterministic is a state invariant (as in the TLA+ module): checked when the state is
   *  found, so its counterexample is as short as TLC's. */
  checkDeterministic(
    s: readonly Value[],
    from: number,
    label: StepLabel | null,
    next: readonly Value[] | null,
  ): void {
    const m = this.model;
    this.evaluate(this.deterministicSite, from, label, next);
    const state = s[STATE_SLOT] as string;
    for (let ev = 0; ev < this.ir.events.length; ev++) {
      const candidates = m.candidates(state, ev);
      if (candidates.length < 2) continue;
      for (const payload of m.eventPayloads(ev)) {
        const enabled = candidates.filter((t) => m.guardHolds(t, s, payload));
        if (enabled.length > 1) {
          const names = enabled.map((t) => `'${t.ir.name}'`).join(' and ');
          this.violate(
            BUILTIN.deterministic,
            'invariant',
            `transitions ${names} are both enabled in ${state} for this ${this.ir.events[ev]!.name}`,
            this.traceAt(from, label, next),
          );
          return;
        }
      }
    }
  }

  /** The step properties, in TLC's PROPERTY order: the spec's, VersionIncrements,
   *  TerminalAbsorbing, the ensures. */
  checkStep(
    from: number,
    label: Extract<StepLabel, { kind: 'transition' }>,
    next: readonly Value[],
    terminal: boolean,
  ): void {
    const cur = this.states[from]!;
    const t = label.transition;
    const stepFrame = this.model.frame(cur, null, next);
    for (let i = 0; i < this.model.steps.length; i++) {
      const st = this.model.steps[i]!;
      this.evaluate(this.stepSites[i]!, from, label, next);
      if (!st.test(stepFrame))
        this.violateOnStep(
          from,
          label,
          next,
          st.name,
          'step',
          `step property ${st.name} is violated`,
        );
    }
    if (next[VERSION_SLOT] !== ((cur[VERSION_SLOT] as number) + 1) % VERSION_MODULUS)
      this.violateOnStep(
        from,
        label,
        next,
        BUILTIN.versionIncrements,
        'step',
        `'${t.ir.name}' does not add one to version`,
      );
    if (terminal)
      this.violateOnStep(
        from,
        label,
        next,
        BUILTIN.terminalAbsorbing,
        'step',
        `'${t.ir.name}' leaves the terminal state ${cur[STATE_SLOT] as string}`,
      );
    // An ensure reads the new state (and the event): evaluate it with next as the current.
    const ensureFrame = this.model.frame(next, label.payload);
    // An ensure belongs to its transition; TLC evaluates it with the step (the trace ends there).
    this.evaluate(this.transitionSites[t.index]!, from, label, next);
    if (t.ensures.some((e) => !e(ensureFrame)))
      this.violateOnStep(
        from,
        label,
        next,
        BUILTIN.ensures(t.ir.name),
        'step',
        `an ensure of '${t.ir.name}' does not hold after the step`,
      );
  }

  violateOnStep(
    from: number,
    label: StepLabel,
    next: readonly Value[],
    property: string,
    kind: PropertyKind,
    message: string,
  ): void {
    if (this.violations.size > 0) return;
    const steps = [...this.traceTo(from).steps, this.traceStep(label, next)];
    this.violate(property, kind, message, { steps, loopStart: null, stutters: false });
  }

  /** Records a violation. The safety search stops at its first one, as TLC does (the status
   *  rule of result.ts): a later one found on the same state or step is not recorded. The
   *  temporal properties, checked after a complete search, are each decided. */
  violate(property: string, kind: PropertyKind, message: string, trace: Trace): void {
    if (kind !== 'temporal' && this.violations.size > 0) return;
    if (!this.violations.has(property))
      this.violations.set(property, { property, kind, message, trace });
  }

  slotName(i: number): string {
    return this.slotNames[i] ?? `#${i}`;
  }

  namedState(s: readonly Value[]): Record<string, Value> {
    const out: Record<string, Value> = {};
    for (let i = 0; i < s.length; i++) out[this.slotName(i)] = s[i]!;
    return out;
  }

  traceStep(label: StepLabel | null, s: readonly Value[]): TraceStep {
    if (!label) return { action: null, loc: null, event: null, state: this.namedState(s) };
    if (label.kind === 'clock')
      return { action: 'Tick', loc: null, event: null, state: this.namedState(s) };
    const t = label.transition;
    const event = this.ir.events[t.eventIndex]!;
    const payload: Record<string, Value> = {};
    event.fields.forEach((f, i) => (payload[f.name] = label.payload[i]!));
    return {
      action: t.ir.name,
      loc: t.ir.loc,
      event: { name: event.name, payload },
      state: this.namedState(s),
    };
  }

  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let i = id; i >= 0; i = this.parent[i]!) path.push(i);
    return path.reverse();
  }

  traceTo(id: number): Trace {
    return {
      steps: this.pathTo(id).map((i) => this.traceStep(this.parentLabel[i]!, this.states[i]!)),
      loopStart: null,
      stutters: false,
    };
  }

  /** The counterexample as a trace: the BFS path to `prefixEnd`, then `path`; a lasso's
   *  last state steps back to its loop start (TLC's "Back to state"). */
  lasso(found: LivenessViolation): Trace {
    const prefix = this.traceTo(found.prefixEnd).steps;
    const clock = this.model.transitions.length;
    const rest = found.path.map(({ id, label }, i) => {
      const from = i === 0 ? found.prefixEnd : found.path[i - 1]!.id;
      return this.traceStep(
        label === clock ? { kind: 'clock' } : this.labelBetween(from, id, label),
        this.states[id]!,
      );
    });
    const loopStart = found.loopStart === null ? null : prefix.length + found.loopStart;
    return { steps: [...prefix, ...rest], loopStart, stutters: found.stutters };
  }

  /** The step from `from` to `to` by a transition (only targets are stored): find a payload. */
  labelBetween(from: number, to: number, transitionIndex: number): StepLabel {
    const t = this.model.transitions[transitionIndex]!;
    const s = this.states[from]!;
    const target = this.key(this.states[to]!);
    for (const p of this.model.eventPayloads(t.eventIndex))
      if (this.model.guardHolds(t, s, p) && this.key(this.model.fire(t, s, p)) === target)
        return { kind: 'transition', transition: t, payload: p };
    return { kind: 'transition', transition: t, payload: [] };
  }

  result(): CheckResult {
    const depth = this.level.reduce((a, b) => Math.max(a, b), 0);
    // The temporal properties are checked only after a complete safety search (run); a
    // search a limit stopped decides nothing it did not violate.
    const properties = decideStatuses(this.ir, {
      complete:
        this.stop === null && ![...this.violations.values()].some((v) => v.kind !== 'temporal'),
      violated: new Set(this.violations.keys()),
      undecided: new Set(this.unsupported.keys()),
    });
    return {
      checker: 'explorer',
      result: verdictOf(properties),
      stopped: this.violations.size > 0 ? undefined : (this.stop ?? undefined),
      notes: [...this.unsupported.values()],
      distinctStates: this.states.length,
      statesGenerated: this.statesGenerated,
      depth,
      properties,
      violations: [...this.violations.values()],
      bounds: modelBoundsOf(this.ir),
    };
  }
}

function site(what: string, loc: IrLoc | null): EvaluationSite {
  return { what, loc };
}
