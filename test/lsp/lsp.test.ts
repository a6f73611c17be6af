// `tether lsp --stdio` through a real LSP client over stdio (vscode-languageserver-protocol's
// connection on the spawned bin): diagnostics as lint gives them, on open and after a change;
// hover, definition, references, the outline, folding and formatting on the flagship.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest,
  CompletionRequest,
  createProtocolConnection,
  RenameRequest,
  SemanticTokensRequest,
  type CodeAction,
  type CompletionItem,
  type WorkspaceEdit,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  ExitNotification,
  FoldingRangeRequest,
  DefinitionRequest,
  HoverRequest,
  InitializeRequest,
  InitializedNotification,
  PublishDiagnosticsNotification,
  ReferencesRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type DocumentSymbol,
  type Hover,
  type Location,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { compileSpec } from '../../generator/frontend.ts';
import { scanComments } from '../../generator/format/comments.ts';
import { ROOT } from '../helpers.ts';
import { BIN } from '../cli/spawn-cli.ts';

const FLAGSHIP = readFileSync(`${ROOT}spec/session.tether`, 'utf8');
const URI = 'file:///work/specs/session.tether';

let child: ChildProcess;
/** The server's semantic token types, by index. */
let legend: string[] = [];
let client: ProtocolConnection;
const published: PublishDiagnosticsParams[] = [];
const waiters: ((p: PublishDiagnosticsParams) => void)[] = [];

/** The next diagnostics published for a URI. */
function nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve) => {
    const wait = (p: PublishDiagnosticsParams): void => {
      if (p.uri === uri) resolve(p);
      else waiters.push(wait);
    };
    waiters.push(wait);
  });
}

/** The position of the n-th occurrence of a word in the flagship (0-based line, character). */
function positionOf(word: string, n = 0, text = FLAGSHIP): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(word, at + 1);
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}

beforeAll(async () => {
  child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  client = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  client.onNotification(PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    const w = waiters.splice(0);
    for (const f of w) f(p);
  });
  client.listen();
  const init = await client.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
  });
  expect(init.capabilities).toMatchObject({
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    documentFormattingProvider: true,
  });
  legend = init.capabilities.semanticTokensProvider!.legend.tokenTypes;
  await client.sendNotification(InitializedNotification.type, {});
  const first = nextDiagnostics(URI);
  await client.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: URI, languageId: 'tether', version: 1, text: FLAGSHIP },
  });
  expect((await first).diagnostics).toEqual([]);
}, 60_000);

afterAll(async () => {
  await client.sendRequest(ShutdownRequest.type);
  await client.sendNotification(ExitNotification.type);
  await new Promise((resolve) => child.once('exit', resolve));
  client.dispose();
});

describe('tether lsp over stdio', { timeout: 60_000 }, () => {
  it('publishes the diagnostics lint gives, after a change, and none once it is undone', async () => {
    const broken = FLAGSHIP.replace(
      'require now >= session_deadline',
      'require now >= sesion_deadline',
    );
    const after = nextDiagnostics(URI);
    await client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: broken }],
    });
    const got = await after;
    const lint = compileSpec(broken, '/work/specs/session.tether').diagnostics;
    expect(
      got.diagnostics.map((d) => [
        d.code,
        d.message,
        d.range.start.line + 1,
        d.range.start.character + 1,
      ]),
    ).toEqual(lint.map((d) => [d.code, d.message, d.span.start.line, d.span.start.column]));
    expect(got.diagnostics[0]).toMatchObject({ code: 'TTH1003', severity: 1, source: 'tether' });
    const fixed = nextDiagnostics(URI);
    await client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: URI, version: 3 },
      contentChanges: [{ text: FLAGSHIP }],
    });
    expect((await fixed).diagnostics).toEqual([]);
  });

  it('hovers a name with its declaration and the comment above it', async () => {
    const hover = (await client.sendRequest(HoverRequest.type, {
      textDocument: { uri: URI },
      position: positionOf('loss_deadline', 3),
    })) as Hover;
    const text = (hover.contents as { value: string }).value;
    expect(text).toContain('**var** `loss_deadline`');
    expect(text).toContain('var loss_deadline: Time? = null');
  });

  it('goes from a use to the declaration, and finds every reference', async () => {
    const use = positionOf('MaxSwitchesPerWindow', 2);
    const def = (await client.sendRequest(DefinitionRequest.type, {
      textDocument: { uri: URI },
      position: use,
    })) as Location;
    expect(def.range.start).toEqual(positionOf('MaxSwitchesPerWindow', 0));
    const refs = (await client.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: URI },
      position: use,
      context: { includeDeclaration: true },
    })) as Location[];
    const count = FLAGSHIP.match(/\bMaxSwitchesPerWindow\b/g)!.length;
    expect(refs).toHaveLength(count);
    // enabled(t) names a transition: its references are the declaration and that use.
    const inEnabled = positionOf('enabled(reattach)');
    const reattach = (await client.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: URI },
      position: { ...inEnabled, character: inEnabled.character + 'enabled('.length },
      context: { includeDeclaration: true },
    })) as Location[];
    expect(reattach.map((l) => l.range.start)).toEqual([
      positionOf('reattach:'),
      { ...inEnabled, character: inEnabled.character + 'enabled('.length },
    ]);
    const fields = (await client.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: URI },
      position: positionOf('nonce: Nonce'),
      context: { includeDeclaration: true },
    })) as Location[];
    expect(fields.length).toBe(1 + FLAGSHIP.match(/event\.nonce\b/g)!.length);
  });

  it('renames every occurrence, and refuses keywords, built-ins and taken names', async () => {
    const edit = (await client.sendRequest(RenameRequest.type, {
      textDocument: { uri: URI },
      position: positionOf('switches', 3),
      newName: 'switch_count',
    })) as WorkspaceEdit;
    const edits = edit.changes![URI]!;
    // Every `switches` outside comments.
    let code = FLAGSHIP;
    for (const c of scanComments(FLAGSHIP))
      code = code.slice(0, c.start) + ' '.repeat(c.end - c.start) + code.slice(c.end);
    expect(edits).toHaveLength(code.match(/\bswitches\b/g)!.length);
    expect(new Set(edits.map((e) => e.newText))).toEqual(new Set(['switch_count']));
    for (const [newName, why] of [
      ['and', /'and' is a keyword/],
      ['state', /'state' is built in/],
      ['loss_deadline', /already the name of a var/],
      ['2x', /not a name/],
      // A clash across namespaces the checker refuses: the renamed spec would not check.
      ['S2_no_silent_reset', /would give TTH1012: step 'S2_no_silent_reset' and variable/],
    ] as const)
      await expect(
        client.sendRequest(RenameRequest.type, {
          textDocument: { uri: URI },
          position: positionOf('switches', 3),
          newName,
        }),
      ).rejects.toThrow(why);
  });

  it('answers positions only from text that parses (a syntax error: no stale answers)', async () => {
    const uri = 'file:///work/specs/broken.tether';
    const good =
      'machine M\nstates { initial A, terminal Z }\nvar count: 0..3 = 0\ninvariant i: count == 0\n';
    const opened = nextDiagnostics(uri);
    await client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'tether', version: 1, text: good },
    });
    await opened;
    const changed = nextDiagnostics(uri);
    await client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: `machine M\ngarbage garbage garbage\n${good.slice(10)}` }],
    });
    expect((await changed).diagnostics[0]!.code).toBe('TTH0001');
    for (const position of [
      { line: 3, character: 5 },
      { line: 2, character: 4 },
    ]) {
      expect(
        await client.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position }),
      ).toBeNull();
      await expect(
        client.sendRequest(RenameRequest.type, { textDocument: { uri }, position, newName: 'n' }),
      ).rejects.toThrow(/nothing to rename here/);
    }
  });

  it('offers the did-you-mean fix for an undefined name, as lint prints it', async () => {
    const uri = 'file:///work/specs/typo.tether';
    const text =
      'machine M\nstates { initial A, terminal Z }\nvar session_deadline: 0..3 = 0\ninvariant i: sesion_deadline == 0\n';
    const opened = nextDiagnostics(uri);
    await client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'tether', version: 1, text },
    });
    const { diagnostics } = await opened;
    expect(diagnostics[0]!.relatedInformation![0]!.message).toBe(
      "did you mean 'session_deadline'?",
    );
    const actions = (await client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    })) as CodeAction[];
    expect(actions.map((x) => x.title)).toEqual(["Change to 'session_deadline'"]);
    expect(actions[0]!.edit!.changes![uri]).toEqual([
      { range: diagnostics[0]!.range, newText: 'session_deadline' },
    ]);
  });

  it("completes the event's fields after event., reasons after else, and names elsewhere", async () => {
    const complete = async (marker: string, n = 0): Promise<string[]> => {
      const p = positionOf(marker, n);
      const items = (await client.sendRequest(CompletionRequest.type, {
        textDocument: { uri: URI },
        position: { ...p, character: p.character + marker.length },
      })) as CompletionItem[];
      return items.map((i) => i.label);
    };
    // `require event.proof_valid else PROOF_INVALID` in reattach, on REATTACH.
    expect(await complete('require event.', 2)).toEqual([
      'transport',
      'proof_valid',
      'nonce',
      'ownership_conflict',
    ]);
    const reasons = await complete('else ', 1);
    expect(reasons).toContain('DUAL_ACTIVE');
    expect(reasons).not.toContain('REATTACH_ACK');
    // A header over two lines, an if's else, reasons with a comment among them.
    const uri = 'file:///work/specs/complete.tether';
    const text =
      'machine M\nstates { initial A, terminal Z }\nevent E { x: Bool }\nevent F { y: Bool }\naccept { OK /* the happy path */ }\nreject { NO }\nvar n: 0..3 = 0\ntransition t: A -> A on E\n  reason OK\ntransition u:\n    A -> A on F\n  reason OK\n  require event.\n  set n = if true then 1 else \n';
    // First as it was before the user typed (it parses), then as it is now (it does not).
    const opened = nextDiagnostics(uri);
    await client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {
        uri,
        languageId: 'tether',
        version: 1,
        text: text
          .replace('require event.\n', 'require event.y else NO\n')
          .replace('else \n', 'else 0\n'),
      },
    });
    expect((await opened).diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    const changed = nextDiagnostics(uri);
    await client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text }],
    });
    await changed;
    const labels = async (marker: string): Promise<string[]> => {
      const p = positionOf(marker, 0, text);
      const items = (await client.sendRequest(CompletionRequest.type, {
        textDocument: { uri },
        position: { ...p, character: p.character + marker.length },
      })) as CompletionItem[];
      return items.map((i) => i.label);
    };
    expect(await labels('require event.')).toEqual(['y']);
    const afterElse = await labels('then 1 else ');
    expect(afterElse).toContain('n');
    expect(afterElse).not.toContain('NO');
    expect(await labels('  reason ')).toEqual(['OK']);
    const names = await complete('ensure ');
    expect(names).toEqual(expect.arrayContaining(['active_transport', 'RECOVERING', 'forall']));
  });

  it("adds the model's warnings (TTH6001) on save, as check reports them", async () => {
    const uri = 'file:///work/specs/dead.tether';
    const text = readFileSync(
      `${ROOT}test/fixtures/diagnostics/TTH6001-dead-require-clause.tether`,
      'utf8',
    );
    const opened = nextDiagnostics(uri);
    await client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'tether', version: 1, text },
    });
    expect((await opened).diagnostics.map((d) => d.code)).not.toContain('TTH6001');
    const saved = nextDiagnostics(uri);
    await client.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
    const expected = readFileSync(
      `${ROOT}test/fixtures/diagnostics/TTH6001-dead-require-clause.expected`,
      'utf8',
    );
    const dead = (await saved).diagnostics.filter((d) => d.code === 'TTH6001');
    expect(dead).toHaveLength(1);
    expect(expected).toContain(
      `:${dead[0]!.range.start.line + 1}:${dead[0]!.range.start.character + 1}: warning TTH6001: ${dead[0]!.message}`,
    );
  });

  it('colours names by what they name (semantic tokens)', async () => {
    const init = await client.sendRequest(SemanticTokensRequest.type, {
      textDocument: { uri: URI },
    });
    const data = init!.data;
    // Decoded: [line, character, length, type, modifiers] per token.
    const tokens: number[][] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i]!;
      character = data[i]! === 0 ? character + data[i + 1]! : data[i + 1]!;
      tokens.push([line, character, data[i + 2]!, data[i + 3]!, data[i + 4]!]);
    }
    const at = (p: { line: number; character: number }) =>
      tokens.find((t) => t[0] === p.line && t[1] === p.character);
    const decl = at(positionOf('switches: 0..'))!;
    const use = at(positionOf('switches', 3))!;
    expect(decl[2]).toBe('switches'.length);
    expect(legend[decl[3]!]).toBe('variable');
    expect(use[3]).toBe(decl[3]);
    expect(decl[4]! & 1).toBe(1); // its declaration
    expect(use[4]! & 1).toBe(0);
    expect(at(positionOf('RecoveryWindow:'))![4]! & 2).toBe(2); // a param: readonly
    expect(legend[at(positionOf('reattach:'))![3]!]).toBe('method'); // a transition
  });

  it('gives the outline, the folding ranges and the formatting edits', async () => {
    const symbols = (await client.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: URI },
    })) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toEqual(
      expect.arrayContaining(['reattach', 'BIRTH', 'REATTACH']),
    );
    expect(symbols.find((s) => s.name === 'REATTACH')!.children!.map((c) => c.name)).toEqual([
      'transport',
      'proof_valid',
      'nonce',
      'ownership_conflict',
    ]);
    const folds = await client.sendRequest(FoldingRangeRequest.type, {
      textDocument: { uri: URI },
    });
    expect(folds!.some((f) => f.startLine === positionOf('transition reattach').line)).toBe(true);
    // The flagship is formatted: no edit. A messy copy gets the whole formatted text.
    expect(
      await client.sendRequest(DocumentFormattingRequest.type, {
        textDocument: { uri: URI },
        options: { tabSize: 2, insertSpaces: true },
      }),
    ).toEqual([]);
    const messy = 'file:///work/specs/messy.tether';
    const opened = nextDiagnostics(messy);
    await client.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {
        uri: messy,
        languageId: 'tether',
        version: 1,
        text: 'machine  M\ntype   T\n',
      },
    });
    await opened;
    const edits = (await client.sendRequest(DocumentFormattingRequest.type, {
      textDocument: { uri: messy },
      options: { tabSize: 2, insertSpaces: true },
    })) as TextEdit[];
    expect(edits.map((e) => e.newText)).toEqual(['machine M\ntype T\n']);
  });
});
