// A machine's snapshots in a row store (rows.ts), through the engine's own codec: a snapshot is
// stored as the JSON text of serializeSnapshot, and read back only through parseSnapshot, so a
// row that no reachable state could be (a bad write, a hand edit, a hostile store) is refused
// as corrupt, never dispatched. create gives the row a fresh incarnation; compareAndSet writes
// the next snapshot only over the row it was computed from (seed §5).

import { randomUUID } from 'node:crypto';
import type { RowKey, RowStore } from './rows.ts';

export type ReadBack<S> =
  { readonly ok: true; readonly snapshot: S } | { readonly ok: false; readonly error: string };

/** The engine's snapshot codec, with the machine's params bound by the caller:
 *  `{ serializeSnapshot, parseSnapshot: (raw, now) => parseSnapshot(raw, { params, now }) }`. */
export interface SnapshotCodec<S> {
  serializeSnapshot(snapshot: S): unknown;
  /** Reads a stored value back; `now` is the reader's time (for invariants that read it). */
  parseSnapshot(raw: unknown, now: number): ReadBack<S>;
}

export type Loaded<S> =
  /** `at`: the time it was read back at (`now`, or the clock read once the row was fetched). */
  | { readonly ok: true; readonly snapshot: S; readonly key: RowKey; readonly at: number }
  | { readonly ok: false; readonly error: 'not-found' }
  | { readonly ok: false; readonly error: 'corrupt'; readonly message: string };

export class SnapshotStore<S extends { readonly version: number }> {
  readonly rows: RowStore;
  readonly codec: SnapshotCodec<S>;
  readonly #incarnation: () => string;

  constructor(
    rows: RowStore,
    codec: SnapshotCodec<S>,
    options: { readonly incarnation?: () => string } = {},
  ) {
    this.rows = rows;
    this.codec = codec;
    this.#incarnation = options.incarnation ?? randomUUID;
  }

  /** Stores a new snapshot under `id`, with a fresh incarnation; refused when the id has one. */
  async create(
    id: string,
    snapshot: S,
  ): Promise<
    { readonly ok: true; readonly key: RowKey } | { readonly ok: false; readonly error: 'exists' }
  > {
    const key = { incarnation: this.#incarnation(), version: snapshot.version };
    const created = await this.rows.insert(id, { ...key, data: this.#text(snapshot) });
    return created ? { ok: true, key } : { ok: false, error: 'exists' };
  }

  /** The id's snapshot, read back as strictly as an untrusted request, with the key a
   *  compareAndSet needs. */
  async load(id: string, now: number | (() => number)): Promise<Loaded<S>> {
    const row = await this.rows.select(id);
    if (row === null) return { ok: false, error: 'not-found' };
    // A clock is read after the row is fetched: no earlier than the write that produced it.
    const at = typeof now === 'function' ? now() : now;
    if (!Number.isFinite(at))
      throw new RangeError(`now must be a finite number, not ${String(at)}`);
    let raw: unknown;
    try {
      raw = JSON.parse(row.data);
    } catch {
      return { ok: false, error: 'corrupt', message: 'the stored data is not JSON' };
    }
    const parsed = this.codec.parseSnapshot(raw, at);
    if (!parsed.ok) return { ok: false, error: 'corrupt', message: parsed.error };
    if (parsed.snapshot.version !== row.version)
      return {
        ok: false,
        error: 'corrupt',
        message: `the row's version ${row.version} is not its snapshot's (${parsed.snapshot.version})`,
      };
    return {
      ok: true,
      snapshot: parsed.snapshot,
      key: { incarnation: row.incarnation, version: row.version },
      at,
    };
  }

  /** Writes `next` over the row `expected` names (the one `next` was computed from); null when
   *  the row changed since (another writer, or the id deleted and created again). */
  async compareAndSet(id: string, expected: RowKey, next: S): Promise<RowKey | null> {
    const key = { incarnation: expected.incarnation, version: next.version };
    return (await this.rows.compareAndSet(id, expected, { ...key, data: this.#text(next) }))
      ? key
      : null;
  }

  /** Removes the id's row (a closed session); false when there was none. */
  delete(id: string): Promise<boolean> {
    return this.rows.delete(id);
  }

  #text(snapshot: S): string {
    return JSON.stringify(this.codec.serializeSnapshot(snapshot));
  }
}
