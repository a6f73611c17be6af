// The VS Code client's choice of server command (editors/vscode/src/server-command.ts).

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Loaded by path, not type-checked here: the extension is a CommonJS package with its own
// tsconfig (editors/vscode), which compiles it when the .vsix is built.
const modulePath = '../../editors/vscode/src/server-command.ts';
const { serverCommand } = (await import(modulePath)) as {
  serverCommand: (
    setting: string | undefined,
    folders: readonly string[],
  ) => { command: string; args: string[] };
};

describe('the VS Code client starts', () => {
  it('the tether.server.path setting when set', () => {
    expect(serverCommand(' /opt/tether ', [])).toEqual({
      command: '/opt/tether',
      args: ['lsp', '--stdio'],
    });
  });

  it("else the first workspace folder's node_modules/.bin/tether, else npx", () => {
    const empty = mkdtempSync(join(tmpdir(), 'tether-ws-'));
    const project = mkdtempSync(join(tmpdir(), 'tether-ws-'));
    mkdirSync(join(project, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(join(project, 'node_modules', '.bin', 'tether'), '');
    expect(serverCommand('', [empty, project])).toEqual({
      command: join(project, 'node_modules', '.bin', 'tether'),
      args: ['lsp', '--stdio'],
    });
    expect(serverCommand(undefined, [empty])).toEqual({
      command: 'npx',
      args: ['--no-install', 'tether', 'lsp', '--stdio'],
    });
  });
});
