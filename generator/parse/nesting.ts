// The nesting limit (TTH0003): how deep an expression, temporal formula or type may nest. Every
// later stage and backend (checker, IR, explorer, TLA+ and SANY, ts-morph and tsc) recurses
// once per level, so the limit is one they all support (measured in test/parse/nesting.test.ts).
// Long flat chains are no nesting: the parser groups them as balanced trees (grammar).

import type { Position, Span, SpecFile } from './ast.ts';

/** The most levels of nesting a spec may use: a leaf (`x`, `1`) is one level, `not x` two. */
export const MAX_NESTING = 100;

// The nodes that nest; declarations, clauses and names do not count.
const LEVELS = new Set([
  'BoolLit',
  'IntLit',
  'NullLit',
  'SetLit',
  'RangeExpr',
  'NameRef',
  'EventField',
  'Unary',
  'Binary',
  'IfExpr',
  'Quantifier',
  'Call',
  'Index',
  'SeqLit',
  'Always',
  'Eventually',
  'LeadsTo',
  'TemporalBinary',
  'StatePredicate',
  'NamedType',
  'RangeType',
  'SetType',
  'MapType',
  'SeqType',
  'NullableType',
]);

interface Node {
  readonly kind: string;
  readonly span: Span;
}

const isNode = (x: unknown): x is Node =>
  typeof x === 'object' && x !== null && typeof (x as { kind?: unknown }).kind === 'string';

/** The direct child nodes of an AST node, in source order. */
function childNodes(n: Node): Node[] {
  const out: Node[] = [];
  for (const v of Object.values(n))
    if (Array.isArray(v)) for (const x of v as unknown[]) isNode(x) && out.push(x);
    else if (isNode(v)) out.push(v);
  return out.sort((a, b) => a.span.start.offset - b.span.start.offset);
}

/**
 * For each declaration nested more than MAX_NESTING levels deep: the span of the first node
 * (in source order) at level MAX_NESTING + 1, where the limit is crossed. Iterative, so any
 * depth the parser produced can be measured.
 */
export function findDeepNesting(ast: SpecFile): Span[] {
  const found: Span[] = [];
  for (const decl of ast.decls) {
    const stack: { node: Node; level: number }[] = [{ node: decl, level: 0 }];
    while (stack.length > 0) {
      const { node, level } = stack.pop()!;
      const here = LEVELS.has(node.kind) ? level + 1 : level;
      if (here > MAX_NESTING) {
        found.push(node.span);
        break;
      }
      const children = childNodes(node);
      for (let i = children.length - 1; i >= 0; i--)
        stack.push({ node: children[i]!, level: here });
    }
  }
  return found;
}

// Words that open a level with no closing bracket (it ends with the enclosing bracket), and
// words that start a new clause or declaration (every open level ends there).
const OPENERS = new Set(['if', 'forall', 'exists']);
const STARTERS = new Set([
  'require',
  'set',
  'ensure',
  'reason',
  'invariant',
  'step',
  'property',
  'transition',
  'var',
  'const',
  'param',
  'fairness',
  'type',
  'enum',
  'event',
  'accept',
  'reject',
  'states',
  'on',
]);

/**
 * Where a text the parser could not even hold on its stack crosses the limit, read from its
 * tokens alone (comments skipped): `(` and `{` open a level until they close, `if`, `forall`
 * and `exists` until their enclosing bracket closes or a comma ends their list element, and a
 * clause or declaration keyword ends them all. The first token at level MAX_NESTING + 1, else the deepest one. Only for the
 * parser's stack overflow, where no tree exists to measure.
 */
export function locateDeepNesting(text: string): Position {
  // Per open bracket, how many keyword levels were opened inside it; frames[0] is the top.
  const frames: number[] = [0];
  let depth = 0;
  let deepest = { depth: -1, at: { offset: 0, line: 1, column: 1 } };
  let line = 1;
  let lineStart = 0;
  const at = (offset: number): Position => ({ offset, line, column: offset - lineStart + 1 });
  const open = (offset: number): Position | null => {
    depth++;
    if (depth > MAX_NESTING) return at(offset);
    if (depth > deepest.depth) deepest = { depth, at: at(offset) };
    return null;
  };
  for (let i = 0; i < text.length;) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = ++i;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      for (; i < stop; i++)
        if (text[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
    } else if (c === '(' || c === '{') {
      const crossed = open(i++);
      if (crossed) return crossed;
      frames.push(0);
    } else if (c === ')' || c === '}') {
      if (frames.length > 1) depth -= 1 + frames.pop()!;
      i++;
    } else if (c === ',') {
      // A comma ends the `if`/quantifier levels of its list element.
      depth -= frames[frames.length - 1]!;
      frames[frames.length - 1] = 0;
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z0-9_]+/.exec(text.slice(i, i + 64))![0];
      if (OPENERS.has(word)) {
        const crossed = open(i);
        if (crossed) return crossed;
        frames[frames.length - 1]!++;
      } else if (STARTERS.has(word) && frames.length === 1) {
        depth = 0;
        frames[0] = 0;
      }
      i += word.length;
    } else i++;
  }
  return deepest.at;
}
