// The result of a model check, the same shape for the built-in explorer and TLC
// (`tether check --json` prints it).

import type { IrLoc, IrMachine } from '../lower/ir.ts';
import { showBound } from '../lower/types.ts';
import { BUILTIN } from './builtin.ts';
import type { Value } from '../semantics/values.ts';

export type Checker = 'explorer' | 'tlc';

/** How a property is checked: on states, on steps, or over behaviours. */
export type PropertyKind = 'invariant' | 'step' | 'temporal' | 'deadlock';

export interface PropertyStatus {
  readonly name: string;
  readonly kind: PropertyKind;
  /** See `decideStatuses` for what each status means. */
  readonly status: 'holds' | 'violated' | 'unchecked';
  /** Where the spec states it; null for built-in guarantees. */
  readonly loc: IrLoc | null;
}

export interface TraceStep {
  /** The transition taken (null for the initial state), or `Tick` for the clock. */
  readonly action: string | null;
  /** Where the action is declared in the spec. */
  readonly loc: IrLoc | null;
  readonly event: {
    readonly name: string;
    readonly payload: Readonly<Record<string, Value>>;
  } | null;
  /** Every variable of the model after the step (state, version, consts, vars). */
  readonly state: Readonly<Record<string, Value>>;
}

export interface Trace {
  readonly steps: readonly TraceStep[];
  /** For a lasso: the index of the state the last one steps back to (its successor: TLC's
   *  "N: Back to state"), so the behaviour repeats steps loopStart.. forever; else null. */
  readonly loopStart: number | null;
  /** The behaviour ends by stuttering forever in its last state. */
  readonly stutters: boolean;
}

export interface Violation {
  readonly property: string;
  readonly kind: PropertyKind;
  readonly message: string;
  readonly trace: Trace;
}

/** A limit that stopped a search before it saw every reachable state. */
export interface SearchStop {
  /** `--max-states`, `--max-depth`, `--time-limit`, or the explorer's memory guard. */
  readonly limit: 'states' | 'depth' | 'time' | 'memory';
  /** The limit in the user's terms: `--max-states 1000`, `the heap (4,144 MB)`. */
  readonly detail: string;
  /** How long the search ran, in seconds. */
  readonly seconds: number;
}

export interface CheckResult {
  readonly checker: Checker;
  /** `incomplete`: no violation found, but some property could not be checked (see notes),
   *  or a limit stopped the search (see stopped). */
  readonly result: 'pass' | 'fail' | 'incomplete';
  /** Set when a limit stopped the search: the figures are how far it got. */
  readonly stopped?: SearchStop | undefined;
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  readonly properties: readonly PropertyStatus[];
  readonly violations: readonly Violation[];
  /** Why a property stayed unchecked, when one did. */
  readonly notes: readonly string[];
  /** The model's bounds the search kept to (rule 10: variables with a model range), such as
   *  `retries in 0..3`; empty when there are none. What holds, holds within them. */
  readonly bounds: readonly string[];
}

/** The model's bounds of a machine, as results show them (`retries in 0..MaxRetries`). */
export function modelBoundsOf(ir: IrMachine): string[] {
  return ir.vars.flatMap((v) =>
    v.model ? [`${v.name} in ${showBound(v.model.lo)}..${showBound(v.model.hi)}`] : [],
  );
}

/**
 * What a search established, read the same way from either checker. Every property's status
 * is derived from it by `decideStatuses`, the one rule both the explorer and the TLC reader
 * follow (so that the two report the same statuses on the same search).
 */
export interface SearchFacts {
  /** The safety search visited every reachable state and step: it did not stop at a violation. */
  readonly complete: boolean;
  /** The properties a counterexample breaks. */
  readonly violated: ReadonlySet<string>;
  /** Temporal properties the checker did not decide (a form it does not support). */
  readonly undecided: ReadonlySet<string>;
}

/**
 * The status rule:
 * - `violated`: a counterexample breaks the property (it is in `violations`);
 * - after a search stopped at its first safety violation (both checkers stop there, as TLC
 *   does): every other property is `unchecked`, since the states past it were not explored;
 * - after a complete search: every invariant, step property and the deadlock check `holds`
 *   (each was checked on every reachable state and step, also when a temporal property
 *   fails); a temporal property `holds` when it was decided on the whole graph, and is
 *   `unchecked` only when the checker could not decide it.
 */
export function decideStatuses(ir: IrMachine, facts: SearchFacts): PropertyStatus[] {
  return listProperties(ir).map((p) => ({
    ...p,
    status: facts.violated.has(p.name)
      ? 'violated'
      : !facts.complete || (p.kind === 'temporal' && facts.undecided.has(p.name))
        ? 'unchecked'
        : 'holds',
  }));
}

/** The verdict from the statuses: `fail` when one is violated, `incomplete` when one is unchecked. */
export function verdictOf(properties: readonly PropertyStatus[]): CheckResult['result'] {
  if (properties.some((p) => p.status === 'violated')) return 'fail';
  return properties.some((p) => p.status === 'unchecked') ? 'incomplete' : 'pass';
}

/** Every property the model checks, built-in ones included, in report order (which is also
 *  the order both checkers check them in on one state or step: TLC's INVARIANT and PROPERTY
 *  lists of the emitted .cfg). */
export function listProperties(ir: IrMachine): Omit<PropertyStatus, 'status'>[] {
  return [
    { name: BUILTIN.typeOk, kind: 'invariant', loc: null },
    ...ir.invariants.map((i) => ({ name: i.name, kind: 'invariant' as const, loc: i.loc })),
    { name: BUILTIN.deterministic, kind: 'invariant', loc: null },
    ...ir.steps.map((s) => ({ name: s.name, kind: 'step' as const, loc: s.loc })),
    { name: BUILTIN.versionIncrements, kind: 'step', loc: null },
    { name: BUILTIN.terminalAbsorbing, kind: 'step', loc: null },
    ...ir.transitions
      .filter((t) => t.ensures.length > 0)
      .map((t) => ({ name: BUILTIN.ensures(t.name), kind: 'step' as const, loc: t.loc })),
    ...ir.properties.map((p) => ({ name: p.name, kind: 'temporal' as const, loc: p.loc })),
    { name: BUILTIN.deadlock, kind: 'deadlock', loc: null },
  ];
}
