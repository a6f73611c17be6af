// A small pretty-printing document, after Wadler's "A prettier printer" as Prettier builds it:
// text, groups that are printed flat when they fit the line and broken otherwise, indentation,
// and line breaks that are a space (or nothing) in a flat group. Comments are documents too:
// a line comment ends its line, so a group holding one is never flat.

export type Doc =
  | string
  | readonly Doc[]
  | { readonly kind: 'group'; readonly doc: Doc }
  | { readonly kind: 'indent'; readonly by: number; readonly doc: Doc }
  /** A space in a flat group (nothing if soft), else a new line at the indentation. */
  | { readonly kind: 'line'; readonly soft: boolean }
  /** Always a new line; two in a row are one. */
  | { readonly kind: 'hardline' }
  /** An empty line before what follows (kept from the source between declarations). */
  | { readonly kind: 'blankline' }
  /** Only in a broken (or only in a flat) group. */
  | { readonly kind: 'ifBreak'; readonly broken: Doc; readonly flat: Doc }
  /**
   * A comment. `own`: it stood on a line of its own, and does again (a new line before and
   * after it); else it follows the code before it on its line, after a space, and a line
   * comment ends the line. `blank`: an empty line stood before it.
   */
  | {
      readonly kind: 'comment';
      readonly text: string;
      readonly own: boolean;
      readonly blank: boolean;
    };

export const line: Doc = { kind: 'line', soft: false };
export const softline: Doc = { kind: 'line', soft: true };
export const hardline: Doc = { kind: 'hardline' };
export const blankline: Doc = { kind: 'blankline' };
export const group = (doc: Doc): Doc => ({ kind: 'group', doc });
export const indent = (doc: Doc, by = 2): Doc => ({ kind: 'indent', by, doc });
export const ifBreak = (broken: Doc, flat: Doc = ''): Doc => ({ kind: 'ifBreak', broken, flat });

export function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  return docs.flatMap((d, i) => (i === 0 ? [d] : [separator, d]));
}

/** Whether a document forces a new line (a hard line or a comment that ends its line): a
 *  group holding one is printed broken. */
function forcesBreak(doc: Doc, memo: WeakMap<object, boolean>): boolean {
  if (typeof doc === 'string') return false;
  const cached = memo.get(doc);
  if (cached !== undefined) return cached;
  let result: boolean;
  if (Array.isArray(doc)) result = (doc as readonly Doc[]).some((d) => forcesBreak(d, memo));
  else {
    const d = doc as Exclude<Doc, string | readonly Doc[]>;
    switch (d.kind) {
      case 'group':
      case 'indent':
        result = forcesBreak(d.doc, memo);
        break;
      case 'hardline':
      case 'blankline':
        result = true;
        break;
      case 'comment':
        result = d.own || d.text.startsWith('//') || d.text.includes('\n');
        break;
      case 'ifBreak':
        result = forcesBreak(d.broken, memo);
        break;
      case 'line':
        result = false;
        break;
    }
  }
  memo.set(doc, result);
  return result;
}

type Mode = 'flat' | 'break';
interface Command {
  readonly indent: number;
  readonly mode: Mode;
  readonly doc: Doc;
}

/** The document as text, lines at most `width` wide where the groups allow. */
export function render(doc: Doc, width: number): string {
  const memo = new WeakMap<object, boolean>();
  const out: string[] = [];
  let column = 0;
  // New lines are written lazily, so that two hard lines make one, and no line ends in spaces.
  let newlines = 0;
  let pendingIndent = 0;
  let started = false;
  // After a comment inside a line, the next text is spaced from it.
  let spaceNext = false;
  let last = '';
  const text = (s: string): void => {
    if (s === '') return;
    if (newlines > 0) {
      if (started) out.push('\n'.repeat(newlines));
      out.push(' '.repeat(pendingIndent));
      column = pendingIndent;
      newlines = 0;
      last = ' ';
    } else if (spaceNext && !/^[ ,)\]}]/.test(s)) {
      out.push(' ');
      column++;
    }
    spaceNext = false;
    started = true;
    last = s.at(-1)!;
    out.push(s);
    const lastBreak = s.lastIndexOf('\n');
    column = lastBreak < 0 ? column + s.length : s.length - lastBreak - 1;
  };
  const newline = (indentation: number, count = 1): void => {
    newlines = Math.max(newlines, count);
    pendingIndent = indentation;
  };

  // Whether the commands fit in the rest of the line, flat, followed by the rest (in their own
  // modes) up to its first line break.
  const fits = (next: Command, rest: readonly Command[], room: number): boolean => {
    const stack: Command[] = [next];
    let restIndex = rest.length;
    while (room >= 0) {
      let c = stack.pop();
      if (!c) {
        if (restIndex === 0) return true;
        c = rest[--restIndex]!;
      }
      const { doc, mode } = c;
      if (typeof doc === 'string') {
        if (doc.includes('\n')) return true;
        room -= doc.length;
        continue;
      }
      if (Array.isArray(doc)) {
        for (let i = doc.length - 1; i >= 0; i--) stack.push({ ...c, doc: doc[i]! as Doc });
        continue;
      }
      const d = doc as Exclude<Doc, string | readonly Doc[]>;
      switch (d.kind) {
        case 'group':
          if (mode === 'flat' || !forcesBreak(d.doc, memo))
            stack.push({ ...c, doc: d.doc, mode: c === next ? 'flat' : mode });
          else return true;
          break;
        case 'indent':
          stack.push({ ...c, doc: d.doc });
          break;
        case 'line':
          if (mode === 'break') return true;
          room -= d.soft ? 0 : 1;
          break;
        case 'hardline':
        case 'blankline':
          return true;
        case 'ifBreak':
          stack.push({ ...c, doc: mode === 'break' ? d.broken : d.flat });
          break;
        case 'comment':
          // In the rest, a comment that ends its line ends the measure; flat, it cannot be.
          if (forcesBreak(d, memo)) return mode === 'break';
          room -= d.text.length + 1;
          break;
      }
    }
    return false;
  };

  const stack: Command[] = [{ indent: 0, mode: 'break', doc }];
  while (stack.length > 0) {
    const c = stack.pop()!;
    const { doc, mode, indent: at } = c;
    if (typeof doc === 'string') {
      text(doc);
      continue;
    }
    if (Array.isArray(doc)) {
      for (let i = doc.length - 1; i >= 0; i--) stack.push({ ...c, doc: doc[i]! as Doc });
      continue;
    }
    const d = doc as Exclude<Doc, string | readonly Doc[]>;
    switch (d.kind) {
      case 'group': {
        const flat =
          mode === 'flat' ||
          (!forcesBreak(d.doc, memo) &&
            fits(
              { indent: at, mode: 'flat', doc: d.doc },
              stack,
              width - (newlines > 0 ? pendingIndent : column),
            ));
        stack.push({ indent: at, mode: flat ? 'flat' : 'break', doc: d.doc });
        break;
      }
      case 'indent':
        stack.push({ indent: at + d.by, mode, doc: d.doc });
        break;
      case 'line':
        if (mode === 'flat') text(d.soft ? '' : ' ');
        else newline(at);
        break;
      case 'hardline':
        newline(at);
        break;
      case 'blankline':
        newline(at, 2);
        break;
      case 'ifBreak':
        stack.push({ ...c, doc: mode === 'break' ? d.broken : d.flat });
        break;
      case 'comment': {
        if (d.own) newline(at, d.blank ? 2 : 1);
        else if (newlines === 0 && started && !/[ ([{]/.test(last)) text(' ');
        text(d.text);
        if (d.own || d.text.startsWith('//')) newline(at);
        else spaceNext = true;
        break;
      }
    }
  }
  return `${out.join('')}\n`;
}
