// A throwaway PostgreSQL server for the store's tests: initdb in a temporary folder, a server
// on a Unix socket there (no TCP port), stopped and removed afterwards. Found through
// TETHER_PG_BIN or Debian's /usr/lib/postgresql/<version>/bin (`.ci/run` installs the
// `postgresql` package). As root, the server runs as the `postgres` user (PostgreSQL refuses
// root). Without PostgreSQL: null, and the tests that need it are skipped with a notice.

import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  /** A connection string for `pg` (the socket folder as host). */
  readonly url: string;
  stop(): void;
}

export function postgresBin(): string | null {
  const given = process.env['TETHER_PG_BIN'];
  if (given) return existsSync(join(given, 'initdb')) ? given : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

export function startPostgres(): PostgresServer | null {
  const bin = postgresBin();
  if (!bin) return null;
  const dir = mkdtempSync(join(tmpdir(), 'tether-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  let uid = -1;
  let gid = -1;
  if (asRoot) {
    const id = (flag: string): number =>
      Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    uid = id('-u');
    gid = id('-g');
    if (!Number.isInteger(uid) || uid <= 0)
      throw new Error('running as root, and there is no postgres user to run PostgreSQL as');
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const run = (program: string, args: string[]): void => {
    const r = asRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, program), ...args], {
          encoding: 'utf8',
        })
      : spawnSync(join(bin, program), args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${program} failed (${r.status}): ${r.stderr || r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-k ${dir} -c listen_addresses='' -c fsync=off -c max_connections=100`,
    'start',
  ]);
  return {
    url: `postgresql://postgres@/postgres?host=${encodeURIComponent(dir)}`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
