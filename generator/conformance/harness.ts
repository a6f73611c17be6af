// The runtime of the generated conformance suites (generated/<machine>.conformance.test.ts):
// the model side of every check. A suite is built from the spec (compiled here, so the
// oracle is always the current IR) and the generated engine's functions; its methods replay
// the planned cases (plan.ts), compare the engine's reachable graph with the explorer's and
// TLC's, run the model-based property test, and replay saved traces. Failures are stated in
// spec terms: states with their variables, events with their fields, times as now+N.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { camel } from '../names/ts.ts';
import { compileSpec } from '../frontend.ts';
import { exploreGraph, type ReachableGraph } from '../explore/explore.ts';
import { lastVersion, type IrMachine } from '../lower/ir.ts';
import { isTimeType, type IrType } from '../lower/types.ts';
import { modelCommands, paramsArbitrary, Run, safeShow } from './commands.ts';
import fc from 'fast-check';
import { STATE_SLOT, VERSION_SLOT } from '../semantics/compile.ts';
import {
  Model,
  opaqueValues,
  slotNames,
  TIME_PASSED,
  VERSION_MODULUS,
} from '../semantics/model.ts';
import { Runtime, type RuntimeEvent, type RuntimeOutcome } from '../semantics/runtime.ts';
import {
  makeSet,
  showTime,
  showValue,
  valueKey,
  type Scalar,
  type Value,
} from '../semantics/values.ts';
import { START_TIME } from './plan.ts';
import { graphDifference, showModelState, showStep } from './graph.ts';
import { emitTla } from '../emit-tla/emit.ts';
import { javaCommand, runTlc } from '../tlc/run.ts';
import { parseTlcDot } from '../tlc/dot.ts';
import { tlcJarHere } from '../tlc/locate.ts';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { itfToTrace, traceCheckModule, traceToItf, type TraceEntry } from './itf.ts';
import { MSG } from '../tlc/parse-output.ts';

/** tla2tools.jar when TLC can run here (TLA2TOOLS_JAR or the cache, with Java), else null:
 *  the TLC cases are skipped, with a notice. */
export const tlcJar: string | null = (() => {
  if (process.env['TETHER_NO_TLC']) return null; // mutation runs: the engine is what changes
  const jar = tlcJarHere();
  if (jar) return jar;
  console.warn(
    '\n  NOTICE: TLC is not available (no Java or no tla2tools.jar): the conformance cases that need TLC are skipped.\n  Set TLA2TOOLS_JAR or run `tether tlc install` to run them.\n',
  );
  return null;
})();

/** A disagreement between the engine and the model, told in spec terms. */
export class ConformanceError extends Error {}

/** A dispatch time, relative to the suite's start time. */
const atTime = (now: number): string =>
  now >= START_TIME ? `now+${now - START_TIME}` : `now-${START_TIME - now}`;

/** What the suites need of a snapshot and an outcome (every generated engine has these). */
export interface EngineSnapshot {
  readonly state: string;
  readonly version: number;
}

export type EngineOutcome<S> =
  | {
      readonly ok: true;
      readonly snapshot: S;
      readonly from: string;
      readonly to: string;
      readonly transition: string;
      readonly reason: string;
    }
  | { readonly ok: false; readonly snapshot: S; readonly reason: string };

export interface EngineUnderTest<S extends EngineSnapshot, E extends { readonly type: string }, I> {
  readonly create: (init: I) => S;
  readonly dispatch: (s: S, e: E, now: number) => EngineOutcome<S>;
  readonly parseEvent: (
    raw: unknown,
  ) => { readonly ok: true; readonly event: E } | { readonly ok: false; readonly error: string };
}

/** The consts of the machine (its init without params and now). */
export type Start<I> = Omit<I, 'params' | 'now'>;

export interface Step<E> {
  readonly at: number;
  readonly event: E;
  /** The state the step must move to. */
  readonly to: string;
}

interface CaseBase<E, I> {
  readonly start: Start<I>;
  readonly path: readonly Step<E>[];
  readonly at: number;
  readonly event: E;
}

export interface AcceptCase<E, I> extends CaseBase<E, I> {
  readonly transition: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

export interface RejectCase<E, I> extends CaseBase<E, I> {
  readonly reason: string;
}

export interface ShadowCase<E, I> extends CaseBase<E, I> {
  readonly outcome:
    | { readonly ok: true; readonly transition: string; readonly reason: string }
    | { readonly ok: false; readonly reason: string };
}

export interface SuiteOptions<
  S extends EngineSnapshot,
  E extends { readonly type: string },
  I,
> extends EngineUnderTest<S, E, I> {
  /** The spec the engine was generated from. */
  readonly spec: URL;
}

export function conformanceSuite<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  options: SuiteOptions<S, E, I>,
): ConformanceSuite<S, E, I> {
  return new ConformanceSuite(options);
}

export class ConformanceSuite<S extends EngineSnapshot, E extends { readonly type: string }, I> {
  readonly ir: IrMachine;
  readonly oracle: Runtime;
  /** The engine runs with the params' model values: one model tick is one millisecond. */
  readonly params: Readonly<Record<string, number | boolean>>;
  readonly specPath: string;
  readonly #engine: EngineUnderTest<S, E, I>;
  #graph: ReachableGraph | null = null;

  constructor(options: SuiteOptions<S, E, I>) {
    this.specPath = fileURLToPath(options.spec);
    const text = readFileSync(this.specPath, 'utf8');
    // Named as `tether generate` names it: relative to the project (the spec folder's parent).
    const compiled = compileSpec(
      text,
      relative(dirname(dirname(this.specPath)), this.specPath)
        .split(sep)
        .join('/'),
    );
    if (!compiled.ir)
      throw new Error(`${this.specPath} does not compile: run \`tether lint\` on it`);
    this.ir = compiled.ir;
    this.oracle = new Runtime(
      this.ir,
      Object.fromEntries(this.ir.params.map((p) => [p.name, p.modelValue])),
    );
    this.params = Object.fromEntries(this.ir.params.map((p) => [camel(p.name), p.modelValue]));
    this.#engine = options;
    this.#fields = [...this.oracle.layout.slots].map(
      ([name, slot]) => [camel(name), slot] as const,
    );
    this.timeSlots = [...this.ir.consts, ...this.ir.vars].flatMap((d) =>
      isTimeType(d.type) ? [this.oracle.layout.slots.get(d.name)!] : [],
    );
  }

  /** The model's reachable graph (explored once per suite). */
  get graph(): ReachableGraph {
    this.#graph ??= exploreGraph(this.ir);
    return this.#graph;
  }

  // ---- conversions between the engine and the IR interpreter ----

  create(
    start: Start<I>,
    now = START_TIME,
    params: Readonly<Record<string, number | boolean>> = this.params,
  ): S {
    return this.#engine.create({ ...start, params, now } as unknown as I);
  }

  readonly #oracles = new Map<string, Runtime>();

  /** The IR interpreter with other param values (by spec name), cached. */
  oracleWith(params: Readonly<Record<string, number | boolean>>): Runtime {
    const key = JSON.stringify(params);
    let o = this.#oracles.get(key);
    if (!o) {
      o = new Runtime(this.ir, params);
      this.#oracles.set(key, o);
    }
    return o;
  }

  /** The engine's consts (its init without params and now) of a model state. */
  startOf(m: readonly Value[]): Start<I> {
    return Object.fromEntries(
      this.ir.consts.map((c) => [camel(c.name), m[this.oracle.layout.slots.get(c.name)!]]),
    ) as Start<I>;
  }

  /** The engine event of a trace step (by its event, so a counterexample still replays once
   *  the spec no longer has its transition). */
  traceEvent(entry: TraceEntry, file: string): E {
    const ev = this.ir.events.findIndex((x) => x.name === entry.event);
    if (ev < 0)
      throw new ConformanceError(
        `${file}: the spec has no event ${entry.event ?? '(none)'} any more`,
      );
    return this.engineEvent(
      ev,
      this.ir.events[ev]!.fields.map((f) => entry.payload[f.name] ?? null),
    );
  }

  /** The oracle's slot array for an engine snapshot (absolute times, sorted sets). */
  slots(s: S): Value[] {
    const out: Value[] = new Array<Value>(this.oracle.layout.size).fill(null);
    out[STATE_SLOT] = s.state;
    out[VERSION_SLOT] = s.version;
    const record = s as unknown as Record<string, unknown>;
    for (const [field, slot] of this.#fields) {
      const v = record[field];
      out[slot] = v instanceof Set ? makeSet([...(v as Set<Scalar>)]) : (v as Value);
    }
    return out;
  }

  /** The engine's field name of each slot. */
  readonly #fields: readonly (readonly [string, number])[];

  /** The model state an engine snapshot stands for at time `now` (relative times clamped at
   *  "passed", version mod 2): the one canonical encoding both graphs are compared under. */
  abstract(s: S, now: number): Value[] {
    const out = this.slots(s);
    out[VERSION_SLOT] = (out[VERSION_SLOT] as number) % VERSION_MODULUS;
    for (const slot of this.timeSlots) {
      const v = out[slot];
      if (typeof v === 'number') out[slot] = Math.max(v - now, TIME_PASSED);
    }
    return out;
  }

  /** The slots that hold times. */
  readonly timeSlots: readonly number[];

  /** The oracle's view of an engine event (spec field names). */
  runtimeEvent(e: E): RuntimeEvent {
    const decl = this.ir.events.find((x) => x.name === e.type);
    const record = e as unknown as Record<string, unknown>;
    const payload: Record<string, Value> = {};
    for (const f of decl?.fields ?? []) {
      const v = record[camel(f.name)];
      payload[f.name] =
        v instanceof Set ? makeSet([...(v as Set<Scalar>)]) : ((v ?? null) as Value);
    }
    const expectedVersion = record.expectedVersion;
    return typeof expectedVersion === 'number'
      ? { type: e.type, payload, expectedVersion }
      : { type: e.type, payload };
  }

  /** An engine event from a model payload (spec field order). */
  engineEvent(eventIndex: number, payload: readonly Value[], expectedVersion?: number): E {
    const decl = this.ir.events[eventIndex]!;
    const out: Record<string, unknown> = { type: decl.name };
    decl.fields.forEach((f, i) => {
      const v = payload[i] ?? null;
      out[camel(f.name)] = Array.isArray(v) ? new Set(v) : v;
    });
    if (expectedVersion !== undefined) out.expectedVersion = expectedVersion;
    return out as unknown as E;
  }

  // ---- printing in spec terms ----

  showEvent(e: E): string {
    const r = this.runtimeEvent(e);
    const fields = Object.entries(r.payload).map(([k, v]) => `${k}: ${showValue(v)}`);
    const version = r.expectedVersion === undefined ? '' : ` expectedVersion ${r.expectedVersion}`;
    return `${e.type}${fields.length ? ` { ${fields.join(', ')} }` : ''}${version}`;
  }

  showSnapshot(s: S, now: number): string {
    const slots = this.slots(s);
    const time = new Set(this.timeSlots);
    const parts = [`state = ${s.state}`, `version = ${s.version}`];
    for (const [name, slot] of this.oracle.layout.slots) {
      const v = slots[slot]!;
      parts.push(
        `${name} = ${time.has(slot) && typeof v === 'number' ? showTime(v - now) : showValue(v)}`,
      );
    }
    return parts.join(', ');
  }

  // ---- the planned cases ----

  /** Creates the machine and replays a case's path, checking every step is accepted. */
  replay(c: CaseBase<E, I>): S {
    let s = this.create(c.start);
    c.path.forEach((step, i) => {
      const o = this.#engine.dispatch(s, step.event, step.at);
      const where = `path step ${i + 1}: ${this.showEvent(step.event)} at ${atTime(step.at)} in ${this.showSnapshot(s, step.at)}`;
      expect(o.ok ? `accepted → ${o.to}` : `rejected ${o.reason}`, where).toBe(
        `accepted → ${step.to}`,
      );
      s = o.snapshot;
    });
    return s;
  }

  /** The transition is taken: target, reason, version + 1, every ensure, the oracle's snapshot. */
  accepts(c: AcceptCase<E, I>): void {
    const s = this.replay(c);
    const o = this.#engine.dispatch(s, c.event, c.at);
    const where = `${this.showEvent(c.event)} in ${this.showSnapshot(s, c.at)}`;
    expect(
      o.ok
        ? `taken by ${o.transition}, ${o.from} -> ${o.to} (${o.reason})`
        : `rejected ${o.reason}`,
      where,
    ).toBe(`taken by ${c.transition}, ${c.from} -> ${c.to} (${c.reason})`);
    expect(o.snapshot.state, where).toBe(c.to);
    expect(o.snapshot.version, `${where}: version + 1`).toBe(s.version + 1);
    const event = this.runtimeEvent(c.event);
    expect(
      this.oracle.failedEnsures(c.transition, this.slots(o.snapshot), event, c.at),
      `${where}: ensures of ${c.transition} (indices of those failing)`,
    ).toEqual([]);
    expect(
      this.oracle.violatedInvariant(this.slots(o.snapshot), c.at),
      `${where}: invariants after the step`,
    ).toBeNull();
    this.expectOracle(s, c.event, c.at, o);
  }

  /** The event is rejected with the reason, and the very same, unchanged snapshot comes back. */
  rejects(c: RejectCase<E, I>): void {
    const s = this.replay(c);
    const before = structuredClone(s);
    const o = this.#engine.dispatch(s, c.event, c.at);
    const where = `${this.showEvent(c.event)} in ${this.showSnapshot(s, c.at)}`;
    expect(o.ok ? `accepted by ${o.transition}` : `rejected ${o.reason}`, where).toBe(
      `rejected ${c.reason}`,
    );
    expect(o.snapshot, `${where}: a rejection returns the same snapshot object`).toBe(s);
    expect(s, `${where}: a rejection changes nothing`).toEqual(before);
    this.expectOracle(s, c.event, c.at, o);
  }

  /** A clause that fails here but does not name the outcome: what the dispatch rule does instead. */
  shadowed(c: ShadowCase<E, I>): void {
    const s = this.replay(c);
    const o = this.#engine.dispatch(s, c.event, c.at);
    const where = `${this.showEvent(c.event)} in ${this.showSnapshot(s, c.at)}`;
    const show = (x: ShadowCase<E, I>['outcome'] | EngineOutcome<S>): string =>
      x.ok ? `taken by ${x.transition} (${x.reason})` : `rejected ${x.reason}`;
    expect(show(o), where).toBe(show(c.outcome));
    if (!o.ok) expect(o.snapshot, `${where}: a rejection returns the same snapshot object`).toBe(s);
    this.expectOracle(s, c.event, c.at, o);
  }

  /** The engine's outcome is the IR interpreter's, snapshot included. */
  expectOracle(
    s: S,
    e: E,
    now: number,
    o: EngineOutcome<S>,
    oracle: Runtime = this.oracle,
  ): RuntimeOutcome {
    const want = oracle.dispatch(this.slots(s), this.runtimeEvent(e), now);
    const where = `${this.showEvent(e)} at ${atTime(now)} in ${this.showSnapshot(s, now)}`;
    const show = (x: EngineOutcome<S> | RuntimeOutcome): string =>
      x.ok
        ? `taken by ${x.transition}, ${x.from} -> ${x.to} (${x.reason})`
        : `rejected ${x.reason}`;
    if (show(o) !== show(want))
      throw new ConformanceError(
        `${where}: the engine says ${show(o)}; the IR interpreter says ${show(want)}`,
      );
    const got = this.slots(o.snapshot);
    const names = slotNames(this.oracle.layout);
    const differ = names.flatMap((_, i) =>
      valueKey(got[i]!) === valueKey(want.snapshot[i]!) ? [] : [i],
    );
    const showSlots = (s: readonly Value[]): string =>
      differ.map((i) => `${names[i]} = ${showValue(s[i]!)}`).join(', ');
    if (differ.length > 0)
      throw new ConformanceError(
        `${where}: after the step the engine has ${showSlots(got)}; the IR interpreter has ${showSlots(want.snapshot)} (absolute times)`,
      );
    return want;
  }

  // ---- graph equivalence ----

  /** Breadth-first search over the engine with payloads from the model's finite domains: it
   *  must yield exactly the explorer's graph (states and labelled edges), and every outcome
   *  on the way (every event and payload in every reachable state, a stale expectedVersion
   *  too) must be the dispatch rule's: the same acceptance or rejection reason, and a
   *  rejection must return the very same snapshot. */
  expectGraphMatchesExplorer(): { states: number; edges: number } {
    const engine = this.engineGraph();
    const diff = graphDifference(this.graph, {
      who: 'the engine',
      order: engine.order,
      edges: (k) => engine.nodes.get(k)?.edges,
      show: (k) => {
        const node = engine.nodes.get(k)!;
        return this.showSnapshot(node.snapshot, node.now);
      },
    });
    // Thrown as they are (not through expect, which would shorten them): they are the story.
    if (diff !== null)
      throw new ConformanceError(`the engine's graph is not the explorer's: ${diff}`);
    if (engine.mismatch !== null)
      throw new ConformanceError(`an outcome is not the dispatch rule's: ${engine.mismatch}`);
    return { states: engine.order.length, edges: engine.edgeCount };
  }

  /** TLC's state graph of the emitted module (`-dump dot,actionlabels`) must be exactly the
   *  explorer's: same states, same labelled edges (TLC's Done stutter on terminal states is the
   *  explorer's implicit one and is left out; TLC repeats some edges, counted once). */
  async expectGraphMatchesTlc(jar: string): Promise<{ states: number; edges: number }> {
    const g = this.graph;
    const files = emitTla(this.ir);
    let dot = '';
    const run = await runTlc(
      { moduleName: files.moduleName, tla: files.module.content, cfg: files.cfg.content },
      () => javaCommand(jar, files.moduleName, 1, ['-dump', 'dot,actionlabels', 'states.dot']),
      () => {},
      (dir) => (dot = readFileSync(join(dir, 'states.dot'), 'utf8')),
    );
    expect(run.exitCode, `TLC exit code (${run.stderr.slice(-400)})`).toBe(0);
    const parsed = parseTlcDot(this.ir, g.model.layout, dot);
    const keyOf = new Map([...parsed.states].map(([id, s]) => [id, g.key(s)]));
    const edges = new Map<string, Map<string, () => string>>();
    const order: string[] = [];
    for (const k of keyOf.values())
      if (!edges.has(k)) {
        edges.set(k, new Map());
        order.push(k);
      }
    let count = 0;
    for (const e of parsed.edges) {
      if (e.action === 'Done') continue;
      const from = edges.get(keyOf.get(e.from)!)!;
      const to = keyOf.get(e.to)!;
      let label = 'Tick';
      let text = (): string => 'Tick (time passes)';
      if (e.action !== 'Tick') {
        const t = this.ir.transitions.find((x) => x.name === e.action);
        const fields = this.ir.events.find((x) => x.name === t?.event)?.fields ?? [];
        const payload = fields.map((f) => e.payload[f.name] ?? null);
        label = edgeLabel(e.action, payload);
        text = () => showStep(g, e.action, payload);
      }
      const edge = `${label} -> ${to}`;
      if (!from.has(edge)) count++;
      from.set(edge, text);
    }
    const diff = graphDifference(g, {
      who: 'TLC',
      order,
      edges: (k) => edges.get(k),
      show: (k) =>
        showModelState(
          g,
          [...parsed.states.values()].find((s) => g.key(s) === k)!,
        ),
    });
    if (diff !== null)
      throw new ConformanceError(`TLC's state graph is not the explorer's: ${diff}`);
    return { states: order.length, edges: count };
  }

  /** The engine's reachable graph: one concrete snapshot (with its clock) per model state. */
  engineGraph(): EngineGraph<S> {
    const g = this.graph;
    const key = g.key;
    const model = g.model;
    const terminal = new Set(this.ir.states.filter((s) => s.terminal).map((s) => s.name));
    const nodes = new Map<string, { snapshot: S; now: number; edges: Map<string, () => string> }>();
    const order: string[] = [];
    const queue: string[] = [];
    const add = (s: S, now: number): string => {
      const k = key(this.abstract(s, now));
      if (!nodes.has(k)) {
        nodes.set(k, { snapshot: s, now, edges: new Map() });
        order.push(k);
        queue.push(k);
      }
      return k;
    };
    for (const init of g.states.filter((_, i) => g.parent[i] === -1))
      add(this.create(this.startOf(init)), START_TIME);
    const events = this.ir.events.map((_, ev) =>
      model.eventPayloads(ev).map((p) => this.engineEvent(ev, p)),
    );
    const modelStates = new Map(g.states.map((s) => [key(s), s]));
    let mismatch: string | null = null;
    let edgeCount = 0;
    for (let q = 0; q < queue.length; q++) {
      const node = nodes.get(queue[q]!)!;
      const { snapshot: s, now } = node;
      const m = modelStates.get(queue[q]!);
      // Every outcome, rejections included, is the dispatch rule's (lower/ir.ts) on the model.
      const compare = (ev: number, payload: readonly Value[], o: EngineOutcome<S>): void => {
        if (mismatch !== null || !m) return;
        const want = this.modelOutcome(m, ev, payload);
        const got = o.ok ? `${o.transition} (${o.reason})` : `rejected ${o.reason}`;
        if (got !== want)
          mismatch = `in ${this.showSnapshot(s, now)}: ${this.showEvent(this.engineEvent(ev, payload))} is ${got} by the engine, ${want} by the model`;
        else if (!o.ok && o.snapshot !== s)
          mismatch = `in ${this.showSnapshot(s, now)}: rejecting ${this.showEvent(this.engineEvent(ev, payload))}, the engine returns another snapshot object`;
      };
      // A stale expectedVersion, for every event type (the first payload of each).
      for (let ev = 0; ev < this.ir.events.length && mismatch === null; ev++) {
        const e = this.engineEvent(ev, model.eventPayloads(ev)[0] ?? [], s.version + 1);
        const stale = this.#engine.dispatch(s, e, now);
        const want = terminal.has(s.state) ? 'TERMINATED' : 'VERSION_MISMATCH';
        if (stale.ok || stale.reason !== want || stale.snapshot !== s)
          mismatch = `in ${this.showSnapshot(s, now)}: ${this.showEvent(e)} is ${stale.ok ? `taken by ${stale.transition}` : `rejected ${stale.reason}`}${stale.snapshot !== s ? ' (another snapshot object)' : ''}; the model says rejected ${want}`;
      }
      for (let ev = 0; ev < this.ir.events.length; ev++) {
        model.eventPayloads(ev).forEach((payload, p) => {
          const o = this.#engine.dispatch(s, events[ev]![p]!, now);
          compare(ev, payload, o);
          if (!o.ok) return;
          node.edges.set(
            `${edgeLabel(o.transition, payload)} -> ${add(o.snapshot, now)}`,
            () => `${o.transition} on ${this.showEvent(this.engineEvent(ev, payload))}`,
          );
          edgeCount++;
        });
      }
      if (!terminal.has(s.state)) {
        const k = key(this.abstract(s, now + 1));
        // Time passing that changes nothing the model sees is stuttering, not a step.
        if (k !== queue[q]) {
          node.edges.set(`Tick -> ${add(s, now + 1)}`, () => 'Tick (time passes)');
          edgeCount++;
        }
      }
    }
    return { nodes, order, edgeCount, mismatch };
  }

  /** What the dispatch rule does with an event in a model state, as the engine graph reads
   *  an outcome: `transition (REASON)` or `rejected REASON`. */
  modelOutcome(m: readonly Value[], ev: number, payload: readonly Value[]): string {
    const model = this.graph.model;
    if (model.terminal.has(m[STATE_SLOT] as string)) return 'rejected TERMINATED';
    const d = model.decide(m, ev, payload);
    if (d.kind === 'accept') return `${d.transition.ir.name} (${d.transition.ir.reason})`;
    if (d.kind === 'none') return 'rejected NO_TRANSITION';
    return `rejected ${d.deciding.transition.ir.requires[d.deciding.clause]!.reason}`;
  }

  // ---- the safety net on arbitrary snapshots ----

  /** The engine snapshot of an oracle slot array (the params' model values). */
  engineSnapshot(
    slots: readonly Value[],
    params: Readonly<Record<string, number | boolean>> = this.params,
  ): S {
    const out: Record<string, unknown> = {
      state: slots[STATE_SLOT],
      version: slots[VERSION_SLOT],
      params,
    };
    for (const [field, slot] of this.#fields) {
      const v = slots[slot];
      out[field] = Array.isArray(v) ? new Set(v) : v;
    }
    return out as unknown as S;
  }

  /** seed §10 on snapshots no run reaches (a store can hand the engine anything its types
   *  allow): the engine checks each step only for what does not hold by construction
   *  (lower/simplify.ts), and that must decide exactly as the IR interpreter's full checks.
   *  Every slot is drawn from its TypeScript type, beyond the model's bounds: ids from the
   *  model's values and one more, sets of up to four of them, integers one past their range,
   *  times around now; half the runs with other param values. In each snapshot every event
   *  is dispatched with every model payload, at three times. Versions are mostly small, some
   *  at or past the last one a step may start from (ir.ts dispatch rule 2). Returns how many
   *  steps were taken, how many became violations and how many were VERSION_EXHAUSTED. */
  safetyNet(runs = Number(process.env['TETHER_SAFETY_NET_RUNS'] ?? 300)): {
    taken: number;
    violations: number;
    exhausted: number;
  } {
    const model = new Model(this.ir);
    const names = slotNames(this.oracle.layout);
    const typeOf = new Map<string, IrType>([
      ['state', { kind: 'state' }],
      ...[...this.ir.consts, ...this.ir.vars].map((d) => [d.name, d.type] as const),
    ]);
    const param = (
      b: { kind: 'literal'; value: number } | { kind: 'param'; name: string },
    ): number =>
      b.kind === 'literal'
        ? b.value
        : Number(this.ir.params.find((p) => p.name === b.name)?.modelValue ?? 0);
    const arbitrary = (t: IrType): fc.Arbitrary<Value> => {
      switch (t.kind) {
        case 'state':
          return fc.constantFrom(...this.ir.states.map((x) => x.name));
        case 'bool':
          return fc.boolean();
        case 'enum':
          return fc.constantFrom(
            ...(this.ir.enums.find((x) => x.name === t.name)?.members ?? ['?']),
          );
        case 'opaque':
          return fc.constantFrom(...opaqueValues(this.ir, t.name), `${t.name}Extra`);
        case 'time':
          return fc.integer({ min: START_TIME - 3, max: START_TIME + 3 });
        case 'int':
          return t.range
            ? fc.integer({ min: param(t.range.lo) - 1, max: param(t.range.hi) + 1 })
            : fc.integer({ min: -1, max: 6 });
        case 'duration':
          return fc.integer({ min: -1, max: 6 });
        case 'nullable':
          return fc.option(arbitrary(t.inner), { nil: null });
        case 'set':
          return fc
            .uniqueArray(arbitrary(t.element) as fc.Arbitrary<Scalar>, {
              maxLength: 4,
              selector: valueKey,
            })
            .map((xs) => makeSet(xs));
        default:
          return fc.constant(null);
      }
    };
    // Versions: mostly small; sometimes at or past the last one a step may start from, or no
    // version at all (a corrupt store): ir.ts dispatch rule 2, VERSION_EXHAUSTED.
    const last = lastVersion(this.ir);
    const version = fc.oneof(
      { arbitrary: fc.nat(3), weight: 9 },
      {
        arbitrary: fc.constantFrom(
          last - 1,
          last,
          last + 1,
          Number.MAX_SAFE_INTEGER,
          2 ** 53,
          -1,
          0.5,
          Number.NaN,
          Number.POSITIVE_INFINITY,
        ),
        weight: 1,
      },
    );
    const snapshot = fc.tuple(
      ...names.map((name, i) =>
        i === VERSION_SLOT ? version : arbitrary(typeOf.get(name) ?? { kind: 'unknown' }),
      ),
    );
    let taken = 0;
    let violations = 0;
    let exhausted = 0;
    fc.assert(
      fc.property(paramsArbitrary(this.ir), snapshot, (params, slots) => {
        const oracle = params === null ? this.oracle : this.oracleWith(params);
        const engineParams =
          params === null
            ? this.params
            : Object.fromEntries(Object.entries(params).map(([k, v]) => [camel(k), v]));
        for (const now of [START_TIME - 1, START_TIME, START_TIME + 2])
          for (let ev = 0; ev < this.ir.events.length; ev++)
            for (const payload of model.eventPayloads(ev)) {
              const s = this.engineSnapshot(slots, engineParams);
              const e = this.engineEvent(ev, payload);
              const o = this.#engine.dispatch(s, e, now);
              this.expectOracle(s, e, now, o, oracle);
              // seed §9: a rejection returns the very snapshot it was given.
              if (!o.ok && o.snapshot !== s)
                throw new ConformanceError(
                  `${this.showEvent(e)} in ${this.showSnapshot(s, now)}: rejected ${o.reason}, but another snapshot object came back`,
                );
              if (o.ok) taken++;
              if (o.ok && o.reason === 'INVARIANT_VIOLATION') violations++;
              if (!o.ok && o.reason === 'VERSION_EXHAUSTED') exhausted++;
            }
      }),
      { seed: 20261124, numRuns: runs, includeErrorInReport: true },
    );
    return { taken, violations, exhausted };
  }

  // ---- the model-based property test ----

  /** fast-check command sequences against the engine (the system under test) and the IR
   *  interpreter (the model): ticks, events with model or adversarial payloads and right,
   *  wrong or no expectedVersion, replays of accepted events, untrusted JSON through
   *  parseEvent. Half the runs use the params' model values, half other values (the two
   *  must agree for any params; invariants are asserted for the model's, which TLC proved). The seed is printed; TETHER_SEED replays it, TETHER_CONFORMANCE_RUNS sets
   *  the number of runs (default 3000, a few seconds on the flagship). */
  modelBased(): { seed: number; runs: number } {
    const seed =
      process.env['TETHER_SEED'] !== undefined
        ? Number(process.env['TETHER_SEED'])
        : Math.floor(Math.random() * 0x7fffffff);
    const runs = Number(process.env['TETHER_CONFORMANCE_RUNS'] ?? 3000);
    if (!Number.isInteger(seed) || !Number.isInteger(runs) || runs < 1)
      throw new Error('TETHER_SEED and TETHER_CONFORMANCE_RUNS must be integers');
    console.log(
      `${this.ir.name} model-based test: seed ${seed}, ${runs} runs (replay: TETHER_SEED=${seed})`,
    );
    const commands = modelCommands(this);
    fc.assert(
      fc.property(
        paramsArbitrary(this.ir),
        fc.commands(commands, { maxCommands: 60, size: 'max' }),
        (params, cmds) => {
          fc.modelRun(() => ({ model: {}, real: new Run(this, params) }), cmds);
        },
      ),
      { seed, numRuns: runs, includeErrorInReport: true },
    );
    return { seed, runs };
  }

  /** One step on both sides, with every check of the model-based test. */
  step(run: Run<S, E, I>, e: E): EngineOutcome<S> {
    const before = run.snapshot;
    const copy = structuredClone(before);
    const got = this.#engine.dispatch(before, e, run.now);
    this.expectOracle(before, e, run.now, got, run.oracle);
    const where = `${this.showEvent(e)} at ${atTime(run.now)}`;
    if (got.ok) {
      expect(got.snapshot.version, `${where}: version strictly increases`).toBe(before.version + 1);
      // The invariants are proved for the model's params; with others, agreeing is what counts.
      if (run.modelParams)
        expect(
          this.oracle.violatedInvariant(this.slots(got.snapshot), run.now),
          `${where}: invariants after the step`,
        ).toBeNull();
      run.accepted.push(e);
    } else {
      expect(got.snapshot, `${where}: a rejection returns the same snapshot object`).toBe(before);
      expect(before, `${where}: a rejection changes nothing`).toEqual(copy);
    }
    run.snapshot = got.snapshot;
    return got;
  }

  /** parseEvent on untrusted input: never throws, and what it accepts is dispatched. */
  parse(run: Run<S, E, I>, raw: unknown, mustAccept: E | null): void {
    let result: ReturnType<EngineUnderTest<S, E, I>['parseEvent']>;
    try {
      result = this.#engine.parseEvent(raw);
    } catch (error) {
      throw new Error(`parseEvent threw on ${safeShow(raw)}: ${(error as Error).message}`);
    }
    if (mustAccept) {
      expect(result.ok, `parseEvent accepts the valid event ${safeShow(raw)}`).toBe(true);
      if (result.ok) expect(result.event).toEqual(mustAccept);
    }
    if (result.ok) this.step(run, result.event);
  }

  /** The engine's parseEvent, unwrapped (for input it must refuse). */
  parseOnly(raw: unknown): ReturnType<EngineUnderTest<S, E, I>['parseEvent']> {
    return this.#engine.parseEvent(raw);
  }

  /** The payloads of an event that get furthest through the guards in the current snapshot
   *  (per the oracle): those accepted if any, else the near misses, whose rejection is
   *  decided by the last clauses (time bounds, rate limits) that random payloads rarely reach. */
  guidedPayloads(run: Run<S, E, I>, ev: number): readonly (readonly Value[])[] {
    const all = this.graph.model.eventPayloads(ev);
    const slots = this.slots(run.snapshot);
    const reach = all.map((p) =>
      run.oracle.furthest(slots, this.runtimeEvent(this.engineEvent(ev, p)), run.now),
    );
    const best = Math.max(...reach);
    return all.filter((_, i) => reach[i] === best);
  }

  /** An event's fields in the order of the spec, each with its IR type. */
  eventFields(ev: number): readonly { readonly name: string; readonly type: IrType }[] {
    return this.ir.events[ev]!.fields;
  }

  // ---- traces ----

  /** Where this machine's saved traces live: tla/traces/<Machine>/ next to the spec's folder. */
  get tracesDir(): string {
    return join(dirname(dirname(this.specPath)), 'tla', 'traces', this.ir.name);
  }

  savedTraces(): string[] {
    if (!existsSync(this.tracesDir)) return [];
    return readdirSync(this.tracesDir)
      .filter((f) => f.endsWith('.itf.json'))
      .sort()
      .map((f) => join(this.tracesDir, f));
  }

  /** Replays every saved trace on the engine: a behaviour step by step onto the same model
   *  states; a counterexample's events keeping every invariant (a regression test). */
  replaySavedTraces(): number {
    const files = this.savedTraces();
    if (files.length === 0)
      console.warn(
        `\n  NOTICE: no saved traces in ${this.tracesDir}: record some with \`tether traces ${this.ir.source}\` (needs TLC).\n`,
      );
    for (const file of files) {
      const { meta, entries } = itfToTrace(
        this.ir,
        JSON.parse(readFileSync(file, 'utf8')) as unknown,
        file,
      );
      if (meta.kind === 'counterexample') this.replayCounterexample(entries, file);
      else this.replayBehaviour(entries, file);
    }
    return files.length;
  }

  replayBehaviour(entries: readonly TraceEntry[], file: string): void {
    const g = this.graph;
    const first = entries[0];
    if (!first) throw new Error(`${file}: an empty trace`);
    let s = this.create(this.startOf(first.state));
    let now = START_TIME;
    expect(showModelState(g, this.abstract(s, now)), `${file}: the initial state`).toBe(
      showModelState(g, first.state),
    );
    entries.slice(1).forEach((entry, i) => {
      const where = `${file}: step ${i + 1} (${entry.action})`;
      if (entry.action === 'Tick') now++;
      else {
        const e = this.traceEvent(entry, file);
        const o = this.#engine.dispatch(s, e, now);
        expect(
          o.ok ? `accepted by ${o.transition}` : `rejected ${o.reason}`,
          `${where}: ${this.showEvent(e)} in ${this.showSnapshot(s, now)}`,
        ).toBe(`accepted by ${entry.action}`);
        s = o.snapshot;
      }
      expect(showModelState(g, this.abstract(s, now)), `${where}: the state after the step`).toBe(
        showModelState(g, entry.state),
      );
    });
  }

  replayCounterexample(entries: readonly TraceEntry[], file: string): void {
    const run = new Run(this);
    for (const entry of entries.slice(1)) {
      if (entry.action === 'Tick') {
        run.now++;
        continue;
      }
      const o = this.step(run, this.traceEvent(entry, file));
      expect(o.reason, `${file}: ${entry.action}`).not.toBe('INVARIANT_VIOLATION');
    }
  }

  /** Random runs of the engine (guided: every step is an accepted event or time passing), as
   *  traces of model states. Reproducible from the seed. */
  engineTraces(count: number, length: number, seed: number): TraceEntry[][] {
    const random = mulberry32(seed);
    const model = this.graph.model;
    const terminal = new Set(this.ir.states.filter((x) => x.terminal).map((x) => x.name));
    const traces: TraceEntry[][] = [];
    for (let k = 0; k < count; k++) {
      let s = this.create0();
      let now = START_TIME;
      const entries: TraceEntry[] = [
        { action: null, event: null, payload: {}, state: this.abstract(s, now) },
      ];
      for (let i = 0; i < length && !terminal.has(s.state); i++) {
        const moves: { weight: number; go: () => TraceEntry }[] = [];
        const here = this.graph.key(this.abstract(s, now));
        if (this.graph.key(this.abstract(s, now + 1)) !== here)
          moves.push({
            weight: 4,
            go: () => ({
              action: 'Tick',
              event: null,
              payload: {},
              state: this.abstract(s, ++now),
            }),
          });
        this.ir.events.forEach((decl, ev) => {
          for (const payload of model.eventPayloads(ev)) {
            const o = this.#engine.dispatch(s, this.engineEvent(ev, payload), now);
            if (!o.ok) continue;
            moves.push({
              weight: terminal.has(o.to) ? 0.05 : 1,
              go: () => {
                s = o.snapshot;
                return {
                  action: o.transition,
                  event: decl.name,
                  payload: Object.fromEntries(decl.fields.map((f, j) => [f.name, payload[j]!])),
                  state: this.abstract(s, now),
                };
              },
            });
          }
        });
        if (moves.length === 0) break;
        let r = random() * moves.reduce((a, m) => a + m.weight, 0);
        const move = moves.find((m) => (r -= m.weight) < 0) ?? moves[moves.length - 1]!;
        entries.push(move.go());
      }
      traces.push(entries);
    }
    return traces;
  }

  /** Random engine runs, exported as ITF, are behaviours of the TLA+ model: TLC follows each
   *  through the spec's actions (traceCheckModule). On a failure the traces are kept on disk. */
  async expectTlcAcceptsEngineTraces(jar: string, count = 20, length = 30): Promise<number> {
    const seed =
      process.env['TETHER_SEED'] !== undefined
        ? Number(process.env['TETHER_SEED'])
        : Math.floor(Math.random() * 0x7fffffff);
    console.log(
      `${this.ir.name} engine traces for TLC: ${count} runs of up to ${length} steps, seed ${seed} (replay: TETHER_SEED=${seed})`,
    );
    const traces = this.engineTraces(count, length, seed);
    const files = emitTla(this.ir);
    const check = traceCheckModule(this.ir, traces, files.cfg.content);
    const run = await runTlc(
      {
        moduleName: check.name,
        tla: check.tla,
        cfg: check.cfg,
        extra: { [`${files.moduleName}.tla`]: files.module.content },
      },
      () => javaCommand(jar, check.name, 1),
    );
    if (run.exitCode !== 0) {
      const dir = mkdtempSync(join(tmpdir(), 'tether-engine-traces-'));
      traces.forEach((t, i) =>
        writeFileSync(
          join(dir, `engine-${i + 1}.itf.json`),
          `${JSON.stringify(traceToItf(this.ir, t, { description: `engine run ${i + 1}, seed ${seed}`, kind: 'behaviour' }), null, 2)}\n`,
        ),
      );
      const last = [...run.messages].reverse().find((m) => m.code === MSG.statePrint)?.text ?? '';
      const k = /tr_k = (\d+)/.exec(last)?.[1];
      const i = /tr_i = (\d+)/.exec(last)?.[1];
      const detail = run.messages
        .filter((m) => m.severity > 0)
        .map((m) => m.text)
        .join('\n')
        .slice(0, 1500);
      throw new Error(
        `TLC did not accept the engine traces (exit ${run.exitCode}): ${k && i ? `trace ${k} (${dir}/engine-${k}.itf.json), step ${i} -> ${Number(i) + 1} is not a step of the model` : detail}`,
      );
    }
    return traces.length;
  }

  /** The first initial state of the model, created with the model's params or others. */
  create0(params: Readonly<Record<string, number | boolean>> | null = null): S {
    const g = this.graph;
    const engineParams =
      params === null
        ? this.params
        : Object.fromEntries(Object.entries(params).map(([k, v]) => [camel(k), v]));
    return this.create(this.startOf(g.states[0]!), START_TIME, engineParams);
  }
}

export interface EngineGraph<S> {
  /** Edges: "label -> target key" mapped to how the step reads in spec terms. */
  readonly nodes: ReadonlyMap<
    string,
    {
      readonly snapshot: S;
      readonly now: number;
      readonly edges: ReadonlyMap<string, () => string>;
    }
  >;
  /** Keys in BFS order. */
  readonly order: readonly string[];
  readonly edgeCount: number;
  /** The first outcome (acceptance reason, rejection reason, same object) that differs from
   *  the dispatch rule on the model, in spec terms; null when all agree. */
  readonly mismatch: string | null;
}

/** An edge's label: the transition and its payload, in the model's value encoding. */
export function edgeLabel(transition: string, payload: readonly Value[]): string {
  return `${transition}(${payload.map(valueKey).join(',')})`;
}

/** A small seeded PRNG (mulberry32), so engine traces are reproducible from a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
