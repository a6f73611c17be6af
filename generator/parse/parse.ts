// Parse stage: source text → AST, or syntax diagnostics in the shared shape. The parser
// itself is generated from grammar/tether.peggy; this file only maps its errors.

import type { Position, Span, SpecFile } from './ast.ts';
import {
  KEYWORDS,
  parse,
  SyntaxError as PeggySyntaxError,
  type PeggyExpectation,
} from './parser.js';
import { DiagnosticSink } from '../diagnostics/types.ts';
import { findDeepNesting, locateDeepNesting, MAX_NESTING } from './nesting.ts';

/** The result of parsing one file: an AST when the text is well-formed. */
export interface Parsed {
  readonly ast: SpecFile | null;
  readonly sink: DiagnosticSink;
}

export function parseSpec(text: string, file: string): Parsed {
  const sink = new DiagnosticSink(file);
  try {
    const ast = parse(text, { grammarSource: file });
    // Later stages recurse once per level: deeper nesting stops here, located (TTH0003).
    const deep = findDeepNesting(ast);
    for (const span of deep) sink.report('TTH0003', span, { limit: String(MAX_NESTING) });
    return { ast: deep.length > 0 ? null : ast, sink };
  } catch (error) {
    if (error instanceof PeggySyntaxError) {
      const start = error.location.start;
      const token = tokenAt(text, start.offset);
      const expected = error.expected ?? [];
      // A keyword where a name is expected (`event E { reason: Bool }`) is marked at the word.
      const span =
        token !== null && KEYWORDS.has(token) && expected.some(isName)
          ? wordSpan(start, token)
          : spanAt(text, start);
      sink.report('TTH0001', span, { detail: describeSyntaxError(expected, token) });
      return { ast: null, sink };
    }
    if (error instanceof RangeError) {
      // Nesting far past the limit exhausts the recursive-descent parser's stack; the
      // tokens say where.
      sink.report('TTH0003', spanAt(text, locateDeepNesting(text)), { limit: String(MAX_NESTING) });
      return { ast: null, sink };
    }
    throw error;
  }
}

/** The word or character at an offset (what the user sees as "the token"), or null at the end. */
function tokenAt(text: string, offset: number): string | null {
  if (offset >= text.length) return null;
  const token = /^(?:[A-Za-z0-9_]+|[=!<>~+*\-|&.:]+)/.exec(text.slice(offset, offset + 64));
  return token ? token[0] : text.charAt(offset);
}

const isName = (e: PeggyExpectation): boolean => e.type === 'other' && e.description === 'name';

/** The span of a word on one line that starts at a position. */
function wordSpan(start: Position, word: string): Span {
  return {
    start,
    end: {
      offset: start.offset + word.length,
      line: start.line,
      column: start.column + word.length,
    },
  };
}

/** A one-character span at a position (clamped to the end of the text). */
function spanAt(text: string, start: Position): Span {
  const end =
    start.offset < text.length && text[start.offset] !== '\n'
      ? { offset: start.offset + 1, line: start.line, column: start.column + 1 }
      : start;
  return { start, end };
}

// Expectations that every position allows and that would only add noise.
function isNoise(e: PeggyExpectation): boolean {
  if (e.type === 'literal') return e.text === '//' || e.text === '/*';
  if (e.type === 'class') {
    const parts = e.parts.map((p) => (typeof p === 'string' ? p : p.join('-'))).join('');
    return parts === ' \t\r\n' || parts === 'A-Za-z0-9_' || parts === '0-9';
  }
  return false;
}

function describeExpectation(e: PeggyExpectation): string[] {
  switch (e.type) {
    case 'literal':
      return [`'${e.text}'`];
    case 'class':
      // Peggy folds alternatives like "<" / ">" into a class: list its members.
      return e.inverted
        ? ['a character']
        : e.parts.map((p) => (typeof p === 'string' ? `'${p}'` : `'${p[0]}'..'${p[1]}'`));
    case 'any':
      return ['any character'];
    case 'end':
      return ['end of input'];
    case 'other':
      return [
        e.description === 'integer'
          ? 'an integer'
          : e.description === 'name'
            ? 'a name'
            : e.description,
      ];
    default: {
      const unreachable: never = e;
      return [String(unreachable)];
    }
  }
}

// Long alternatives are folded into one word each, so a message stays readable.
// `[` both indexes a map (after an operand) and opens a sequence (where an operand starts).
const OPERATORS = new Set(
  [
    "'",
    '[',
    '!=',
    '*',
    '+',
    '-',
    '<',
    '<=',
    '==',
    '=>',
    '>',
    '>=',
    '~>',
    'and',
    'or',
    'in',
    'intersect',
    'minus',
    'union',
    'subset',
  ].map((t) => `'${t}'`),
);
const DECLARATIONS = new Set(
  [
    'accept',
    'const',
    'def',
    'enum',
    'event',
    'fairness',
    'invariant',
    'on',
    'param',
    'property',
    'refuse',
    'reject',
    'states',
    'step',
    'transition',
    'type',
    'var',
  ].map((t) => `'${t}'`),
);
const EXPRESSION_STARTS = new Set(
  ['(', '-', '[', 'event', 'exists', 'false', 'forall', 'if', 'not', 'null', 'true', '{'].map(
    (t) => `'${t}'`,
  ),
);

function fold(words: Set<string>): string[] {
  const out = new Set(words);
  const group = (members: ReadonlySet<string>, label: string, min: number): void => {
    const present = [...members].filter((m) => out.has(m));
    if (present.length < min) return;
    for (const m of present) out.delete(m);
    out.add(label);
  };
  group(OPERATORS, 'an operator', 3);
  group(DECLARATIONS, 'a declaration', 3);
  if (out.has('a declaration') && out.has('end of input')) out.delete('end of input');
  const starts = [...EXPRESSION_STARTS].filter((m) => out.has(m));
  if (starts.length >= 5 && out.has('a name')) {
    for (const m of starts) out.delete(m);
    out.delete('a name');
    out.delete('an integer');
    out.add('an expression');
  }
  return [...out];
}

/** "expected 'transition', 'invariant' or a name, found '}'" */
export function describeSyntaxError(
  expected: readonly PeggyExpectation[],
  found: string | null,
): string {
  const words = fold(new Set(expected.filter((e) => !isNoise(e)).flatMap(describeExpectation)));
  // Keywords and punctuation first (alphabetically), descriptions last.
  words.sort((a, b) => {
    const qa = a.startsWith("'") ? 0 : 1;
    const qb = b.startsWith("'") ? 0 : 1;
    return qa - qb || (a < b ? -1 : a > b ? 1 : 0);
  });
  const list =
    words.length <= 1
      ? (words[0] ?? 'something else')
      : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
  if (found === null && words.includes("'*/'"))
    return "syntax error: unterminated comment (no closing '*/')";
  if (found !== null && KEYWORDS.has(found)) {
    if (words.includes('a name'))
      return `syntax error: '${found}' is a keyword and cannot be used as a name`;
    if (words.includes('an expression'))
      return `syntax error: expected ${list}, found the keyword '${found}'`;
  }
  const what = found === null ? 'end of input' : `'${found === '\n' ? '\\n' : found}'`;
  return `syntax error: expected ${list}, found ${what}`;
}
