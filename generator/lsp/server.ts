// `tether lsp --stdio`: the Language Server Protocol over standard input and output, on the
// same front end as `lint` (frontend.ts) and the same formatter as `fmt`. Diagnostics on open
// and on change (debounced), formatting, the outline, folding, hover, go to definition and
// find references (lsp/index.ts).

import {
  CodeAction,
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  ResponseError,
  ErrorCodes,
  DiagnosticSeverity,
  DocumentSymbol,
  FoldingRange,
  FoldingRangeKind,
  Location,
  MarkupKind,
  ProposedFeatures,
  Range,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  TextEdit,
  type Connection,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../diagnostics/types.ts';
import { compileSpec } from '../frontend.ts';
import { formatSpec, FormatError } from '../format/format.ts';
import { scanComments } from '../format/comments.ts';
import type { Decl, Span, SpecFile } from '../parse/ast.ts';
import { KEYWORDS } from '../parse/parser.js';
import {
  BUILTIN_ACCEPT_REASONS,
  BUILTIN_FUNCTIONS,
  BUILTIN_REJECT_REASONS,
  BUILTIN_TYPES,
  BUILTIN_VALUES,
  CLOCK,
  VERSION,
} from '../check/symbols.ts';
import { SpecIndex, type Declaration } from './index.ts';
import { conformanceSearch, deadClauseDiagnostics } from '../conformance/output.ts';
import { buildPlan } from '../conformance/plan.ts';
import { ModelEvaluationError } from '../explore/evaluation-error.ts';
import type { IrMachine } from '../lower/ir.ts';

/** How long after the last keystroke a document is checked again. */
export const DEBOUNCE_MS = 150;
/** The largest model explored on save for the model's warnings (the flagship has 11,660). */
export const MODEL_STATES = 50_000;

export function lspRange(s: Span): Range {
  return Range.create(s.start.line - 1, s.start.column - 1, s.end.line - 1, s.end.column - 1);
}

/** A front-end diagnostic as LSP says it: the same code, span, severity, message and notes. */
export function lspDiagnostic(d: Diagnostic, uri: string): LspDiagnostic {
  return {
    range: lspRange(d.span),
    severity: d.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: 'tether',
    message: d.message,
    relatedInformation: d.related.map((r) => ({
      location: Location.create(uri, lspRange(r.span)),
      message: r.message,
    })),
  };
}

interface Analysis {
  readonly version: number;
  readonly ast: SpecFile | null;
  readonly ir: IrMachine | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly index: SpecIndex | null;
  /** The declared names: this version's, or the last that parsed (for completion). */
  readonly names: readonly Declaration[];
  readonly text: string;
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all)): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  const timers = new Map<string, NodeJS.Timeout>();

  /** The document's AST and index, computed once per version. */
  const analyse = (doc: TextDocument): Analysis => {
    const cached = analyses.get(doc.uri);
    if (cached?.version === doc.version) return cached;
    const text = doc.getText();
    const compiled = compileSpec(text, nameOf(doc.uri));
    const index = compiled.ast ? new SpecIndex(compiled.ast) : null;
    const analysis: Analysis = {
      version: doc.version,
      ast: compiled.ast,
      ir: compiled.ir,
      diagnostics: compiled.diagnostics,
      // Positions answer only from the text as it is: a spec that does not parse has no
      // index (the last good one would point into the old text), but its names still
      // complete.
      index,
      names: index ? [...index.declarations.values()] : (cached?.names ?? []),
      text,
    };
    analyses.set(doc.uri, analysis);
    publish(doc, analysis.diagnostics);
    return analysis;
  };
  const publish = (doc: TextDocument, diagnostics: readonly Diagnostic[]): void =>
    void connection.sendDiagnostics({
      uri: doc.uri,
      version: doc.version,
      diagnostics: diagnostics.map((d) => lspDiagnostic(d, doc.uri)),
    });

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: {
        openClose: true,
        change: TextDocumentSyncKind.Incremental,
        save: { includeText: false },
      },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentSymbolProvider: true,
      documentFormattingProvider: true,
      foldingRangeProvider: true,
      renameProvider: { prepareProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      completionProvider: { triggerCharacters: ['.'] },
      semanticTokensProvider: { legend: TOKEN_LEGEND, full: true },
    },
    serverInfo: { name: 'tether' },
  }));

  documents.onDidOpen((e) => void analyse(e.document));
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        const doc = documents.get(uri);
        if (doc) analyse(doc);
      }, DEBOUNCE_MS),
    );
  });
  // On save, the model's own findings (TTH6001, a require clause that never fails), as
  // `check` and `generate` report them, when the model has at most MODEL_STATES states; they
  // stay until the next change.
  documents.onDidSave((e) => {
    const a = analyse(e.document);
    if (!a.ir) return;
    let graph;
    try {
      graph = conformanceSearch(a.ir, { maxStates: MODEL_STATES });
    } catch (error) {
      if (error instanceof ModelEvaluationError) return; // `tether check` says why
      throw error;
    }
    if (graph.result.result !== 'pass' || graph.result.stopped) return;
    publish(e.document, [...a.diagnostics, ...deadClauseDiagnostics(a.ir, buildPlan(graph))]);
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    analyses.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const at = (uri: string, position: { line: number; character: number }) => {
    const doc = documents.get(uri);
    if (!doc) return null;
    const a = analyse(doc);
    const occurrence = a.index?.at(doc.offsetAt(position)) ?? null;
    return occurrence && a.index ? { doc, a, index: a.index, occurrence } : null;
  };

  connection.onDefinition(({ textDocument, position }) => {
    const found = at(textDocument.uri, position);
    const decl = found?.index.declarations.get(found.occurrence.key);
    return decl ? Location.create(textDocument.uri, lspRange(decl.span)) : null;
  });

  connection.onReferences(({ textDocument, position, context }) => {
    const found = at(textDocument.uri, position);
    if (!found) return [];
    return found.index
      .referencesOf(found.occurrence.key)
      .filter((o) => context.includeDeclaration || !o.declaration)
      .map((o) => Location.create(textDocument.uri, lspRange(o.span)));
  });

  connection.onHover(({ textDocument, position }) => {
    const found = at(textDocument.uri, position);
    const decl = found?.index.declarations.get(found.occurrence.key);
    if (!found || !decl) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: hoverText(decl, found.a.text) },
      range: lspRange(found.occurrence.span),
    };
  });

  connection.onDocumentSymbol(({ textDocument }) => {
    const doc = documents.get(textDocument.uri);
    const ast = doc ? analyse(doc).ast : null;
    return ast ? ast.decls.flatMap(symbolsOf) : [];
  });

  connection.onFoldingRanges(({ textDocument }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return [];
    const a = analyse(doc);
    return a.ast ? foldingRanges(a.ast, a.text) : [];
  });

  connection.onDocumentFormatting(({ textDocument }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return [];
    try {
      const r = formatSpec(doc.getText(), nameOf(doc.uri));
      // A spec with syntax errors is not formatted (its diagnostics say why).
      if (!r.ok || !r.changed) return [];
      return [TextEdit.replace(Range.create(0, 0, doc.lineCount, 0), r.text)];
    } catch (error) {
      if (error instanceof FormatError) {
        void connection.window.showErrorMessage(`tether: ${error.message}`);
        return [];
      }
      throw error;
    }
  });

  // Rename: every occurrence of the symbol, unless the new name is not a name, is a keyword or
  // a built-in, or is taken in the symbol's namespace.
  connection.onPrepareRename(({ textDocument, position }) => {
    const found = at(textDocument.uri, position);
    if (!found || !found.index.declarations.has(found.occurrence.key)) return null;
    return lspRange(found.occurrence.span);
  });
  connection.onRenameRequest(({ textDocument, position, newName }) => {
    const found = at(textDocument.uri, position);
    const decl = found?.index.declarations.get(found.occurrence.key);
    if (!found || !decl)
      throw new ResponseError(
        ErrorCodes.InvalidRequest,
        'nothing to rename here: not a declared name',
      );
    const refused =
      renameRefusal(decl, newName, found.index) ??
      renameBreaks(found.a, found.index, decl, newName, nameOf(textDocument.uri));
    if (refused) throw new ResponseError(ErrorCodes.InvalidRequest, refused);
    return {
      changes: {
        [textDocument.uri]: found.index
          .referencesOf(decl.key)
          .map((o) => TextEdit.replace(lspRange(o.span), newName)),
      },
    };
  });

  // Quick fixes: an undefined name the checker found a near declared name for.
  connection.onCodeAction(({ textDocument, context }) =>
    context.diagnostics.flatMap((d) => {
      const near =
        d.code === 'TTH1003'
          ? d.relatedInformation
              ?.map((r) => /^did you mean '(\w+)'\?$/.exec(r.message)?.[1])
              .find((x) => x)
          : undefined;
      if (!near) return [];
      return [
        CodeAction.create(
          `Change to '${near}'`,
          { changes: { [textDocument.uri]: [TextEdit.replace(d.range, near)] } },
          CodeActionKind.QuickFix,
        ),
      ].map((a) => ({ ...a, diagnostics: [d], isPreferred: true }));
    }),
  );

  connection.languages.semanticTokens.on(({ textDocument }) => {
    const doc = documents.get(textDocument.uri);
    const index = doc ? analyse(doc).index : null;
    return { data: index ? semanticTokens(index) : [] };
  });

  connection.onCompletion(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return [];
    const a = analyse(doc);
    return completions(a, doc.offsetAt(position));
  });

  documents.listen(connection);
  connection.listen();
}

/** How diagnostics name a document: its path for a file, else its URI. */
function nameOf(uri: string): string {
  return uri.startsWith('file://') ? decodeURIComponent(new URL(uri).pathname) : uri;
}

/** A declaration's kind, its source (the first lines of it) and the comments above it. */
export function hoverText(d: Declaration, text: string): string {
  const source = text.slice(d.decl.start.offset, d.decl.end.offset);
  const lines = source.split('\n');
  const shown =
    d.kind === 'bound'
      ? d.name
      : d.kind === 'field'
        ? source
        : [...lines.slice(0, 6), ...(lines.length > 6 ? ['…'] : [])].join('\n');
  const doc = docComment(text, d.decl.start.offset);
  const kind = d.kind === 'bound' ? 'bound name (a quantifier variable or a param)' : d.kind;
  return [`**${kind}** \`${d.name}\``, '```tether', shown, '```', ...(doc ? ['', doc] : [])].join(
    '\n',
  );
}

/** The comment lines right above an offset (no empty line between), without their markers. */
function docComment(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const above = scanComments(text.slice(0, lineStart)).filter((c) => c.own);
  const lines: string[] = [];
  let next = lineStart;
  for (let i = above.length - 1; i >= 0; i--) {
    const c = above[i]!;
    if (/\S/.test(text.slice(c.end, next)) || /\n\s*\n/.test(text.slice(c.end, next))) break;
    lines.unshift(c.text.replace(/^\/\/ ?|^\/\*+ ?|\s*\*\/$/g, ''));
    next = c.start;
  }
  return lines.join('\n');
}

function symbolsOf(d: Decl): DocumentSymbol[] {
  /** A symbol over `range`, named at `name`'s span. */
  const symbol = (
    name: { readonly name: string; readonly span: Span },
    kind: SymbolKind,
    range: Span,
    children?: DocumentSymbol[],
  ): DocumentSymbol =>
    DocumentSymbol.create(
      name.name,
      undefined,
      kind,
      lspRange(range),
      lspRange(name.span),
      children,
    );
  switch (d.kind) {
    case 'TypeDecl':
      return [symbol(d.name, SymbolKind.Class, d.span)];
    case 'EnumDecl':
      return [
        symbol(
          d.name,
          SymbolKind.Enum,
          d.span,
          d.members.map((m) => symbol(m, SymbolKind.EnumMember, m.span)),
        ),
      ];
    case 'ParamDecl':
    case 'ConstDecl':
      return [symbol(d.name, SymbolKind.Constant, d.span)];
    case 'StatesDecl':
      return d.states.map((s) => symbol(s.name, SymbolKind.EnumMember, s.span));
    case 'VarDecl':
      return [symbol(d.name, SymbolKind.Variable, d.span)];
    case 'DefDecl':
      return [symbol(d.name, SymbolKind.Function, d.span)];
    case 'EventDecl':
      return [
        symbol(
          d.name,
          SymbolKind.Event,
          d.span,
          d.fields.map((f) => symbol(f.name, SymbolKind.Field, f.span)),
        ),
      ];
    case 'TransitionDecl':
      return [symbol(d.name, SymbolKind.Method, d.span)];
    case 'InvariantDecl':
    case 'StepDecl':
    case 'PropertyDecl':
      return [symbol(d.name, SymbolKind.Boolean, d.span)];
    default:
      return [];
  }
}

/** A declaration over several lines folds, and so does a run of comment lines. */
function foldingRanges(ast: SpecFile, text: string): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const d of ast.decls)
    if (d.span.end.line > d.span.start.line)
      out.push(FoldingRange.create(d.span.start.line - 1, d.span.end.line - 1));
  const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length - 1;
  let run: { start: number; end: number } | null = null;
  for (const c of scanComments(text).filter((x) => x.own)) {
    const start = lineOf(c.start);
    const end = lineOf(c.end);
    if (run && start === run.end + 1) run.end = end;
    else {
      if (run && run.end > run.start)
        out.push(
          FoldingRange.create(run.start, run.end, undefined, undefined, FoldingRangeKind.Comment),
        );
      run = { start, end };
    }
  }
  if (run && run.end > run.start)
    out.push(
      FoldingRange.create(run.start, run.end, undefined, undefined, FoldingRangeKind.Comment),
    );
  return out;
}

/** Why a symbol cannot take a new name, or null when it can. */
export function renameRefusal(d: Declaration, name: string, index: SpecIndex): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    return `'${name}' is not a name (letters, digits and _, not starting with a digit)`;
  if (KEYWORDS.has(name)) return `'${name}' is a keyword`;
  const builtins: readonly string[] = [
    ...BUILTIN_VALUES,
    VERSION,
    CLOCK,
    ...BUILTIN_TYPES,
    ...BUILTIN_FUNCTIONS,
    ...BUILTIN_REJECT_REASONS,
    ...BUILTIN_ACCEPT_REASONS,
  ];
  if (builtins.includes(name)) return `'${name}' is built in`;
  if (name === d.name) return null;
  const namespace = d.key.slice(0, 2);
  const taken =
    d.kind === 'bound'
      ? undefined // bound names only clash where one would capture the other (renameBreaks)
      : [...index.declarations.values()].find((x) =>
          namespace === 'f:'
            ? x.key === `${d.key.slice(0, d.key.lastIndexOf('.') + 1)}${name}`
            : x.key === `${namespace}${name}`,
        );
  return taken
    ? `'${name}' is already the name of a${/^[aeiou]/.test(taken.kind) ? 'n' : ''} ${taken.kind} (line ${taken.span.start.line})`
    : null;
}

/** Why the renamed spec would mean something else or not check: a use captured by a
 *  quantifier variable or param of the new name (or the renamed bound name capturing a use of
 *  another), or an error the spec did not have before (a clash across namespaces, TTH1012). */
function renameBreaks(
  a: Analysis,
  index: SpecIndex,
  d: Declaration,
  name: string,
  file: string,
): string | null {
  const inside = (o: { span: Span }, scope: Span): boolean =>
    o.span.start.offset >= scope.start.offset && o.span.end.offset <= scope.end.offset;
  const uses = index.referencesOf(d.key);
  for (const b of index.declarations.values()) {
    if (b.kind !== 'bound' || b.name !== name) continue;
    const captured = uses.find((o) => !o.declaration && inside(o, b.decl));
    if (captured)
      return `'${name}' would capture the use of '${d.name}' on line ${captured.span.start.line} (a quantifier variable or param of that name is in scope there)`;
  }
  if (d.kind === 'bound') {
    const other = index.occurrences.find(
      (o) => o.key !== d.key && inside(o, d.decl) && index.declarations.get(o.key)?.name === name,
    );
    if (other)
      return `'${name}' would capture the use of '${name}' on line ${other.span.start.line}`;
  }
  let text = a.text;
  for (const o of [...uses].sort((x, y) => y.span.start.offset - x.span.start.offset))
    text = text.slice(0, o.span.start.offset) + name + text.slice(o.span.end.offset);
  const before = new Set(a.diagnostics.filter((x) => x.severity === 'error').map((x) => x.code));
  const fresh = compileSpec(text, file).diagnostics.find(
    (x) => x.severity === 'error' && !before.has(x.code),
  );
  return fresh
    ? `renaming '${d.name}' to '${name}' would give ${fresh.code}: ${fresh.message}`
    : null;
}

/** What may be typed at an offset: the fields of the transition's event after `event.`, the
 *  reasons of the right polarity after `reason` and `else`, else the keywords and the names. */
function completions(
  a: Analysis,
  offset: number,
): { label: string; kind: CompletionItemKind; detail?: string }[] {
  // Comments are not code: blanked, so that their words are not read as names.
  let code = a.text;
  for (const c of scanComments(a.text))
    code = code.slice(0, c.start) + ' '.repeat(c.end - c.start) + code.slice(c.end);
  const before = code.slice(0, offset);
  const decls = a.names;
  if (/\bevent\s*\.\s*\w*$/.test(before)) {
    // The transition being written: the last header before the cursor (on one line or more).
    const header = before.slice(
      Math.max(0, before.search(/\btransition\b(?![\s\S]*\btransition\b)/)),
    );
    const event = /^transition\s+\w+\s*:[\s\S]*?\bon\s+(\w+)/.exec(header)?.[1];
    return decls
      .filter((d) => d.kind === 'field' && d.key.startsWith(`f:${event}.`))
      .map((d) => ({ label: d.name, kind: CompletionItemKind.Field, detail: `field of ${event}` }));
  }
  const word = /\b(reason|else)\s+\w*$/.exec(before)?.[1];
  // `if … then … else` inside the clause: that `else` takes an expression, not a reason.
  const clause = before.slice(
    Math.max(
      0,
      before.search(/\b(require|set|ensure|reason)\b(?![\s\S]*\b(require|set|ensure|reason)\b)/),
    ),
  );
  if (word && !(word === 'else' && /\bthen\b/.test(clause))) {
    const polarity = word === 'reason' ? 'accept' : 'reject';
    const reasons = [...code.matchAll(new RegExp(`\\b${polarity}\\s*\\{([^}]*)\\}`, 'g'))]
      .flatMap((m) => m[1]!.split(/[\s,]+/))
      .filter((r) => /^\w+$/.test(r));
    return [...new Set(reasons)].map((r) => ({
      label: r,
      kind: CompletionItemKind.EnumMember,
      detail: `${polarity} reason`,
    }));
  }
  const kinds: Record<string, CompletionItemKind> = {
    type: CompletionItemKind.Class,
    enum: CompletionItemKind.Enum,
    'enum member': CompletionItemKind.EnumMember,
    param: CompletionItemKind.Constant,
    state: CompletionItemKind.EnumMember,
    const: CompletionItemKind.Constant,
    var: CompletionItemKind.Variable,
    def: CompletionItemKind.Function,
    transition: CompletionItemKind.Method,
    event: CompletionItemKind.Event,
  };
  return [
    ...[...KEYWORDS].map((k) => ({ label: k, kind: CompletionItemKind.Keyword })),
    ...decls
      .filter((d) => d.kind in kinds)
      .map((d) => ({ label: d.name, kind: kinds[d.kind]!, detail: d.kind })),
  ];
}

/** The names' token types, by what they name (keywords, numbers and comments are the editor
 *  grammar's: editors/vscode). */
const TOKEN_TYPES: Record<Declaration['kind'], string> = {
  type: 'type',
  enum: 'enum',
  'enum member': 'enumMember',
  param: 'variable',
  state: 'enumMember',
  const: 'variable',
  var: 'variable',
  def: 'function',
  event: 'event',
  field: 'property',
  transition: 'method',
  reason: 'enumMember',
  bound: 'parameter',
};
const TOKEN_TYPE_LIST = [...new Set(Object.values(TOKEN_TYPES))];
export const TOKEN_LEGEND = {
  tokenTypes: TOKEN_TYPE_LIST,
  tokenModifiers: ['declaration', 'readonly'],
};

/** Every declared name's occurrences as LSP semantic tokens (relative positions). */
export function semanticTokens(index: SpecIndex): number[] {
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const o of index.occurrences) {
    const d = index.declarations.get(o.key);
    if (!d) continue; // a built-in (size, keys, …)
    const l = o.span.start.line - 1;
    const c = o.span.start.column - 1;
    const readonly = d.kind === 'param' || d.kind === 'const';
    data.push(
      l - line,
      l === line ? c - character : c,
      o.span.end.offset - o.span.start.offset,
      TOKEN_TYPE_LIST.indexOf(TOKEN_TYPES[d.kind]),
      (o.declaration ? 1 : 0) | (readonly ? 2 : 0),
    );
    line = l;
    character = c;
  }
  return data;
}
