// The VS Code client: starts `tether lsp --stdio` for .tether files. The command is the
// `tether.server.path` setting if set, else the workspace's node_modules/.bin/tether, else
// `npx tether` (the package `tether-spec` installed in the project).

import { serverCommand } from './server-command';
import { workspace, type ExtensionContext } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type Executable,
  type LanguageClientOptions,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const { command, args } = serverCommand(
    workspace.getConfiguration('tether').get<string>('server.path'),
    (workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
  );
  const run: Executable = { command, args, transport: TransportKind.stdio };
  const options: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'tether' }],
  };
  client = new LanguageClient('tether', 'Tether', { run, debug: run }, options);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
