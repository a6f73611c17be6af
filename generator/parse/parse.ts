// Parse stage: source text → AST, or syntax diagnostics in the shared shape. The parser
// itself is generated from grammar/tether.peggy; this file only maps its errors.

import type { Position, Span, SpecFile } from './ast.ts';
import { parse, SyntaxError as PeggySyntaxError, type PeggyExpectation } from './parser.js';
import { DiagnosticSink } from '../diagnostics/types.ts';

/** The result of parsing one file: an AST when the text is well-formed. */
export interface Parsed {
  readonly ast: SpecFile | null;
  readonly sink: DiagnosticSink;
}

export function parseSpec(text: string, file: string): Parsed {
  const sink = new DiagnosticSink(file);
  try {
    return { ast: parse(text, { grammarSource: file }), sink };
  } catch (error) {
    if (error instanceof PeggySyntaxError) {
      const start = error.location.start;
      sink.report('TTH0001', spanAt(text, start), {
        detail: describeSyntaxError(error.expected ?? [], error.found),
      });
      return { ast: null, sink };
    }
    if (error instanceof RangeError) {
      // Deep nesting exhausts the recursive-descent parser's stack.
      sink.report('TTH0003', spanAt(text, { offset: 0, line: 1, column: 1 }));
      return { ast: null, sink };
    }
    throw error;
  }
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

function describeExpectation(e: PeggyExpectation): string {
  switch (e.type) {
    case 'literal':
      return `'${e.text}'`;
    case 'class':
      return 'a character';
    case 'any':
      return 'any character';
    case 'end':
      return 'end of input';
    case 'other':
      return e.description === 'integer' || e.description === 'name'
        ? `${e.description === 'integer' ? 'an' : 'a'} ${e.description}`
        : e.description;
    default: {
      const unreachable: never = e;
      return String(unreachable);
    }
  }
}

/** "expected 'transition', 'invariant' or a name, found '}'" */
export function describeSyntaxError(
  expected: readonly PeggyExpectation[],
  found: string | null,
): string {
  const words = [...new Set(expected.filter((e) => !isNoise(e)).map(describeExpectation))];
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
  const what = found === null ? 'end of input' : `'${found === '\n' ? '\\n' : found}'`;
  return `syntax error: expected ${list}, found ${what}`;
}
