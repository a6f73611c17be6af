// `tether-spec/store` (package.json "exports"): sessions in a store with compare-and-set
// (seed §5). The contract (rows.ts), the adapters (memory.ts), a machine's snapshots through
// its codec (snapshot-store.ts), the request helper (handle.ts) and the SQL adapters (sql.ts:
// PGlite embedded, PostgreSQL through pg; both optional peer dependencies).

export type { RowKey, RowStore, StoredRow } from './rows.ts';
export { memoryStore, type MemoryStoreOptions } from './memory.ts';
export { SnapshotStore, type Loaded, type ReadBack, type SnapshotCodec } from './snapshot-store.ts';
export {
  handle,
  type EngineFunctions,
  type HandleOptions,
  type HandleResult,
  type OutcomeShape,
} from './handle.ts';
export {
  embeddedStore,
  migrate,
  migrationSql,
  sqlStore,
  type EmbeddedStoreOptions,
  type SqlClient,
  type SqlStoreOptions,
} from './sql.ts';
