// The in-memory adapter (rows.ts): a Map, for tests and single-process servers that keep
// sessions in memory. Each method does its work in one synchronous step, so it is atomic
// between the awaits of concurrent requests. `pause`, for tests, runs before each operation
// and again before it returns, so that concurrent requests interleave as they would against a
// database.

import type { RowKey, RowStore, StoredRow } from './rows.ts';

export interface MemoryStoreOptions {
  /** Awaited before and after each operation (tests: a random delay makes races happen). */
  readonly pause?: () => Promise<void>;
}

export function memoryStore(options: MemoryStoreOptions = {}): RowStore {
  const rows = new Map<string, StoredRow>();
  const pause = options.pause ?? (() => Promise.resolve());
  const op = async <T>(work: () => T): Promise<T> => {
    await pause();
    const result = work();
    await pause();
    return result;
  };
  return {
    insert: (id, row) =>
      op(() => {
        if (rows.has(id)) return false;
        rows.set(id, { ...row });
        return true;
      }),
    select: (id) => op(() => rows.get(id) ?? null),
    compareAndSet: (id: string, expected: RowKey, next: StoredRow) =>
      op(() => {
        const row = rows.get(id);
        if (!row || row.version !== expected.version || row.incarnation !== expected.incarnation)
          return false;
        rows.set(id, { ...next });
        return true;
      }),
    delete: (id) => op(() => rows.delete(id)),
    close: () => Promise.resolve(),
  };
}
