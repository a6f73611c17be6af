// Which command the VS Code client starts as the language server (no `vscode` import, so
// it is tested outside VS Code: test/editors/server-command.test.ts).

import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The `tether.server.path` setting if set, else a workspace folder's
 *  node_modules/.bin/tether, else `npx --no-install tether`; each run as `lsp --stdio`. */
export function serverCommand(
  setting: string | undefined,
  folders: readonly string[],
  platform: string = process.platform,
): { command: string; args: string[] } {
  if (setting && setting.trim() !== '')
    return { command: setting.trim(), args: ['lsp', '--stdio'] };
  for (const folder of folders) {
    const bin = join(
      folder,
      'node_modules',
      '.bin',
      platform === 'win32' ? 'tether.cmd' : 'tether',
    );
    if (existsSync(bin)) return { command: bin, args: ['lsp', '--stdio'] };
  }
  return { command: 'npx', args: ['--no-install', 'tether', 'lsp', '--stdio'] };
}
