// npm run bench:lsp — how fast the language server answers a keystroke on the flagship
// (issue 14, deliverable 1; goal: under 50 ms). The bin is spawned as an editor starts it
// (`tether lsp --stdio`) and driven by vscode-languageserver-protocol's client: each round
// changes the document (one character typed at the end of a line) and asks for completion
// there, which re-checks the changed spec before it answers; the time is from sending the
// change to the answer. Then rounds of changes alone: the time until their diagnostics
// arrive, past the 150 ms debounce. Figures, not assertions.
//
//   npm run bench:lsp            a table        npm run bench:lsp -- --json

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CompletionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { DEBOUNCE_MS } from '../generator/lsp/server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = 40;
const json = process.argv.includes('--json');
const text = readFileSync(`${ROOT}spec/session.tether`, 'utf8');
const uri = 'file:///bench/session.tether';

const child = spawn(process.execPath, [`${ROOT}generator/cli/bin.mjs`, 'lsp', '--stdio'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const client = createProtocolConnection(
  new StreamMessageReader(child.stdout!),
  new StreamMessageWriter(child.stdin!),
);
let onDiagnostics: ((version: number | undefined) => void) | null = null;
client.onNotification(PublishDiagnosticsNotification.type, (p) => onDiagnostics?.(p.version));
client.listen();
await client.sendRequest(InitializeRequest.type, {
  processId: process.pid,
  rootUri: null,
  capabilities: {},
});
await client.sendNotification(InitializedNotification.type, {});
await client.sendNotification(DidOpenTextDocumentNotification.type, {
  textDocument: { uri, languageId: 'tether', version: 1, text },
});

const line = text.split('\n').findIndex((l) => l.startsWith('transition reattach'));
let current = text;
let version = 1;
/** Types one space at the end of the reattach header; with `complete`, then asks for
 *  completion there and returns the time to the answer, else the time to the diagnostics. */
async function keystroke(complete: boolean): Promise<number> {
  version++;
  const mine = version;
  const character = current.split('\n')[line]!.length;
  current = current
    .split('\n')
    .map((l, i) => (i === line ? `${l} ` : l))
    .join('\n');
  const started = performance.now();
  const published = new Promise<number>((resolve) => {
    onDiagnostics = (v) => v === mine && resolve(performance.now() - started);
  });
  await client.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: mine },
    contentChanges: [
      { range: { start: { line, character }, end: { line, character } }, text: ' ' },
    ],
  });
  if (!complete) return published;
  await client.sendRequest(CompletionRequest.type, {
    textDocument: { uri },
    position: { line, character: character + 1 },
  });
  const answered = performance.now() - started;
  await published;
  return answered;
}
const answers: number[] = [];
const diagnostics: number[] = [];
for (let round = 0; round < ROUNDS; round++) answers.push(await keystroke(true));
for (let round = 0; round < ROUNDS; round++) diagnostics.push(await keystroke(false));
await client.sendRequest(ShutdownRequest.type);
await client.sendNotification(ExitNotification.type);
client.dispose();

const stats = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[s.length >> 1]!, p95: s[Math.floor(s.length * 0.95)]!, max: s.at(-1)! };
};
const result = {
  rounds: ROUNDS,
  keystrokeToAnswerMs: stats(answers.slice(5)),
  keystrokeToDiagnosticsMs: stats(diagnostics.slice(5)),
  debounceMs: DEBOUNCE_MS,
};
if (json) console.log(JSON.stringify(result, null, 2));
else {
  const f = (x: number): string => x.toFixed(1).padStart(7);
  console.log(`flagship, ${ROUNDS} keystrokes of each kind (the first 5 left out as warm-up):`);
  console.log('                                median     p95     max   (ms)');
  const a = result.keystrokeToAnswerMs;
  const d = result.keystrokeToDiagnosticsMs;
  console.log(`keystroke → completion answer ${f(a.median)} ${f(a.p95)} ${f(a.max)}   goal < 50`);
  console.log(
    `keystroke → diagnostics       ${f(d.median)} ${f(d.p95)} ${f(d.max)}   (${DEBOUNCE_MS} ms of it the debounce)`,
  );
}
