// The SQL adapter (rows.ts) for PostgreSQL: a server through `pg` (a Pool or a Client), or the
// embedded database, PGlite (PostgreSQL compiled to WebAssembly, in the process: no server and
// no native build). One table, created by the adapter's migration; compare-and-set is one
// UPDATE whose WHERE names the version and the incarnation the writer read, and its success is
// the count of rows it changed (seed §5: a stale writer changes nothing).

import type { RowKey, RowStore, StoredRow } from './rows.ts';

/** What the adapter needs of a client: `pg`'s Pool and Client and PGlite all have it. */
export interface SqlClient {
  query(
    text: string,
    params?: unknown[],
  ): Promise<{
    readonly rows: unknown[];
    readonly rowCount?: number | null;
    readonly affectedRows?: number;
  }>;
}

export interface SqlStoreOptions {
  /** The table's name (letters, digits, underscores; default tether_snapshots). */
  readonly table?: string;
  /** Called by close() (e.g. the pool's end); by default close leaves the client open. */
  readonly close?: () => Promise<void>;
}

const TABLE = /^[a-z_][a-z0-9_]{0,62}$/;

function tableName(options: SqlStoreOptions): string {
  const table = options.table ?? 'tether_snapshots';
  if (!TABLE.test(table))
    throw new RangeError(
      `table must be a lower-case SQL name (letters, digits, _), not ${JSON.stringify(table)}`,
    );
  return table;
}

/** The migration: the table of rows, created when it is not there. */
export function migrationSql(table = 'tether_snapshots'): string {
  tableName({ table });
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (`,
    '  id text PRIMARY KEY,',
    '  incarnation text NOT NULL,',
    '  version bigint NOT NULL CHECK (version >= 0),',
    '  data text NOT NULL',
    ')',
  ].join('\n');
}

/** Runs the migration (idempotent). */
export async function migrate(client: SqlClient, options: SqlStoreOptions = {}): Promise<void> {
  await client.query(migrationSql(tableName(options)));
}

/** The adapter over a client whose database has been migrated (migrate). */
export function sqlStore(client: SqlClient, options: SqlStoreOptions = {}): RowStore {
  const t = tableName(options);
  const changed = (r: { rowCount?: number | null; affectedRows?: number }): number =>
    r.rowCount ?? r.affectedRows ?? 0;
  return {
    insert: async (id, row) =>
      changed(
        await client.query(
          `INSERT INTO ${t} (id, incarnation, version, data) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
          [id, row.incarnation, row.version, row.data],
        ),
      ) === 1,
    select: async (id) => {
      const { rows } = await client.query(
        `SELECT incarnation, version, data FROM ${t} WHERE id = $1`,
        [id],
      );
      const row = rows[0] as { incarnation: unknown; version: unknown; data: unknown } | undefined;
      if (!row) return null;
      // bigint comes back as a string from pg, a number from PGlite.
      const version = Number(row.version);
      if (
        typeof row.incarnation !== 'string' ||
        typeof row.data !== 'string' ||
        !Number.isSafeInteger(version)
      )
        return { incarnation: String(row.incarnation), version: -1, data: '' };
      return { incarnation: row.incarnation, version, data: row.data };
    },
    compareAndSet: async (id: string, expected: RowKey, next: StoredRow) =>
      changed(
        await client.query(
          `UPDATE ${t} SET incarnation = $4, version = $5, data = $6 WHERE id = $1 AND version = $2 AND incarnation = $3`,
          [id, expected.version, expected.incarnation, next.incarnation, next.version, next.data],
        ),
      ) === 1,
    delete: async (id) => changed(await client.query(`DELETE FROM ${t} WHERE id = $1`, [id])) === 1,
    close: options.close ?? (() => Promise.resolve()),
  };
}

export interface EmbeddedStoreOptions extends SqlStoreOptions {
  /** PGlite's data folder; without one the database lives in memory. */
  readonly dataDir?: string;
}

/** The default store: PGlite (the optional dependency @electric-sql/pglite), migrated, in a
 *  folder or in memory. close() closes the database. */
export async function embeddedStore(options: EmbeddedStoreOptions = {}): Promise<RowStore> {
  let PGlite;
  try {
    ({ PGlite } = await import('@electric-sql/pglite'));
  } catch {
    throw new Error(
      'the embedded store needs @electric-sql/pglite: npm install @electric-sql/pglite',
    );
  }
  const db = options.dataDir === undefined ? new PGlite() : new PGlite(options.dataDir);
  await migrate(db, options);
  return sqlStore(db, { ...options, close: options.close ?? (() => db.close()) });
}
