// `tether lsp [--stdio]`: the language server (lsp/server.ts) over standard input and output,
// as editors start it. It runs until the client asks it to exit.

import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { startServer } from '../lsp/server.ts';

export function runLsp(): Promise<number> {
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(process.stdin),
    new StreamMessageWriter(process.stdout),
  );
  startServer(connection);
  // The connection ends the process on `exit`; until then this never resolves.
  return new Promise(() => {});
}
