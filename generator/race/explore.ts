// The built-in explorer of the race (race/model.ts): a breadth-first search of every
// interleaving of N handlers, checking the machine's state properties on the stored snapshot
// of every new state and the step properties on every store, stopping at the first
// violation as TLC does; its result has the shape of `check`'s (explore/result.ts), with the
// counterexample told per handler (race/trace.ts).

import { BUILTIN } from '../explore/builtin.ts';
import { ModelEvaluationError, overflowMessage } from '../explore/evaluation-error.ts';
import { heapFull, MAX_MAP_SIZE, type SearchLimits } from '../explore/explore.ts';
import type { PropertyKind, SearchStop } from '../explore/result.ts';
import type { IrMachine } from '../lower/ir.ts';
import { IntegerOverflowError, STATE_SLOT } from '../semantics/compile.ts';
import { slotNames } from '../semantics/model.ts';
import { valueKey, type Value } from '../semantics/values.ts';
import { RaceModel, type RaceOptions, type RaceState, type StepFailure } from './model.ts';
import { raceResult, raceTrace, type RaceResult, type RaceViolation } from './trace.ts';

export interface RaceExploreOptions extends RaceOptions {
  readonly limits?: SearchLimits;
  readonly onProgress?:
    ((p: { distinct: number; queue: number; depth: number }) => void) | undefined;
}

export function exploreRace(ir: IrMachine, options: RaceExploreOptions): RaceResult {
  const race = new RaceModel(ir, options);
  const m = race.model;
  const started = performance.now();
  const seconds = (): number => Math.round(performance.now() - started) / 1000;
  const ids = new Map<string, number>();
  const states: RaceState[] = [];
  const parent: number[] = [];
  const level: number[] = [];
  let generated = 0;
  let stop: SearchStop | null = null;
  let violation: RaceViolation | null = null;
  const limits = options.limits ?? {};
  const names = slotNames(m.layout);

  const pathTo = (id: number): RaceState[] => {
    const path: RaceState[] = [];
    for (let i = id; i >= 0; i = parent[i]!) path.push(states[i]!);
    return path.reverse();
  };
  const violate = (
    property: string,
    kind: PropertyKind,
    message: string,
    path: readonly RaceState[],
  ): void => {
    violation ??= { property, kind, message, trace: raceTrace(race, path) };
  };

  /** TypeOK, the invariants, Deterministic on the stored snapshot, in the cfg's order. */
  const stateFailure = (stored: readonly Value[]): StepFailure | null => {
    for (let i = 0; i < stored.length; i++) {
      const domain = m.slotDomains[i];
      if (domain && !domain.has(stored[i]!))
        return {
          property: BUILTIN.typeOk,
          message: `TypeOK: ${names[i] ?? `#${i}`} = ${valueKey(stored[i]!)} is outside its declared type`,
        };
    }
    const f = m.frame(stored);
    for (const inv of m.invariants)
      if (!inv.test(f)) return { property: inv.name, message: `invariant ${inv.name} is violated` };
    const state = stored[STATE_SLOT] as string;
    for (let ev = 0; ev < ir.events.length; ev++) {
      const candidates = m.candidates(state, ev);
      if (candidates.length < 2) continue;
      for (const payload of m.eventPayloads(ev)) {
        const enabled = candidates.filter((t) => m.guardHolds(t, stored, payload));
        if (enabled.length > 1)
          return {
            property: BUILTIN.deterministic,
            message: `transitions ${enabled.map((t) => `'${t.ir.name}'`).join(' and ')} are both enabled in ${state} for this ${ir.events[ev]!.name}`,
          };
      }
    }
    return null;
  };

  /** Adds a state if new, checking its stored snapshot; its id, or -1 at a limit. */
  const add = (s: RaceState, from: number): number => {
    const k = race.key(s);
    const known = ids.get(k);
    if (known !== undefined) return known;
    if (limits.maxStates !== undefined && states.length >= limits.maxStates) {
      stop ??= { limit: 'states', detail: `--max-states ${limits.maxStates}`, seconds: seconds() };
      return -1;
    }
    if (states.length >= MAX_MAP_SIZE - 1) {
      stop ??= {
        limit: 'memory',
        detail: `the explorer's index of states (a JavaScript Map holds at most ${MAX_MAP_SIZE.toLocaleString('en-US')}; use TLC)`,
        seconds: seconds(),
      };
      return -1;
    }
    const id = states.length;
    ids.set(k, id);
    states.push(s);
    parent.push(from);
    level.push(from < 0 ? 1 : level[from]! + 1);
    const failure = stateFailure(s.stored);
    if (failure) violate(failure.property, 'invariant', failure.message, pathTo(id));
    return id;
  };

  try {
    for (const s of race.initialStates()) {
      generated++;
      add(s, -1);
      if (stop || violation) break;
    }
    for (let id = 0; id < states.length && !violation && !stop; id++) {
      if (id % 1024 === 0 && id > 0) {
        if (
          limits.timeLimitSeconds !== undefined &&
          performance.now() - started >= limits.timeLimitSeconds * 1000
        )
          stop = {
            limit: 'time',
            detail: `--time-limit ${limits.timeLimitSeconds}`,
            seconds: seconds(),
          };
        const full: string | null = stop ? null : heapFull();
        if (full) stop = { limit: 'memory', detail: full, seconds: seconds() };
        if (stop) break;
      }
      const s = states[id]!;
      const frontier = limits.maxDepth !== undefined && level[id]! >= limits.maxDepth;
      let successors = 0;
      for (const { step, next } of race.successors(s)) {
        successors++;
        generated++;
        if (frontier) {
          // Past the depth limit: checked like a new state, never kept (TLC's constraint).
          if (!ids.has(race.key(next))) {
            const failure = stateFailure(next.stored);
            if (failure)
              violate(failure.property, 'invariant', failure.message, [...pathTo(id), next]);
          }
        } else add(next, id);
        if (violation || stop) break;
        if (step.kind === 'store') {
          const [failure] = race.storeFailures(s.stored, next.stored);
          if (failure) violate(failure.property, 'step', failure.message, [...pathTo(id), next]);
          if (violation) break;
        }
      }
      if (violation || stop) break;
      if (race.isTerminal(s.stored))
        generated++; // Done: a terminal snapshot stutters
      else if (successors === 0)
        violate(
          BUILTIN.deadlock,
          'deadlock',
          `deadlock: no handler can go on and the clock cannot tick in ${s.stored[STATE_SLOT] as string}`,
          pathTo(id),
        );
      if (id % 50_000 === 0 && options.onProgress)
        options.onProgress({
          distinct: states.length,
          queue: states.length - id,
          depth: level[id]!,
        });
    }
  } catch (error) {
    if (error instanceof IntegerOverflowError)
      throw new ModelEvaluationError(
        'explorer',
        overflowMessage(
          ir.source,
          { what: 'the race', loc: null },
          error.computation,
          error.result,
        ),
        { steps: [], loopStart: null, stutters: false },
      );
    throw error;
  }
  const depth = level.reduce((a, b) => Math.max(a, b), 0);
  if (
    limits.maxDepth !== undefined &&
    !stop &&
    !violation &&
    level.some((l) => l >= limits.maxDepth!)
  )
    stop = { limit: 'depth', detail: `--max-depth ${limits.maxDepth}`, seconds: seconds() };
  const found = violation as RaceViolation | null;
  return raceResult(
    ir,
    'explorer',
    options,
    { distinctStates: states.length, statesGenerated: generated, depth },
    found,
    stop,
  );
}
