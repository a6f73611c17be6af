// The VS Code extension's TextMate grammar (editors/vscode/syntaxes), run by the engine VS
// Code runs it with (vscode-textmate on vscode-oniguruma) over the flagship and the constructs
// fixture: every keyword, name, number and comment gets the scope it should, and the grammar
// knows every keyword and built-in function the parser does.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { scanComments } from '../../generator/format/comments.ts';
import { FUNCTION_NAMES } from '../../generator/lower/operators.ts';
import { SpecIndex } from '../../generator/lsp/index.ts';
import { parseSpec } from '../../generator/parse/parse.ts';
import { KEYWORDS } from '../../generator/parse/parser.js';
import { ROOT } from '../helpers.ts';

const GRAMMAR = `${ROOT}editors/vscode/syntaxes/tether.tmLanguage.json`;
const SPECS = ['spec/session.tether', 'test/fixtures/golden/constructs.tether'];

let grammar: textmate.IGrammar;

beforeAll(async () => {
  const wasm = readFileSync(`${ROOT}node_modules/vscode-oniguruma/release/onig.wasm`);
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === 'source.tether'
        ? textmate.parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR)
        : null,
  });
  grammar = (await registry.loadGrammar('source.tether'))!;
});

/** Every token of a text with its offset and its innermost scope. */
function tokenize(text: string): { start: number; end: number; scopes: string[] }[] {
  const out: { start: number; end: number; scopes: string[] }[] = [];
  let stack = textmate.INITIAL;
  let offset = 0;
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens)
      out.push({
        start: offset + t.startIndex,
        end: offset + Math.min(t.endIndex, line.length),
        scopes: t.scopes,
      });
    stack = r.ruleStack;
    offset += line.length + 1;
  }
  return out;
}

const scopesAt = (tokens: ReturnType<typeof tokenize>, offset: number): string[] =>
  tokens.find((t) => t.start <= offset && offset < t.end)?.scopes ?? [];
/** The innermost scope at an offset. */
const scopeAt = (tokens: ReturnType<typeof tokenize>, offset: number): string =>
  scopesAt(tokens, offset).at(-1) ?? '';

describe('the TextMate grammar', () => {
  for (const file of SPECS)
    it(`scopes every keyword, name, number and comment of ${file}`, () => {
      const text = readFileSync(`${ROOT}${file}`, 'utf8');
      const tokens = tokenize(text);
      const comments = scanComments(text);
      const inComment = (o: number): boolean => comments.some((c) => o >= c.start && o < c.end);
      for (const c of comments)
        for (let o = c.start; o < c.end; o += 7)
          if (text[o] !== '\n')
            expect(
              scopesAt(tokens, o).some((x) => x.startsWith('comment.')),
              `comment at ${o}`,
            ).toBe(true);
      const words = [...text.matchAll(/\b[A-Za-z_][A-Za-z0-9_]*\b/g)].filter(
        (m) => !inComment(m.index),
      );
      let keywords = 0;
      for (const m of words.filter((w) => KEYWORDS.has(w[0]))) {
        const scope = scopeAt(tokens, m.index);
        // `set<…>` is a type, `event.f` reads the event, true/false/null are constants.
        expect(scope, `${m[0]} at ${m.index}`).toMatch(
          /^(keyword\.|constant\.language|support\.type|variable\.language\.event)/,
        );
        keywords++;
      }
      expect(keywords).toBeGreaterThan(50);
      for (const m of [...text.matchAll(/\b[0-9]+\b/g)].filter((x) => !inComment(x.index)))
        expect(scopeAt(tokens, m.index), `number at ${m.index}`).toBe(
          'constant.numeric.integer.tether',
        );
      // Every declared name and every use of one: a name, never a keyword.
      const index = new SpecIndex(parseSpec(text, file).ast!);
      expect(index.occurrences.length).toBeGreaterThan(100);
      for (const o of index.occurrences.filter((x) => index.declarations.has(x.key)))
        expect(scopeAt(tokens, o.span.start.offset), `name at ${o.span.start.offset}`).toMatch(
          /^(entity\.name|variable\.|support\.function)/,
        );
    });

  it('knows every keyword and built-in function of the parser', () => {
    const g = readFileSync(GRAMMAR, 'utf8');
    const words = new Set(g.match(/[A-Za-z_]+/g));
    for (const k of KEYWORDS) expect(words, k).toContain(k);
    for (const f of [...FUNCTION_NAMES, 'enabled']) expect(words, f).toContain(f);
  });
});
