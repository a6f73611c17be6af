// The built-in explorer: an exhaustive breadth-first search of the model (semantics/model.ts)
// that checks what TLC checks on the emitted module — TypeOK, the spec's invariants and step
// properties, every transition's ensures, determinism, version increments, terminal
// absorption, deadlock — and the temporal properties under the declared fairness
// (liveness.ts). Counterexamples are shortest paths (BFS), printed in spec terms.

import type { IrMachine } from '../lower/ir.ts';
import { STATE_SLOT, VERSION_SLOT } from '../semantics/compile.ts';
import { Model, slotNames, VERSION_MODULUS, type StepLabel } from '../semantics/model.ts';
import { valueKey, type Value } from '../semantics/values.ts';
import { checkTemporal, UnsupportedPropertyError, type LivenessViolation, type StateGraph } from './liveness.ts';
import { BUILTIN } from './builtin.ts';
import { decideStatuses, verdictOf, type CheckResult, type PropertyKind, type Trace, type TraceStep, type Violation } from './result.ts';

export interface ExploreOptions {
  /** Stop (with an error) past this many distinct states. */
  readonly maxStates?: number | undefined;
  /** Called about every 50 000 states. */
  readonly onProgress?: ((p: { readonly distinct: number; readonly queue: number; readonly depth: number }) => void) | undefined;
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

export class ExploreLimitError extends Error {}

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
  readonly domainKeys: (ReadonlySet<string> | null)[];
  readonly slotNames: readonly string[];
  statesGenerated = 0;
  readonly unsupported = new Map<string, string>();

  constructor(
    readonly ir: IrMachine,
    readonly options: ExploreOptions,
  ) {
    this.model = new Model(ir);
    this.keepGraph = ir.properties.length > 0 || options.keepGraph === true;
    this.slotNames = slotNames(this.model.layout);
    this.domainKeys = this.model.slotDomains.map((d) => (d ? new Set(d.map(valueKey)) : null));
  }

  key(s: readonly Value[]): string {
    let k = '';
    for (let i = 0; i < s.length; i++) k += (i ? '|' : '') + valueKey(s[i]!);
    return k;
  }

  run(): CheckResult {
    const m = this.model;
    for (const s of m.initialStates()) {
      this.statesGenerated++;
      this.add(s, -1, null);
    }
    const clockLabel = m.transitions.length;
    // Like TLC, the search stops at the first safety violation: past it, states may lie
    // outside the model (TypeOK) and the state space need not be finite.
    for (let id = 0; id < this.states.length && this.violations.size === 0; id++) {
      const s = this.states[id]!;
      const state = s[STATE_SLOT] as string;
      const terminal = m.terminal.has(state);
      if (this.keepGraph) this.edgeStart.push(this.edgeTarget.length);
      let successors = 0;
      for (let ev = 0; ev < this.ir.events.length; ev++) {
        const candidates = m.candidates(state, ev);
        if (candidates.length === 0) continue;
        const payloads = m.eventPayloads(ev);
        for (let pi = 0; pi < payloads.length; pi++) {
          const payload = payloads[pi]!;
          for (const t of candidates) {
            if (!m.guardHolds(t, s, payload)) continue;
            successors++;
            this.statesGenerated++;
            const next = m.fire(t, s, payload);
            const label: StepLabel = { kind: 'transition', transition: t, payload };
            // As TLC: a new state's invariants first, then the step's properties.
            const target = this.add(next, id, label);
            this.checkStep(id, label, next, terminal);
            if (this.keepGraph) {
              this.edgeTarget.push(target);
              this.edgeLabel.push(t.index);
              this.edgePayload.push(pi);
            }
          }
        }
      }
      const ticked = m.tick(s);
      if (ticked) {
        successors++;
        this.statesGenerated++;
        const target = this.add(ticked, id, { kind: 'clock' });
        if (this.keepGraph) {
          this.edgeTarget.push(target);
          this.edgeLabel.push(clockLabel);
          this.edgePayload.push(0);
        }
      }
      if (terminal) this.statesGenerated++; // the model's Done step: terminal states stutter
      else if (successors === 0) this.violate(BUILTIN.deadlock, 'deadlock', `deadlock: no transition or clock step is possible in ${state}`, this.traceTo(id));
      if (id % 50_000 === 0 && this.options.onProgress)
        this.options.onProgress({ distinct: this.states.length, queue: this.states.length - id, depth: this.level[id]! });
    }
    if (this.keepGraph) this.edgeStart.push(this.edgeTarget.length);

    // Temporal properties need the whole graph: checked only when the safety search completed.
    if (this.keepGraph && this.violations.size === 0) {
      const graph: StateGraph = {
        states: this.states,
        edgeStart: this.edgeStart,
        edgeTarget: this.edgeTarget.data,
        edgeLabel: this.edgeLabel.data,
        initialCount: this.states.filter((_, i) => this.parent[i] === -1).length,
        parent: this.parent,
        clockLabel,
      };
      for (const p of this.ir.properties) {
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

  /** Adds a state if new (checking the state properties); returns its id. */
  add(s: Value[], from: number, label: StepLabel | null): number {
    const k = this.key(s);
    const known = this.ids.get(k);
    if (known !== undefined) return known;
    const id = this.states.length;
    if (this.options.maxStates !== undefined && id >= this.options.maxStates)
      throw new ExploreLimitError(`more than ${this.options.maxStates} distinct states`);
    this.ids.set(k, id);
    this.states.push(s);
    this.parent.push(from);
    this.parentLabel.push(label);
    this.level.push(from < 0 ? 1 : this.level[from]! + 1);
    this.checkState(id, s);
    return id;
  }

  /** The state properties, in TLC's INVARIANT order: TypeOK, the spec's, Deterministic. */
  checkState(id: number, s: readonly Value[]): void {
    for (let i = 0; i < s.length; i++) {
      const keys = this.domainKeys[i];
      if (keys && !keys.has(valueKey(s[i]!))) {
        const name = this.slotName(i);
        this.violate(BUILTIN.typeOk, 'invariant', `TypeOK: ${name} = ${valueKey(s[i]!)} is outside its declared type`, this.traceTo(id));
      }
    }
    const f = this.model.frame(s);
    for (const inv of this.model.invariants) {
      if (!inv.test(f)) this.violate(inv.name, 'invariant', `invariant ${inv.name} is violated`, this.traceTo(id));
    }
    this.checkDeterministic(id, s);
  }

  /** Deterministic is a state invariant (as in the TLA+ module): checked when the state is
   *  found, so its counterexample is as short as TLC's. */
  checkDeterministic(id: number, s: readonly Value[]): void {
    const m = this.model;
    const state = s[STATE_SLOT] as string;
    for (let ev = 0; ev < this.ir.events.length; ev++) {
      const candidates = m.candidates(state, ev);
      if (candidates.length < 2) continue;
      for (const payload of m.eventPayloads(ev)) {
        const enabled = candidates.filter((t) => m.guardHolds(t, s, payload));
        if (enabled.length > 1) {
          const names = enabled.map((t) => `'${t.ir.name}'`).join(' and ');
          this.violate(BUILTIN.deterministic, 'invariant', `transitions ${names} are both enabled in ${state} for this ${this.ir.events[ev]!.name}`, this.traceTo(id));
          return;
        }
      }
    }
  }

  /** The step properties, in TLC's PROPERTY order: the spec's, VersionIncrements,
   *  TerminalAbsorbing, the ensures. */
  checkStep(from: number, label: Extract<StepLabel, { kind: 'transition' }>, next: readonly Value[], terminal: boolean): void {
    const cur = this.states[from]!;
    const t = label.transition;
    const stepFrame = this.model.frame(cur, null, next);
    for (const st of this.model.steps) {
      if (!st.test(stepFrame)) this.violateOnStep(from, label, next, st.name, 'step', `step property ${st.name} is violated`);
    }
    if (next[VERSION_SLOT] !== ((cur[VERSION_SLOT] as number) + 1) % VERSION_MODULUS)
      this.violateOnStep(from, label, next, BUILTIN.versionIncrements, 'step', `'${t.ir.name}' does not add one to version`);
    if (terminal)
      this.violateOnStep(from, label, next, BUILTIN.terminalAbsorbing, 'step', `'${t.ir.name}' leaves the terminal state ${cur[STATE_SLOT] as string}`);
    // An ensure reads the new state (and the event): evaluate it with next as the current.
    const ensureFrame = this.model.frame(next, label.payload);
    if (t.ensures.some((e) => !e(ensureFrame)))
      this.violateOnStep(from, label, next, BUILTIN.ensures(t.ir.name), 'step', `an ensure of '${t.ir.name}' does not hold after the step`);
  }

  violateOnStep(from: number, label: StepLabel, next: readonly Value[], property: string, kind: PropertyKind, message: string): void {
    if (this.violations.size > 0) return;
    const steps = [...this.traceTo(from).steps, this.traceStep(label, next)];
    this.violate(property, kind, message, { steps, loopStart: null, stutters: false });
  }

  /** Records a violation. The safety search stops at its first one, as TLC does (the status
   *  rule of result.ts): a later one found on the same state or step is not recorded. The
   *  temporal properties, checked after a complete search, are each decided. */
  violate(property: string, kind: PropertyKind, message: string, trace: Trace): void {
    if (kind !== 'temporal' && this.violations.size > 0) return;
    if (!this.violations.has(property)) this.violations.set(property, { property, kind, message, trace });
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
    if (label.kind === 'clock') return { action: 'Tick', loc: null, event: null, state: this.namedState(s) };
    const t = label.transition;
    const event = this.ir.events[t.eventIndex]!;
    const payload: Record<string, Value> = {};
    event.fields.forEach((f, i) => (payload[f.name] = label.payload[i]!));
    return { action: t.ir.name, loc: t.ir.loc, event: { name: event.name, payload }, state: this.namedState(s) };
  }

  pathTo(id: number): number[] {
    const path: number[] = [];
    for (let i = id; i >= 0; i = this.parent[i]!) path.push(i);
    return path.reverse();
  }

  traceTo(id: number): Trace {
    return { steps: this.pathTo(id).map((i) => this.traceStep(this.parentLabel[i]!, this.states[i]!)), loopStart: null, stutters: false };
  }

  /** The counterexample as a trace: the BFS path to `prefixEnd`, then `path`; a lasso's
   *  last state steps back to its loop start (TLC's "Back to state"). */
  lasso(found: LivenessViolation): Trace {
    const prefix = this.traceTo(found.prefixEnd).steps;
    const clock = this.model.transitions.length;
    const rest = found.path.map(({ id, label }, i) => {
      const from = i === 0 ? found.prefixEnd : found.path[i - 1]!.id;
      return this.traceStep(label === clock ? { kind: 'clock' } : this.labelBetween(from, id, label), this.states[id]!);
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
      if (this.model.guardHolds(t, s, p) && this.key(this.model.fire(t, s, p)) === target) return { kind: 'transition', transition: t, payload: p };
    return { kind: 'transition', transition: t, payload: [] };
  }

  result(): CheckResult {
    const depth = this.level.reduce((a, b) => Math.max(a, b), 0);
    // The temporal properties are checked only after a complete safety search (run).
    const properties = decideStatuses(this.ir, {
      complete: ![...this.violations.values()].some((v) => v.kind !== 'temporal'),
      violated: new Set(this.violations.keys()),
      undecided: new Set(this.unsupported.keys()),
    });
    return {
      checker: 'explorer',
      result: verdictOf(properties),
      notes: [...this.unsupported.values()],
      distinctStates: this.states.length,
      statesGenerated: this.statesGenerated,
      depth,
      properties,
      violations: [...this.violations.values()],
    };
  }
}
