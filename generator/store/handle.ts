// The request helper (issue 16 item 3): one untrusted request against a stored session — parse
// the event, load the snapshot, dispatch, compare-and-set. When another writer got there first
// (the compare-and-set fails), it loads and dispatches again, a bounded number of times: the
// event is decided on the state it is finally written over. A rejection is an answer, never
// retried — a client's own stale `expectedVersion` is VERSION_MISMATCH (seed §5: "Server MUST
// reject if V_request ≠ V_current"). Never throws for bad input or a corrupt row.

import type { RowKey } from './rows.ts';
import type { ReadBack, SnapshotStore } from './snapshot-store.ts';

/** What handle needs of a generated engine: its parseEvent and dispatch. */
export interface EngineFunctions<S, E, O> {
  parseEvent(
    raw: unknown,
  ): { readonly ok: true; readonly event: E } | { readonly ok: false; readonly error: string };
  dispatch(snapshot: S, event: E, now: number): O;
}

/** The shape every generated engine's outcome has. */
export interface OutcomeShape<S> {
  readonly ok: boolean;
  readonly snapshot: S;
  readonly reason: string;
}

export type HandleResult<O> =
  /** Dispatched and stored: the outcome, the stored row's key, how many tries it took, and
   *  the time it was decided at (`now`, or what the clock said on the last try). */
  | {
      readonly kind: 'accepted';
      readonly outcome: Extract<O, { ok: true }>;
      readonly key: RowKey;
      readonly attempts: number;
      readonly at: number;
    }
  /** The engine rejected the event on the stored snapshot (nothing was written). */
  | {
      readonly kind: 'rejected';
      readonly outcome: Extract<O, { ok: false }>;
      readonly attempts: number;
      readonly at: number;
    }
  /** Other writers changed the row on every try. */
  | { readonly kind: 'conflict'; readonly attempts: number }
  | { readonly kind: 'not-found' }
  /** The body is not JSON, or not one of the machine's events (parseEvent's message). */
  | { readonly kind: 'bad-input'; readonly error: string }
  /** The stored row is not a snapshot the machine can be in (parseSnapshot's message). */
  | { readonly kind: 'corrupt'; readonly error: string };

export interface HandleOptions {
  /** Tries before a conflict is the answer (default 5). */
  readonly maxAttempts?: number;
}

/**
 * `body`: the request's JSON text, or the value a framework parsed from it. `now`: the time the
 * request is decided at, or a clock (`Date.now`), read on every try once the row is fetched.
 * Prefer the clock: each try is then decided no earlier than the write of the row it read, as
 * in the machine's model, where time does not go back (and as `check --concurrent` assumes).
 * With a fixed time, a request can be decided on a row written after that time, by a request
 * that ran at once and got there first; an invariant that reads `now` may then refuse the row
 * (`corrupt`). Across processes the clocks must agree for the same reason.
 */
export async function handle<S extends { readonly version: number }, E, O extends OutcomeShape<S>>(
  store: SnapshotStore<S>,
  engine: EngineFunctions<S, E, O>,
  id: string,
  body: unknown,
  now: number | (() => number),
  options: HandleOptions = {},
): Promise<HandleResult<O>> {
  const maxAttempts = options.maxAttempts ?? 5;
  if (!(Number.isSafeInteger(maxAttempts) && maxAttempts >= 1))
    throw new RangeError(`maxAttempts must be a positive integer, not ${String(maxAttempts)}`);
  const raw = typeof body === 'string' ? parseJson(body) : { ok: true as const, snapshot: body };
  if (!raw.ok) return { kind: 'bad-input', error: raw.error };
  const input = engine.parseEvent(raw.snapshot);
  if (!input.ok) return { kind: 'bad-input', error: input.error };
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const loaded = await store.load(id, now);
    if (!loaded.ok)
      return loaded.error === 'not-found'
        ? { kind: 'not-found' }
        : { kind: 'corrupt', error: loaded.message };
    const { at } = loaded;
    const outcome = engine.dispatch(loaded.snapshot, input.event, at);
    if (!outcome.ok)
      return {
        kind: 'rejected',
        outcome: outcome as Extract<O, { ok: false }>,
        attempts: attempt,
        at,
      };
    const key = await store.compareAndSet(id, loaded.key, outcome.snapshot);
    if (key)
      return {
        kind: 'accepted',
        outcome: outcome as Extract<O, { ok: true }>,
        key,
        attempts: attempt,
        at,
      };
  }
  return { kind: 'conflict', attempts: maxAttempts };
}

function parseJson(text: string): ReadBack<unknown> {
  try {
    return { ok: true, snapshot: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: 'the body is not JSON' };
  }
}
