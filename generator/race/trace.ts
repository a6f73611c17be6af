// A race's result and counterexample in spec terms, the same from either checker: the trace
// is rebuilt from the race states alone (RaceModel.stepBetween), so the explorer and TLC
// tell one behaviour alike.

import type { Checker, CheckResult, PropertyKind, SearchStop } from '../explore/result.ts';
import type { IrMachine } from '../lower/ir.ts';
import type { IrLoc } from '../lower/ir.ts';
import { slotNames } from '../semantics/model.ts';
import { VERSION_SLOT } from '../semantics/compile.ts';
import type { Value } from '../semantics/values.ts';
import {
  raceStatuses,
  type RaceModel,
  type RaceOptions,
  type RaceState,
  type StoreWrite,
} from './model.ts';

/** What one step of the race did; handlers are numbered from 1. */
export type RaceAction =
  | {
      readonly kind: 'dispatch';
      readonly handler: number;
      /** The stored version the handler read (as counted along the trace). */
      readonly read: number;
      readonly transition: string;
      readonly loc: IrLoc;
      readonly event: { readonly name: string; readonly payload: Readonly<Record<string, Value>> };
    }
  | { readonly kind: 'store'; readonly handler: number; readonly write: StoreWrite }
  | { readonly kind: 'conflict'; readonly handler: number }
  | { readonly kind: 'clock' };

export interface RaceTraceStep {
  /** null for the initial state. */
  readonly action: RaceAction | null;
  /** The stored snapshot after the step, its version as counted along the trace (the model
   *  counts it modulo 2). */
  readonly stored: Readonly<Record<string, Value>>;
  /** Each handler after the step: `idle`, `holds <transition> (read at version N)`, `stale`. */
  readonly handlers: readonly string[];
}

export interface RaceTrace {
  readonly steps: readonly RaceTraceStep[];
}

export interface RaceViolation {
  readonly property: string;
  readonly kind: PropertyKind;
  readonly message: string;
  readonly trace: RaceTrace;
}

/** `check --concurrent`'s result: CheckResult's figures and statuses, a race's traces. */
export interface RaceResult extends Omit<CheckResult, 'violations'> {
  readonly handlers: number;
  readonly write: StoreWrite;
  readonly violations: readonly RaceViolation[];
}

/** The result of a race search, by the status rule of explore/result.ts (safety only): a
 *  violation stops the search, a limit leaves every property unchecked. */
export function raceResult(
  ir: IrMachine,
  checker: Checker,
  race: RaceOptions,
  figures: {
    readonly distinctStates: number;
    readonly statesGenerated: number;
    readonly depth: number;
  },
  violation: RaceViolation | null,
  stop: SearchStop | null,
): RaceResult {
  return {
    checker,
    handlers: race.handlers,
    write: race.write,
    result: violation ? 'fail' : stop ? 'incomplete' : 'pass',
    stopped: violation ? undefined : (stop ?? undefined),
    ...figures,
    properties: raceStatuses(
      ir,
      !violation && !stop,
      new Set(violation ? [violation.property] : []),
    ),
    violations: violation ? [violation] : [],
    notes: [],
    bounds: [], // a machine with model bounds is not raced (race/model.ts)
  };
}

/** A path of race states as a trace in spec terms. */
export function raceTrace(race: RaceModel, path: readonly RaceState[]): RaceTrace {
  const names = slotNames(race.model.layout);
  const ir = race.ir;
  let version = 0;
  const held: ({ read: number; transition: string; step: number } | null)[] = Array.from(
    { length: race.handlers },
    () => null,
  );
  const stale = new Set<number>();
  const steps: RaceTraceStep[] = [];
  path.forEach((s, i) => {
    let action: RaceAction | null = null;
    const step = i === 0 ? null : race.stepBetween(path[i - 1]!, s);
    if (step?.kind === 'dispatch') {
      const t = step.transition;
      const event = ir.events[t.eventIndex]!;
      const payload: Record<string, Value> = {};
      event.fields.forEach((f, k) => (payload[f.name] = step.payload[k]!));
      held[step.handler] = { read: version, transition: t.ir.name, step: t.ir.versionStep };
      action = {
        kind: 'dispatch',
        handler: step.handler + 1,
        read: version,
        transition: t.ir.name,
        loc: t.ir.loc,
        event: { name: event.name, payload },
      };
    } else if (step?.kind === 'store') {
      const h = held[step.handler];
      version = h ? h.read + h.step : version + 1;
      held[step.handler] = null;
      if (race.options.write === 'compare-and-set')
        held.forEach((x, k) => x && k !== step.handler && stale.add(k));
      action = { kind: 'store', handler: step.handler + 1, write: race.options.write };
    } else if (step?.kind === 'conflict') {
      held[step.handler] = null;
      stale.delete(step.handler);
      action = { kind: 'conflict', handler: step.handler + 1 };
    } else if (step?.kind === 'clock') action = { kind: 'clock' };
    const stored: Record<string, Value> = {};
    s.stored.forEach((v, k) => (stored[names[k] ?? `#${k}`] = k === VERSION_SLOT ? version : v));
    steps.push({
      action,
      stored,
      handlers: held.map((h, k) =>
        !h
          ? 'idle'
          : stale.has(k)
            ? `stale: holds ${h.transition} (read at version ${h.read})`
            : `holds ${h.transition} (read at version ${h.read})`,
      ),
    });
  });
  return { steps };
}
