// One spec compiled once and handed on (issue 11): the front end's result (frontend.ts) and,
// for a spec without errors, a Build — the IR and what every consumer derives from it, each
// computed when first asked for and then kept: the reachable graph the
// conformance suite is planned on, and each backend's output (backends.ts). `generate`,
// `check`, `mutate` and the tests take a Build; none re-runs an earlier stage or reads the
// AST again.

import { conformanceSearch } from './conformance/output.ts';
import type { Diagnostic } from './diagnostics/types.ts';
import type { ReachableGraph } from './explore/explore.ts';
import { compileSpec } from './frontend.ts';
import type { IrMachine } from './lower/ir.ts';
import type { SpecFile } from './parse/ast.ts';
import { DEFAULT_LAYOUT, type OutputLayout } from './project/layout.ts';

/** A file a backend produces, relative to the project root (forward slashes). */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** One output of the toolkit (the TLA+ module and cfg, the engine, the IR artifact, the
 *  conformance suite, …), listed once in backends.ts. */
export interface Backend {
  /** What it makes, in messages. */
  readonly name: string;
  /** Its files for one machine; the same Build gives the same files (computed once). */
  emit(build: Build): readonly GeneratedFile[];
  /** The warnings it found on the machine while emitting (TTH6xxx), if it can find any. */
  warnings?(build: Build): readonly Diagnostic[];
}

export interface BuildOptions {
  /** The search the conformance suite is planned on, when the caller has one (check's
   *  explorer run) or needs limits on it; by default conformanceSearch(ir), run once. It may
   *  throw (ModelEvaluationError, ConformanceUnavailableError): asking again throws again. */
  readonly search?: () => ReachableGraph;
  /** Where the backends put their files (project/layout.ts); by default tla/ and generated/. */
  readonly layout?: OutputLayout;
}

export class Build {
  readonly ir: IrMachine;
  readonly layout: OutputLayout;
  readonly #search: () => ReachableGraph;
  #graph: { readonly graph: ReachableGraph } | { readonly error: unknown } | null = null;
  readonly #memo = new Map<object, unknown>();

  constructor(ir: IrMachine, options: BuildOptions = {}) {
    this.ir = ir;
    this.layout = options.layout ?? DEFAULT_LAYOUT;
    this.#search = options.search ?? (() => conformanceSearch(ir));
  }

  /** The reachable graph of the model, searched once. */
  get graph(): ReachableGraph {
    if (!this.#graph)
      try {
        this.#graph = { graph: this.#search() };
      } catch (error) {
        this.#graph = { error };
      }
    if ('error' in this.#graph) throw this.#graph.error;
    return this.#graph.graph;
  }

  /** `make()`'s value the first time `key` asks (a backend keys its output by itself). */
  memo<T>(key: object, make: () => T): T {
    if (!this.#memo.has(key)) this.#memo.set(key, make());
    return this.#memo.get(key) as T;
  }
}

/** What the front end made of a spec, and its Build when it has no errors. */
export interface BuiltSpec {
  /** Sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly ast: SpecFile | null;
  readonly build: Build | null;
}

/** `file` names the spec in diagnostics and generated headers. */
export function buildSpec(text: string, file: string, options: BuildOptions = {}): BuiltSpec {
  const compiled = compileSpec(text, file);
  return {
    diagnostics: compiled.diagnostics,
    ast: compiled.ast,
    build: compiled.ir ? new Build(compiled.ir, options) : null,
  };
}
