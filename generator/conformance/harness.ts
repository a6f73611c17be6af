// The runtime of the generated conformance suites (generated/<machine>.conformance.test.ts):
// the model side of every check. A suite is built from the machine's IR as `tether generate`
// wrote it (generated/<machine>.ir.json, ir-json/), the TLA+ module it wrote and the generated
// engine's functions: it loads the model, it does not compile the spec (no parser, checker or
// TLA+ emitter here; test/architecture/imports.test.ts holds it to that). This module only
// composes the jobs, each in its own module: the value adapter (adapter.ts), the planned
// cases (cases.ts), graph equivalence with the explorer and TLC (engine-graph.ts, graph.ts),
// the model-based property test (commands.ts), the safety net (safety-net.ts) and traces
// (traces.ts). Failures are stated in spec terms: states with their variables, events with
// their fields, times as now+N.

import { fileURLToPath } from 'node:url';
import { loadIrArtifact } from '../ir-json/load.ts';
import type { IrMachine } from '../lower/ir.ts';
import type { Value } from '../semantics/values.ts';
import { tlcJarHere } from '../tlc/locate.ts';
import {
  ConformanceError,
  EngineAdapter,
  type EngineOutcome,
  type EngineSnapshot,
  type EngineUnderTest,
  type Start,
} from './adapter.ts';
import * as cases from './cases.ts';
import type { Step } from './cases.ts';
import type { AcceptCase, CaseBase, RejectCase, ShadowCase } from './plan.ts';
import * as commands from './commands.ts';
import * as engineGraph from './engine-graph.ts';
import type { TraceEntry } from './itf.ts';
import { safetyNet } from './safety-net.ts';
import * as stored from './stored.ts';
import * as traces from './traces.ts';
import { readTlaModule, type TlaModule } from './tla-module.ts';

export {
  ConformanceError,
  type EngineOutcome,
  type EngineSnapshot,
  type EngineUnderTest,
  type Start,
} from './adapter.ts';
export type { Step } from './cases.ts';
export type { EngineGraph } from './engine-graph.ts';
export type { TlaModule } from './tla-module.ts';

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

export interface SuiteOptions<
  S extends EngineSnapshot,
  E extends { readonly type: string },
  I,
> extends EngineUnderTest<S, E, I> {
  /** The machine: the IR artifact `tether generate` wrote (generated/<machine>.ir.json), or
   *  an IR in hand (tests). */
  readonly model: URL | IrMachine;
  /** The TLA+ module the TLC cases run (tla/<Module>.tla, its .cfg beside it), or one in hand. */
  readonly tla?: URL | TlaModule | undefined;
  /** The folder of the machine's saved traces (tla/traces/<Machine>/). */
  readonly traces?: URL | undefined;
}

export function conformanceSuite<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  options: SuiteOptions<S, E, I>,
): ConformanceSuite<S, E, I> {
  return new ConformanceSuite(options);
}

/** The suite: the value adapter of the spec's machine and the engine, and each job's
 *  checks as methods (what the generated suites and the tests call). */
export class ConformanceSuite<
  S extends EngineSnapshot,
  E extends { readonly type: string },
  I,
> extends EngineAdapter<S, E, I> {
  readonly #tla: URL | TlaModule | undefined;
  #tlaModule: TlaModule | null = null;
  readonly #traces: URL | undefined;

  constructor(options: SuiteOptions<S, E, I>) {
    super(options.model instanceof URL ? loadIrArtifact(options.model) : options.model, options);
    this.#tla = options.tla;
    this.#traces = options.traces;
  }

  /** The TLA+ module of the TLC cases, read once. */
  get tla(): TlaModule {
    if (this.#tlaModule) return this.#tlaModule;
    if (this.#tla === undefined)
      throw new ConformanceError(
        `the suite of ${this.ir.name} was given no TLA+ module (option tla), which its TLC cases run`,
      );
    return (this.#tlaModule = this.#tla instanceof URL ? readTlaModule(this.#tla) : this.#tla);
  }

  // ---- the planned cases (cases.ts) ----

  replay(c: CaseBase<Start<I>, Step<E>, E>): S {
    return cases.replay(this, c);
  }
  accepts(c: AcceptCase<Start<I>, Step<E>, E>): void {
    cases.accepts(this, c);
  }
  rejects(c: RejectCase<Start<I>, Step<E>, E>): void {
    cases.rejects(this, c);
  }
  shadowed(c: ShadowCase<Start<I>, Step<E>, E>): void {
    cases.shadowed(this, c);
  }

  // ---- graph equivalence (engine-graph.ts) ----

  expectGraphMatchesExplorer(): { states: number; edges: number } {
    return engineGraph.expectGraphMatchesExplorer(this);
  }
  expectGraphMatchesTlc(jar: string): Promise<{ states: number; edges: number }> {
    return engineGraph.expectGraphMatchesTlc(this, jar, this.tla);
  }
  engineGraph(): engineGraph.EngineGraph<S> {
    return engineGraph.engineGraph(this);
  }
  modelOutcome(m: readonly Value[], ev: number, payload: readonly Value[]): string {
    return engineGraph.modelOutcome(this, m, ev, payload);
  }

  // ---- the safety net on arbitrary snapshots (safety-net.ts) ----

  safetyNet(runs?: number): { taken: number; violations: number; exhausted: number } {
    return safetyNet(this, runs);
  }

  // ---- stored snapshots (stored.ts) ----

  expectStoredSnapshotsRoundTrip(): { snapshots: number; refused: number } {
    return stored.expectStoredSnapshotsRoundTrip(this);
  }

  // ---- the model-based property test (commands.ts) ----

  modelBased(): { seed: number; runs: number } {
    return commands.modelBased(this);
  }
  step(run: commands.Run<S, E, I>, e: E): EngineOutcome<S> {
    return commands.step(this, run, e);
  }

  // ---- traces (traces.ts) ----

  /** Where this machine's saved traces live (option traces; tla/traces/<Machine>/ in a
   *  generated suite), or null when the suite was given none. */
  get tracesDir(): string | null {
    return this.#traces ? fileURLToPath(this.#traces) : null;
  }
  savedTraces(): string[] {
    return this.tracesDir === null ? [] : traces.savedTraces(this.tracesDir);
  }
  replaySavedTraces(): number {
    if (this.tracesDir === null)
      throw new ConformanceError(
        `the suite of ${this.ir.name} was given no traces folder (option traces)`,
      );
    return traces.replaySavedTraces(this, this.tracesDir);
  }
  replayBehaviour(entries: readonly TraceEntry[], file: string): void {
    traces.replayBehaviour(this, entries, file);
  }
  replayCounterexample(entries: readonly TraceEntry[], file: string): void {
    traces.replayCounterexample(this, entries, file);
  }
  engineTraces(count: number, length: number, seed: number): TraceEntry[][] {
    return traces.engineTraces(this, count, length, seed);
  }
  expectTlcAcceptsEngineTraces(jar: string, count?: number, length?: number): Promise<number> {
    return traces.expectTlcAcceptsEngineTraces(this, jar, this.tla, count, length);
  }
}
