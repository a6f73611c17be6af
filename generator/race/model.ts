// The race of `tether check --concurrent N` (seed §5: "Server MUST reject if V_request ≠
// V_current. This prevents rollback and race corruption."): N request handlers serving one
// session over one stored snapshot, as tether-spec/store's handle() does. The rules, which
// the explorer (race/explore.ts) and the TLA+ module (race/tla.ts) both follow:
// - Dispatch(h): an idle handler reads the stored snapshot and dispatches an event the
//   machine accepts there; it now holds the snapshot the engine returned. (An event the
//   machine rejects changes nothing: the handler answers and stays idle, a stuttering step.)
// - Store(h), compare-and-set: the held snapshot is stored, and every other handler holding
//   a request now holds a stale one (the stored version moved since its read).
//   Conflict(h): a stale handler's compare-and-set fails; it goes idle (handle() retries with
//   a new read, which is a later Dispatch).
// - Store(h), blind write (the seeded bug): the held snapshot is stored, whatever was stored
//   since the read.
// - The clock ticks only while every handler is idle: a request is decided at the time it
//   reads, and time does not go back (handle() with a clock reads it once the row is fetched;
//   with a fixed time per request it can decide on a row written later, outside this model).
// - A terminal stored state stutters (the machine's Done).
// Its properties are the machine's safety properties over the stored snapshot (TypeOK, the
// invariants, Deterministic, the step properties, VersionIncrements, TerminalAbsorbing, the
// ensures) and StoredFollowsMachine: every change of the stored snapshot is a step of the
// machine from the snapshot stored before it, i.e. the stored snapshot refines the machine;
// a lost update breaks it. Liveness is not checked here.

import type { IrMachine } from '../lower/ir.ts';
import { BUILTIN } from '../explore/builtin.ts';
import { listProperties, modelBoundsOf, type PropertyStatus } from '../explore/result.ts';
import { STATE_SLOT, VERSION_SLOT } from '../semantics/compile.ts';
import { Model, VERSION_MODULUS, type ModelTransition } from '../semantics/model.ts';
import { valueKey, type Value } from '../semantics/values.ts';
import { TlaNaming } from '../names/tla.ts';

/** How a handler stores the snapshot it computed. */
export type StoreWrite = 'compare-and-set' | 'blind';

export interface RaceOptions {
  /** How many request handlers race (at least 2 to race at all; 1 is allowed). */
  readonly handlers: number;
  readonly write: StoreWrite;
}

/** The name of the refinement property (the TLA+ module defines it under this name too). */
export const STORED_FOLLOWS_MACHINE = 'StoredFollowsMachine';

/** A handler: idle, holding a stale request (compare-and-set only), or holding the snapshot
 *  it will store. */
export type Pending = 'idle' | 'stale' | readonly Value[];

export interface RaceState {
  /** The stored snapshot, in the machine's slot layout. */
  readonly stored: readonly Value[];
  readonly pending: readonly Pending[];
}

export type RaceStep =
  | {
      readonly kind: 'dispatch';
      readonly handler: number;
      readonly transition: ModelTransition;
      readonly payload: readonly Value[];
    }
  | { readonly kind: 'store'; readonly handler: number }
  | { readonly kind: 'conflict'; readonly handler: number }
  | { readonly kind: 'clock' };

/** A property a store step breaks, with the message both checkers print. */
export interface StepFailure {
  readonly property: string;
  readonly message: string;
}

/** A spec the race cannot be built for (a name of the spec is one the race adds). */
export class RaceSpecError extends Error {
  override readonly name = 'RaceSpecError';
}

export class RaceModel {
  readonly model: Model;

  constructor(
    readonly ir: IrMachine,
    readonly options: RaceOptions,
  ) {
    if (!Number.isInteger(options.handlers) || options.handlers < 1)
      throw new RangeError(`a race needs at least one handler, not ${options.handlers}`);
    // The race adds a property of this name; the TLA+ module defines it, beside the spec's names.
    if (new TlaNaming(ir).fresh(STORED_FOLLOWS_MACHINE) !== STORED_FOLLOWS_MACHINE)
      throw new RaceSpecError(
        `the race checks a property named ${STORED_FOLLOWS_MACHINE}, and the spec declares that name too: rename the spec's`,
      );
    const bounds = modelBoundsOf(ir);
    if (bounds.length > 0)
      throw new RaceSpecError(
        `the race does not check a machine with model bounds yet (${bounds.join(', ')}): check the machine itself, without --concurrent`,
      );
    this.model = new Model(ir);
  }

  get handlers(): number {
    return this.options.handlers;
  }

  *initialStates(): Generator<RaceState> {
    const pending: Pending[] = Array.from({ length: this.handlers }, () => 'idle');
    for (const stored of this.model.eachInitialState()) yield { stored, pending };
  }

  key(s: RaceState): string {
    let k = snapshotKey(s.stored);
    for (const p of s.pending) k += `#${typeof p === 'string' ? p : snapshotKey(p)}`;
    return k;
  }

  /** The machine's steps from a stored snapshot: every enabled transition with a payload. */
  *machineSteps(
    stored: readonly Value[],
  ): Generator<{ transition: ModelTransition; payload: readonly Value[]; next: Value[] }> {
    const m = this.model;
    const state = stored[STATE_SLOT] as string;
    for (const t of m.transitions) {
      if (!t.sources.has(state)) continue;
      for (const payload of m.eventPayloads(t.eventIndex))
        if (m.guardHolds(t, stored, payload))
          yield { transition: t, payload, next: m.fire(t, stored, payload) };
    }
  }

  /** Every step of the race from `s`, in the order of the TLA+ module's RaceNext. */
  *successors(s: RaceState): Generator<{ step: RaceStep; next: RaceState }> {
    const { stored, pending } = s;
    for (let h = 0; h < this.handlers; h++) {
      const p = pending[h]!;
      if (p === 'idle') {
        for (const { transition, payload, next } of this.machineSteps(stored))
          yield {
            step: { kind: 'dispatch', handler: h, transition, payload },
            next: { stored, pending: replace(pending, h, next) },
          };
      } else if (p === 'stale') {
        yield {
          step: { kind: 'conflict', handler: h },
          next: { stored, pending: replace(pending, h, 'idle') },
        };
      } else {
        const after =
          this.options.write === 'blind'
            ? replace(pending, h, 'idle')
            : pending.map((q, k): Pending => (k === h || q === 'idle' ? 'idle' : 'stale'));
        yield { step: { kind: 'store', handler: h }, next: { stored: p, pending: after } };
      }
    }
    if (pending.every((p) => p === 'idle')) {
      const ticked = this.model.tick(stored);
      if (ticked) yield { step: { kind: 'clock' }, next: { stored: ticked, pending } };
    }
  }

  isTerminal(stored: readonly Value[]): boolean {
    return this.model.terminal.has(stored[STATE_SLOT] as string);
  }

  /**
   * The step properties on a change of the stored snapshot by a store (a tick satisfies each
   * by its `Tick \/` disjunct; Dispatch and Conflict leave it unchanged), in the order of the
   * race cfg's PROPERTIES: the spec's, VersionIncrements, TerminalAbsorbing, the ensures,
   * StoredFollowsMachine. `[][A]_vars` holds on a step that changes nothing.
   */
  storeFailures(before: readonly Value[], after: readonly Value[]): StepFailure[] {
    const m = this.model;
    const afterKey = snapshotKey(after);
    if (snapshotKey(before) === afterKey) return [];
    const ticked = m.tick(before);
    const isTick = ticked !== null && snapshotKey(ticked) === afterKey;
    const failures: StepFailure[] = [];
    if (!isTick) {
      const frame = m.frame(before, null, after);
      for (const st of m.steps)
        if (!st.test(frame))
          failures.push({ property: st.name, message: `step property ${st.name} is violated` });
      const v = ((before[VERSION_SLOT] as number) + 1) % VERSION_MODULUS;
      if (after[VERSION_SLOT] !== v)
        failures.push({
          property: BUILTIN.versionIncrements,
          message: 'a store does not add one to the stored version: an update was lost',
        });
    }
    if (this.isTerminal(before))
      failures.push({
        property: BUILTIN.terminalAbsorbing,
        message: `a store leaves the terminal state ${before[STATE_SLOT] as string}`,
      });
    // Ensures_<t>: on a pair that is a step of t (by some payload), t's ensures hold.
    const steps = [...this.machineSteps(before)].filter((x) => snapshotKey(x.next) === afterKey);
    for (const t of m.transitions) {
      if (t.ensures.length === 0) continue;
      for (const x of steps) {
        if (x.transition !== t) continue;
        const f = m.frame(after, x.payload);
        if (t.ensures.some((e) => !e(f))) {
          failures.push({
            property: BUILTIN.ensures(t.ir.name),
            message: `an ensure of '${t.ir.name}' does not hold after the store`,
          });
          break;
        }
      }
    }
    if (!isTick && steps.length === 0)
      failures.push({
        property: STORED_FOLLOWS_MACHINE,
        message:
          'the stored snapshot changed by no step of the machine from the one stored before: an update was lost',
      });
    return failures;
  }

  /** The step between two consecutive race states of a trace (either checker's). */
  stepBetween(a: RaceState, b: RaceState): RaceStep | null {
    for (let h = 0; h < this.handlers; h++) {
      const p = a.pending[h]!;
      const q = b.pending[h]!;
      if (p === 'idle' && typeof q !== 'string') {
        const qk = snapshotKey(q);
        for (const x of this.machineSteps(a.stored))
          if (snapshotKey(x.next) === qk)
            return { kind: 'dispatch', handler: h, transition: x.transition, payload: x.payload };
        return null;
      }
      if (p === 'stale' && q === 'idle') return { kind: 'conflict', handler: h };
      if (typeof p !== 'string' && q === 'idle' && snapshotKey(p) === snapshotKey(b.stored))
        return { kind: 'store', handler: h };
    }
    return snapshotKey(a.stored) === snapshotKey(b.stored) ? null : { kind: 'clock' };
  }
}

function replace(pending: readonly Pending[], h: number, p: Pending): Pending[] {
  const out = pending.slice();
  out[h] = p;
  return out;
}

export function snapshotKey(s: readonly Value[]): string {
  let k = '';
  for (let i = 0; i < s.length; i++) k += (i ? '|' : '') + valueKey(s[i]!);
  return k;
}

/** The race's properties, in report order: the machine's safety properties (its temporal
 *  ones are not checked here), then StoredFollowsMachine, then the deadlock check. */
export function raceProperties(ir: IrMachine): Omit<PropertyStatus, 'status'>[] {
  const all = listProperties(ir).filter((p) => p.kind !== 'temporal');
  const deadlock = all.findIndex((p) => p.kind === 'deadlock');
  return [
    ...all.slice(0, deadlock),
    { name: STORED_FOLLOWS_MACHINE, kind: 'step', loc: null },
    ...all.slice(deadlock),
  ];
}

/** The race's statuses by the status rule of explore/result.ts (safety only). */
export function raceStatuses(
  ir: IrMachine,
  complete: boolean,
  violated: ReadonlySet<string>,
): PropertyStatus[] {
  return raceProperties(ir).map((p) => ({
    ...p,
    status: violated.has(p.name) ? 'violated' : complete ? 'holds' : 'unchecked',
  }));
}
