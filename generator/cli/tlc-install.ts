// `tether tlc install [--url URL --sha256 HEX]`: download the pinned TLC (tla2tools.jar) into
// ~/.cache/tether, sha256-verified (tlc/install.ts).

import { InstallError, TLC_PIN, installTlc } from '../tlc/install.ts';
import { CliError } from './io.ts';
import type { Out } from './output.ts';

export async function runTlcInstall(
  url: string | undefined,
  sha256: string | undefined,
  stdout: Out,
): Promise<number> {
  if ((url === undefined) !== (sha256 === undefined))
    throw new CliError('--url and --sha256 go together: a download is always verified');
  if (sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(sha256))
    throw new CliError('--sha256 takes 64 hexadecimal digits');
  const urls = url ? [url] : TLC_PIN.urls;
  stdout.write(`downloading TLC ${url ? `from ${url}` : TLC_PIN.version}...\n`);
  try {
    const path = await installTlc({ urls, sha256: sha256 ?? TLC_PIN.sha256 });
    stdout.write(`installed ${path} (sha256 verified)\n`);
    return 0;
  } catch (error) {
    if (error instanceof InstallError) throw new CliError(`tlc install failed: ${error.message}`);
    throw error;
  }
}
