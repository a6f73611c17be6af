// The store contract (issue 16 item 1; seed §5: "Server MUST reject if V_request ≠ V_current.
// This prevents rollback and race corruption."): what an adapter (memory.ts, sql.ts) keeps
// for each id — one row: the snapshot as JSON text, its version, and its incarnation, a value
// fixed when the row is created, so that an id deleted and created again never matches a
// request that read the old row (ABA). The one write that changes a row is compareAndSet,
// atomic in every adapter: it replaces the row only while its version and incarnation are the
// ones the writer read.

/** What identifies the row a writer read: a re-created id has a new incarnation. */
export interface RowKey {
  readonly incarnation: string;
  readonly version: number;
}

/** One stored row. `data` is the JSON text of the engine's serializeSnapshot(snapshot). */
export interface StoredRow extends RowKey {
  readonly data: string;
}

/** An adapter: a table of rows by id. Every method is one atomic operation. */
export interface RowStore {
  /** Adds the row; false (and nothing changed) when the id has one. */
  insert(id: string, row: StoredRow): Promise<boolean>;
  /** The id's row, or null. */
  select(id: string): Promise<StoredRow | null>;
  /** Replaces the id's row with `next` only if the row's incarnation and version are
   *  `expected`'s; true when it did, false (and nothing changed) otherwise. */
  compareAndSet(id: string, expected: RowKey, next: StoredRow): Promise<boolean>;
  /** Removes the id's row; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Releases the adapter's connections, if it holds any. */
  close(): Promise<void>;
}
