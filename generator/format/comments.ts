// The comments of a spec, found in its text (the parser skips them with the whitespace), and a
// cursor the formatter takes them from in source order: each is printed before the first token
// that stood after it, or after the item it ended the line of.

import type { Doc } from './doc.ts';

export interface Comment {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** It stands on a line of its own: nothing but whitespace before it on its line (nor, for a
   *  block comment, code after it). */
  readonly own: boolean;
  /** An empty line between it and what stood before it. */
  readonly blank: boolean;
}

/** Every `// …` and `/* … *\/` comment, in order (the language has no string literals). */
export function scanComments(source: string): Comment[] {
  const out: Comment[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source.charCodeAt(i);
    if (c === 47 /* / */ && (source[i + 1] === '/' || source[i + 1] === '*')) {
      const line = source[i + 1] === '/';
      const close = line ? source.indexOf('\n', i) : source.indexOf('*/', i + 2);
      // An unterminated block comment is a syntax error, reported before formatting.
      const end = close < 0 ? source.length : line ? close : close + 2;
      const before = precedingText(source, i);
      // A block comment with anything after it on its line (code, another comment) is inline.
      const rest = line
        ? ''
        : source.slice(end, source.indexOf('\n', end) < 0 ? undefined : source.indexOf('\n', end));
      out.push({
        start: i,
        end,
        text: source.slice(i, end).replace(/[ \t\r]+$/, ''),
        own: before.own && (line || !/\S/.test(rest)),
        blank: before.blank,
      });
      i = end;
    } else i++;
  }
  return out;
}

/** Whether only whitespace stands before offset on its line, and whether an empty line stands
 *  between it and the text before. */
function precedingText(source: string, offset: number): { own: boolean; blank: boolean } {
  let i = offset - 1;
  let newlines = 0;
  while (i >= 0 && /\s/.test(source[i]!)) {
    if (source[i] === '\n') newlines++;
    i--;
  }
  return { own: newlines > 0 || i < 0, blank: newlines > 1 && i >= 0 };
}

/** Whether an empty line stands between the text before offset and offset (comments count as
 *  text). */
export function blankLineBefore(source: string, offset: number): boolean {
  return precedingText(source, offset).blank;
}

export class CommentCursor {
  #next = 0;

  constructor(
    private readonly comments: readonly Comment[],
    private readonly source: string,
  ) {}

  /** The comments that start before offset, not yet printed. */
  before(offset: number): Doc[] {
    const out: Doc[] = [];
    while (this.#next < this.comments.length && this.comments[this.#next]!.start < offset)
      out.push(this.#doc(this.comments[this.#next++]!));
    return out;
  }

  /** The comments right after an item (its separator aside) on the line it ends on. */
  trailing(end: number): Doc[] {
    const out: Doc[] = [];
    for (;;) {
      const c = this.comments[this.#next];
      // Only a separator between the item and the comment, on one line.
      if (!c || c.start < end || !/^[ \t\r,]*$/.test(this.source.slice(end, c.start))) return out;
      out.push(this.#doc(c));
      this.#next++;
      end = c.end;
    }
  }

  /** Every comment not printed yet. */
  rest(): Doc[] {
    return this.before(Number.POSITIVE_INFINITY);
  }

  #doc(c: Comment): Doc {
    return { kind: 'comment', text: c.text, own: c.own, blank: c.blank };
  }
}
