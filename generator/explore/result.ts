// The result of a model check, the same shape for the built-in explorer and TLC
// (`tether check --json` prints it).

import type { IrLoc, IrMachine } from '../lower/ir.ts';
import { BUILTIN } from './builtin.ts';
import type { Value } from '../semantics/values.ts';

export type Checker = 'explorer' | 'tlc';

/** How a property is checked: on states, on steps, or over behaviours. */
export type PropertyKind = 'invariant' | 'step' | 'temporal' | 'deadlock';

export interface PropertyStatus {
  readonly name: string;
  readonly kind: PropertyKind;
  /** `unchecked`: the check stopped (or could not run) before deciding it. */
  readonly status: 'holds' | 'violated' | 'unchecked';
  /** Where the spec states it; null for built-in guarantees. */
  readonly loc: IrLoc | null;
}

export interface TraceStep {
  /** The transition taken (null for the initial state), or `Tick` for the clock. */
  readonly action: string | null;
  /** Where the action is declared in the spec. */
  readonly loc: IrLoc | null;
  readonly event: { readonly name: string; readonly payload: Readonly<Record<string, Value>> } | null;
  /** Every variable of the model after the step (state, version, consts, vars). */
  readonly state: Readonly<Record<string, Value>>;
}

export interface Trace {
  readonly steps: readonly TraceStep[];
  /** For a liveness counterexample: the index of the step the loop returns to. */
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

export interface CheckResult {
  readonly checker: Checker;
  /** `incomplete`: no violation found, but some property could not be checked (see notes). */
  readonly result: 'pass' | 'fail' | 'incomplete';
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  readonly properties: readonly PropertyStatus[];
  readonly violations: readonly Violation[];
  /** Why a property stayed unchecked, when one did. */
  readonly notes: readonly string[];
}

/** Every property the model checks, built-in ones included, in report order. */
export function listProperties(ir: IrMachine): Omit<PropertyStatus, 'status'>[] {
  return [
    { name: BUILTIN.typeOk, kind: 'invariant', loc: null },
    ...ir.invariants.map((i) => ({ name: i.name, kind: 'invariant' as const, loc: i.loc })),
    { name: BUILTIN.deterministic, kind: 'invariant', loc: null },
    ...ir.steps.map((s) => ({ name: s.name, kind: 'step' as const, loc: s.loc })),
    { name: BUILTIN.versionIncrements, kind: 'step', loc: null },
    { name: BUILTIN.terminalAbsorbing, kind: 'step', loc: null },
    ...ir.transitions.filter((t) => t.ensures.length > 0).map((t) => ({ name: BUILTIN.ensures(t.name), kind: 'step' as const, loc: t.loc })),
    ...ir.properties.map((p) => ({ name: p.name, kind: 'temporal' as const, loc: p.loc })),
    { name: BUILTIN.deadlock, kind: 'deadlock', loc: null },
  ];
}

