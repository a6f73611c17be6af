// `tether tlc install` against a loopback HTTP server: a good file, a wrong checksum, a 404,
// a refused connection and an interrupted download. Every failure is a clear message and
// leaves no file behind.

import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstallError, TLC_PIN, installTlc } from '../../generator/tlc/install.ts';

const BODY = Buffer.from(
  'PK\u0003\u0004 not really a jar, but bytes with a known hash '.repeat(2000),
);
const SHA = createHash('sha256').update(BODY).digest('hex');
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/good.jar') {
      res.writeHead(200, { 'content-length': BODY.length });
      res.end(BODY);
    } else if (req.url === '/cut.jar') {
      res.writeHead(200, { 'content-length': BODY.length });
      res.write(BODY.subarray(0, 1000), () => res.destroy());
    } else {
      res.writeHead(404, 'Not Found');
      res.end('no');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function dest(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tether-install-'));
  return { dir, file: join(dir, 'cache', 'tla2tools.jar') };
}

async function failure(
  urls: string[],
  sha = SHA,
): Promise<{ message: string; dir: string; file: string }> {
  const d = dest();
  try {
    await installTlc({ urls, sha256: sha, dest: d.file, idleTimeoutMs: 5000 });
  } catch (e) {
    expect(e).toBeInstanceOf(InstallError);
    return { message: (e as Error).message, ...d };
  }
  throw new Error('expected the install to fail');
}

function leftovers(dir: string): string[] {
  const cache = join(dir, 'cache');
  return existsSync(cache) ? readdirSync(cache) : [];
}

describe('tlc install', () => {
  it('installs a good file after verifying it', async () => {
    const d = dest();
    const path = await installTlc({ urls: [`${base}/good.jar`], sha256: SHA, dest: d.file });
    expect(path).toBe(d.file);
    expect(readFileSync(d.file).equals(BODY)).toBe(true);
    expect(leftovers(d.dir)).toEqual(['tla2tools.jar']);
  });

  it('refuses a file with the wrong checksum', async () => {
    const f = await failure([`${base}/good.jar`], 'a'.repeat(64));
    expect(f.message).toBe(
      `checksum mismatch for ${base}/good.jar: expected sha256 ${'a'.repeat(64)}, got ${SHA}; nothing was installed`,
    );
    expect(leftovers(f.dir)).toEqual([]);
  });

  it('reports a 404', async () => {
    const f = await failure([`${base}/missing.jar`]);
    expect(f.message).toBe(`HTTP 404 Not Found from ${base}/missing.jar`);
    expect(leftovers(f.dir)).toEqual([]);
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const f = await failure([`http://127.0.0.1:${port}/x.jar`]);
    expect(f.message).toBe(`cannot connect to 127.0.0.1:${port}: connection refused`);
    expect(leftovers(f.dir)).toEqual([]);
  });

  it('reports an interrupted download and leaves no partial file', async () => {
    const f = await failure([`${base}/cut.jar`]);
    expect(f.message).toMatch(/was interrupted/);
    expect(leftovers(f.dir)).toEqual([]);
  });

  it('falls back to the next source and lists every failure', async () => {
    const d = dest();
    await expect(
      installTlc({ urls: [`${base}/missing.jar`, `${base}/good.jar`], sha256: SHA, dest: d.file }),
    ).resolves.toBe(d.file);
    const f = await failure([`${base}/missing.jar`, `${base}/cut.jar`]);
    expect(f.message).toMatch(
      /^every source failed:\n {2}HTTP 404[^\n]*\n {2}the download .* was interrupted/,
    );
  });

  it('pins TLC v1.8.0 by sha256, with the release first', () => {
    expect(TLC_PIN.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(TLC_PIN.urls[0]).toBe(
      'https://github.com/tlaplus/tlaplus/releases/download/v1.8.0/tla2tools.jar',
    );
  });
});
