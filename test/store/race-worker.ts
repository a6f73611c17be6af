// One process of a race across processes (processes.test.ts): its own pool of connections to
// the PostgreSQL server the test started, its clients racing through handle() on the sessions
// the test created. It says `ready` once connected, starts on `go` (on stdin, so that every
// process starts at once), and prints what it got accepted as one JSON line.

import { createInterface } from 'node:readline';
import pg from 'pg';
import { sqlStore } from '../../generator/store/sql.ts';
import { blindWrite, runClients, sessionStore } from './race.ts';

interface WorkerArgs {
  readonly url: string;
  readonly table: string;
  readonly ids: readonly string[];
  readonly clients: number;
  readonly requestsPerClient: number;
  readonly seed: number;
  readonly blind: boolean;
}

const args = JSON.parse(process.argv[2] ?? '') as WorkerArgs;
const pool = new pg.Pool({ connectionString: args.url, max: args.clients });
const clients = await Promise.all(Array.from({ length: args.clients }, () => pool.connect()));
for (const c of clients) c.release();
const rows = sqlStore(pool, { table: args.table });
const store = sessionStore(args.blind ? blindWrite(rows) : rows);
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === 'go') break;
lines.close();
// One clock for every process: the time of day (handle() reads it on every try).
const result = await runClients(store, { ...args, clock: Date.now });
await pool.end();
process.stdout.write(`${JSON.stringify(result)}\n`);
