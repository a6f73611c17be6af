// `tether tlc install`: downloads the pinned tla2tools.jar into ~/.cache/tether, verifying
// its sha256 before it is put in place. The download goes to a temporary file beside the
// target and is renamed only when complete and verified; on any failure nothing is left.

import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { cachedJarPath } from './locate.ts';

/** The pinned TLC: v1.8.0, as released and as tlaplus/vscode-tlaplus ships it (same bytes). */
export const TLC_PIN = {
  version: '1.8.0',
  urls: [
    'https://github.com/tlaplus/tlaplus/releases/download/v1.8.0/tla2tools.jar',
    'https://raw.githubusercontent.com/tlaplus/vscode-tlaplus/481f5a5391b5e2ec614138320f1567dabbfcda6b/tools/tla2tools.jar',
  ],
  sha256: 'df424fca214874b39c5fe679b375405d88d2b35d48041482c979c7976166a672',
} as const;

export class InstallError extends Error {
  override readonly name = 'InstallError';
}

export interface InstallOptions {
  readonly urls: readonly string[];
  readonly sha256: string;
  readonly dest?: string;
  /** Give up on a download that sends nothing for this long. */
  readonly idleTimeoutMs?: number;
}

function describeFetchError(url: string, error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (error as { code?: string }).code;
  if (code === 'ECONNREFUSED') return `cannot connect to ${new URL(url).host}: connection refused`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve ${new URL(url).host}`;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
    return `the connection to ${new URL(url).host} was reset: the download was interrupted`;
  if ((error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError')
    return `no data from ${new URL(url).host} for too long: the download timed out`;
  return `${(error as Error).message}${cause?.message ? ` (${cause.message})` : ''}`;
}

async function downloadOne(
  url: string,
  sha256: string,
  dest: string,
  idleTimeoutMs: number,
): Promise<void> {
  const part = `${dest}.part-${process.pid}`;
  const controller = new AbortController();
  let idle = setTimeout(() => controller.abort(), idleTimeoutMs);
  const touch = (): void => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(), idleTimeoutMs);
  };
  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    } catch (error) {
      throw new InstallError(describeFetchError(url, error));
    }
    if (!response.ok || !response.body)
      throw new InstallError(`HTTP ${response.status} ${response.statusText} from ${url}`);
    const expected = Number(response.headers.get('content-length') ?? NaN);
    const hash = createHash('sha256');
    const file = createWriteStream(part);
    let writeError: Error | null = null;
    file.on('error', (e) => (writeError ??= e));
    // Resolves on 'close' whatever errors the stream emits on the way (once() would reject).
    const closed = new Promise<void>((resolve) => file.once('close', () => resolve()));
    const abandon = async (): Promise<void> => {
      file.destroy();
      await closed;
    };
    let received = 0;
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        touch();
        hash.update(chunk);
        received += chunk.length;
        if (!file.write(chunk))
          await Promise.race([
            new Promise<void>((resolve) => file.once('drain', () => resolve())),
            closed,
          ]);
        if (writeError) break;
      }
    } catch (error) {
      await abandon();
      throw new InstallError(
        `the download from ${url} was interrupted after ${received} bytes (${describeFetchError(url, error)})`,
      );
    }
    if (!writeError) {
      file.end();
      await closed;
    } else await abandon();
    if (writeError)
      throw new InstallError(`cannot write ${dest}: ${(writeError as Error).message}`);
    if (Number.isFinite(expected) && received !== expected)
      throw new InstallError(
        `the download from ${url} was interrupted: ${received} of ${expected} bytes`,
      );
    const actual = hash.digest('hex');
    if (actual !== sha256)
      throw new InstallError(
        `checksum mismatch for ${url}: expected sha256 ${sha256}, got ${actual}; nothing was installed`,
      );
    renameSync(part, dest);
  } finally {
    clearTimeout(idle);
    rmSync(part, { force: true });
  }
}

/** Tries each URL in turn; returns the installed path or throws with every failure listed. */
export async function installTlc(options: InstallOptions): Promise<string> {
  const dest = options.dest ?? cachedJarPath();
  mkdirSync(dirname(dest), { recursive: true });
  const failures: string[] = [];
  for (const url of options.urls) {
    try {
      await downloadOne(url, options.sha256.toLowerCase(), dest, options.idleTimeoutMs ?? 30_000);
      return dest;
    } catch (error) {
      if (!(error instanceof InstallError)) throw error;
      failures.push(error.message);
    }
  }
  throw new InstallError(
    failures.length === 1 ? failures[0]! : `every source failed:\n  ${failures.join('\n  ')}`,
  );
}
