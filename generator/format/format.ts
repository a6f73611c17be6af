// `tether fmt`: one canonical layout for a spec, its comments kept. The AST is printed back
// (doc.ts lays it out in 100 columns): one declaration per line group, clauses indented under
// their transition, one space around operators, lists on one line when they fit and one item
// per line (with a trailing comma) when not, long conditions broken before `and`, `or`, `=>`
// and `~>`. Empty lines between declarations are kept (several as one); parentheses the spec
// wrote around an operand are kept, and the ones the grammar needs are added. A chain is
// printed flat only where parsing it again folds it into the same tree (the grammar balances
// long chains), so the AST of the output is the AST of the input, spans aside: formatSpec
// checks that, and that every comment is still there, before it returns the text.

import type {
  Binary,
  BinaryOp,
  Clause,
  Decl,
  Expr,
  FieldDecl,
  Ident,
  Span,
  SpecFile,
  Temporal,
  TypeRef,
} from '../parse/ast.ts';
import { foldChain, foldRight, foldTemporal, type ChainOp } from '../parse/parser.js';
import { parseSpec } from '../parse/parse.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { blankLineBefore, CommentCursor, scanComments, type Comment } from './comments.ts';
import {
  blankline,
  group,
  hardline,
  ifBreak,
  indent,
  join,
  line,
  render,
  softline,
  type Doc,
} from './doc.ts';

/** The width the layout fills (the repository's Prettier width). */
export const WIDTH = 100;

export type FormatResult =
  | { readonly ok: true; readonly text: string; readonly changed: boolean }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** The formatter printed something that does not parse back to the same spec: a bug. */
export class FormatError extends Error {
  override readonly name = 'FormatError';
}

/** The spec in the canonical layout, or its syntax errors (a spec that does not parse is not
 *  formatted). Throws FormatError if the layout would change the spec or lose a comment. */
export function formatSpec(source: string, file: string): FormatResult {
  const parsed = parseSpec(source, file);
  if (!parsed.ast) return { ok: false, diagnostics: parsed.sink.items };
  const comments = scanComments(source);
  const text = render(new Printer(source, comments).spec(parsed.ast), WIDTH);
  const again = parseSpec(text, file);
  if (!again.ast)
    throw new FormatError(
      `formatting ${file} gave text that does not parse (${again.sink.items[0]?.message ?? 'no AST'})`,
    );
  if (shape(again.ast) !== shape(parsed.ast))
    throw new FormatError(`formatting ${file} would change its meaning; nothing was written`);
  const texts = (cs: readonly Comment[]): string => cs.map((c) => c.text.trim()).join('\n');
  if (texts(scanComments(text)) !== texts(comments))
    throw new FormatError(`formatting ${file} would lose or change a comment; nothing was written`);
  return { ok: true, text, changed: text !== source };
}

/** The AST without positions, as text: equal for the same spec however it is laid out. */
export function shape(ast: SpecFile): string {
  return JSON.stringify(ast, (key, value: unknown) => {
    if (key === 'span' || key === 'opSpan') return undefined;
    // `on E otherwise` is a span in the AST (an if's `otherwise` is an expression).
    if (key === 'otherwise' && isSpan(value)) return true;
    return value;
  });
}

const isSpan = (v: unknown): v is Span =>
  typeof v === 'object' && v !== null && !('kind' in v) && 'start' in v && 'end' in v;

/** Binding strength, loosest first, as the grammar reads expressions. */
function precedence(e: Expr): number {
  switch (e.kind) {
    case 'Binary':
      return BINARY_PRECEDENCE[e.op];
    case 'Unary':
      return e.op === 'not' ? 4 : 9;
    case 'Index':
      return 10;
    default:
      return 11;
  }
}

const BINARY_PRECEDENCE: Record<BinaryOp, number> = {
  '=>': 1,
  or: 2,
  and: 3,
  '==': 5,
  '!=': 5,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
  in: 5,
  'not in': 5,
  subset: 5,
  union: 6,
  intersect: 6,
  minus: 6,
  '+': 7,
  '-': 7,
  '*': 8,
};

/** The chain an operator belongs to (operators of one chain are folded together), or null
 *  for a comparison, which takes two operands. */
function family(op: BinaryOp): string | null {
  if (op === '+' || op === '-') return 'sum';
  if (op === 'union' || op === 'intersect' || op === 'minus') return 'set';
  if (op === 'and' || op === 'or' || op === '=>' || op === '*') return op;
  return null;
}

/** Chains broken before their operator when they do not fit. */
const BREAKS = new Set(['and', 'or', '=>']);

/** How `#list` lays a list out (see there). */
interface ListOptions {
  readonly spaced?: boolean;
  readonly trailing?: boolean;
  readonly comma?: Doc;
}

interface Context {
  /** Nothing of the enclosing expression follows (an `if` or a quantifier there takes no
   *  parentheses: its last part reads to the end). */
  readonly tail: boolean;
  /** The whole body of a declaration, on a line of its own: a chain breaks without indenting. */
  readonly top?: boolean;
}

const TAIL: Context = { tail: true };
const INNER: Context = { tail: false };

class Printer {
  readonly #source: string;
  readonly #cursor: CommentCursor;
  /** Comment spans by end and by start, for looking past them. */
  readonly #commentByEnd = new Map<number, number>();
  readonly #commentByStart = new Map<number, number>();

  constructor(source: string, comments: readonly Comment[]) {
    this.#source = source;
    this.#cursor = new CommentCursor(comments, source);
    for (const c of comments) {
      this.#commentByEnd.set(c.end, c.start);
      this.#commentByStart.set(c.start, c.end);
    }
  }

  spec(ast: SpecFile): Doc {
    const keyword = this.#source.lastIndexOf('machine', ast.machine.span.start.offset);
    const out: Doc[] = [
      this.#cursor.before(keyword),
      blankLineBefore(this.#source, keyword) ? blankline : '',
      'machine ',
      this.#id(ast.machine),
    ];
    out.push(this.#cursor.trailing(ast.machine.span.end.offset));
    for (const d of ast.decls) {
      const start = d.span.start.offset;
      out.push(hardline, this.#cursor.before(start));
      if (blankLineBefore(this.#source, start)) out.push(blankline);
      // A comment inside the declaration that no token claimed (before a closing parenthesis)
      // stays in it, at its end.
      out.push(
        this.#decl(d),
        this.#cursor.before(d.span.end.offset),
        this.#cursor.trailing(d.span.end.offset),
      );
    }
    out.push(this.#cursor.rest());
    return out;
  }

  // ---- tokens and lists ----

  /** A token that stood at offset: the comments before it first. */
  #tok(text: string, offset: number): Doc {
    return [this.#cursor.before(offset), text];
  }

  #id(i: Ident): Doc {
    return this.#tok(i.name, i.span.start.offset);
  }

  /**
   * `open a, b close` on one line if it fits, else one item per line, indented, each with its
   * comments; `comma` is the separator (`states` has none when broken); a trailing comma when
   * broken if `trailing`. `spaced`: `{ a }` rather than `{a}`.
   */
  #list(
    open: string,
    items: readonly { readonly doc: () => Doc; readonly span: Span }[],
    close: string,
    closeOffset: number,
    { spaced = true, trailing = true, comma = ',' }: ListOptions = {},
  ): Doc {
    const inner: Doc[] = items.map((item, i) => {
      const last = i === items.length - 1;
      return [
        this.#cursor.before(item.span.start.offset),
        i > 0 && blankLineBefore(this.#source, item.span.start.offset) ? ifBreak(blankline) : '',
        item.doc(),
        last ? (trailing ? ifBreak(',') : '') : comma,
        this.#cursor.trailing(item.span.end.offset),
        last ? '' : line,
      ];
    });
    const inside = this.#cursor.before(closeOffset);
    if (items.length === 0) return group([open, indent(inside), close]);
    const edge = spaced ? line : softline;
    return group([open, indent([edge, inner, inside]), edge, close]);
  }

  /** A declaration's `{ … }` list, closed by the declaration's last character. */
  #braces(
    d: Decl,
    items: readonly { readonly doc: () => Doc; readonly span: Span }[],
    options?: ListOptions,
  ): Doc {
    return this.#list('{', items, '}', d.span.end.offset - 1, options);
  }

  // ---- declarations ----

  #decl(d: Decl): Doc {
    const at = d.span.start.offset;
    switch (d.kind) {
      case 'TypeDecl':
        return [
          this.#tok('type', at),
          ' ',
          this.#id(d.name),
          d.model ? [' model ', this.#expr(d.model, TAIL)] : '',
        ];
      case 'EnumDecl':
        return [
          this.#tok('enum', at),
          ' ',
          this.#id(d.name),
          ' ',
          this.#braces(
            d,
            d.members.map((m) => ({ doc: () => this.#id(m), span: m.span })),
          ),
        ];
      case 'ParamDecl':
        return [
          this.#tok('param', at),
          ' ',
          this.#id(d.name),
          ': ',
          this.#type(d.type),
          ' model ',
          this.#expr(d.model, TAIL),
        ];
      case 'StatesDecl':
        return [
          this.#tok('states', at),
          ' ',
          this.#braces(
            d,
            d.states.map((s) => ({
              doc: () => [
                this.#cursor.before(s.span.start.offset),
                s.initial ? 'initial ' : '',
                s.terminal ? 'terminal ' : '',
                this.#id(s.name),
              ],
              span: s.span,
            })),
            { trailing: false, comma: ifBreak('', ',') },
          ),
        ];
      case 'ConstDecl':
        return [this.#tok('const', at), ' ', this.#id(d.name), ': ', this.#type(d.type)];
      case 'VarDecl':
        return group([
          this.#tok('var', at),
          ' ',
          this.#id(d.name),
          ': ',
          this.#type(d.type),
          d.model ? [' model ', this.#type(d.model)] : '',
          ' =',
          indent([line, this.#expr(d.init, { tail: true, top: true })]),
        ]);
      case 'DefDecl':
        return group([
          this.#tok('def', at),
          ' ',
          this.#id(d.name),
          d.params === null
            ? ''
            : this.#list(
                '(',
                d.params.map((p) => this.#field(p)),
                ')',
                this.#closeOf(d, ')'),
                {
                  spaced: false,
                },
              ),
          ': ',
          this.#type(d.type),
          ' =',
          indent([line, this.#expr(d.body, { tail: true, top: true })]),
        ]);
      case 'EventDecl':
        return [
          this.#tok('event', at),
          ' ',
          this.#id(d.name),
          ' ',
          this.#braces(
            d,
            d.fields.map((f) => this.#field(f)),
          ),
        ];
      case 'ReasonsDecl':
        return [
          this.#tok(d.polarity, at),
          ' ',
          this.#braces(
            d,
            d.reasons.map((r) => ({ doc: () => this.#id(r), span: r.span })),
          ),
        ];
      case 'TransitionDecl':
        return [
          this.#tok('transition', at),
          ' ',
          this.#id(d.name),
          ': ',
          // A comment that ends a line of the header continues it indented.
          indent(
            [
              this.#sources(d.sources),
              ' -> ',
              d.target.kind === 'StayTarget'
                ? this.#tok('stay', d.target.span.start.offset)
                : this.#id(d.target),
              ' on ',
              this.#id(d.event),
              d.otherwise ? [' ', this.#tok('otherwise', d.otherwise.start.offset)] : '',
            ],
            4,
          ),
          indent(
            d.clauses.map((c) => [
              hardline,
              this.#cursor.before(c.span.start.offset),
              blankLineBefore(this.#source, c.span.start.offset) ? blankline : '',
              this.#clause(c),
              this.#cursor.before(c.span.end.offset),
              this.#cursor.trailing(c.span.end.offset),
            ]),
          ),
        ];
      case 'RefusalDecl':
        return [
          this.#tok('refuse', at),
          ' ',
          this.#id(d.event),
          ' in ',
          this.#sources(d.states),
          ' else ',
          this.#id(d.reason),
        ];
      case 'InvariantDecl':
      case 'StepDecl':
        return group([
          this.#tok(d.kind === 'InvariantDecl' ? 'invariant' : 'step', at),
          ' ',
          this.#id(d.name),
          ':',
          indent([line, this.#expr(d.body, { tail: true, top: true })]),
        ]);
      case 'PropertyDecl':
        return group([
          this.#tok('property', at),
          ' ',
          this.#id(d.name),
          ':',
          indent([line, this.#temporal(d.body, { tail: true, top: true })]),
        ]);
      case 'FairnessDecl':
        return group([
          this.#tok('fairness', at),
          ` ${d.strength}`,
          d.each ? ' each' : '',
          ' ',
          indent(
            join(
              [',', line],
              d.targets.map((t) => this.#id(t)),
            ),
          ),
        ]);
      case 'ViolationDecl':
        return [
          this.#tok('on', at),
          ' violation -> ',
          d.target.kind === 'ViolationReject'
            ? this.#tok('reject', d.target.span.start.offset)
            : this.#id(d.target),
        ];
      default: {
        const unreachable: never = d;
        return unreachable;
      }
    }
  }

  /** The offset of the last `close` in a declaration before its body (a def's param list). */
  #closeOf(d: Extract<Decl, { kind: 'DefDecl' }>, close: string): number {
    return this.#source.lastIndexOf(close, d.type.span.start.offset);
  }

  #field(f: FieldDecl): { doc: () => Doc; span: Span } {
    return {
      doc: () => [
        this.#id(f.name),
        ': ',
        this.#type(f.type),
        f.model ? [' model ', this.#type(f.model)] : '',
      ],
      span: f.span,
    };
  }

  #sources(s: Extract<Decl, { kind: 'TransitionDecl' }>['sources']): Doc {
    return 'kind' in s
      ? this.#tok('*', s.span.start.offset)
      : join(
          ' | ',
          s.map((x) => this.#id(x)),
        );
  }

  #clause(c: Clause): Doc {
    const at = c.span.start.offset;
    switch (c.kind) {
      case 'ReasonClause':
        return [this.#tok('reason', at), ' ', this.#id(c.reason)];
      case 'RequireClause': {
        const head = this.#tok('require', at);
        const cond = this.#expr(c.cond, TAIL);
        // Comments before `else` stay before it; `else` then starts the next line.
        const before = this.#cursor.before(c.reason.span.start.offset);
        return group([
          head,
          ' ',
          cond,
          before.length > 0 ? [before, indent([hardline, 'else '])] : ' else ',
          this.#id(c.reason),
        ]);
      }
      case 'EnsureClause':
        return group([this.#tok('ensure', at), ' ', this.#expr(c.cond, TAIL)]);
      case 'SetClause': {
        const items = c.assignments.map((a, i) => {
          const last = i === c.assignments.length - 1;
          return [
            this.#cursor.before(a.span.start.offset),
            this.#id(a.target),
            a.key ? ['[', this.#expr(a.key, TAIL), ']'] : '',
            ' = ',
            this.#expr(a.value, TAIL),
            last ? '' : ',',
            last ? '' : [this.#cursor.trailing(a.span.end.offset), line],
          ];
        });
        // `set a = …,` then the others under the first (4 columns: `set `).
        return group([this.#tok('set', at), ' ', indent(items, 4)]);
      }
      default: {
        const unreachable: never = c;
        return unreachable;
      }
    }
  }

  // ---- types ----

  #type(t: TypeRef): Doc {
    switch (t.kind) {
      case 'NamedType':
        return this.#id(t.name);
      case 'RangeType':
        return [this.#expr(t.lo, INNER), '..', this.#expr(t.hi, INNER)];
      case 'SetType':
        return [this.#tok('set', t.span.start.offset), '<', this.#type(t.element), '>'];
      case 'MapType':
        return [
          this.#tok('map', t.span.start.offset),
          '<',
          this.#type(t.key),
          ', ',
          this.#type(t.value),
          '>',
        ];
      case 'SeqType':
        return [
          this.#tok('seq', t.span.start.offset),
          '<',
          this.#type(t.element),
          ', ',
          this.#expr(t.capacity, INNER),
          '>',
        ];
      case 'NullableType':
        return [this.#type(t.inner), '?'];
      default: {
        const unreachable: never = t;
        return unreachable;
      }
    }
  }

  // ---- expressions ----

  /** Parentheses in the source around e (past whitespace and comments; e's span leaves out
   *  the parentheses of its first and last operand, which may stand between). */
  #parenthesised(e: Expr): boolean {
    const from = e.span.start.offset;
    const to = e.span.end.offset;
    for (let i = this.#previousCode(from); i >= 0 && this.#source[i] === '(';) {
      const close = this.#matching(i);
      if (close >= to) return this.#onlyClosers(to, close);
      i = this.#previousCode(i); // the parenthesis of e's first operand
    }
    return false;
  }

  /** The offset of the last character before offset that is not whitespace or a comment. */
  #previousCode(offset: number): number {
    let i = offset - 1;
    for (;;) {
      while (i >= 0 && /\s/.test(this.#source[i]!)) i--;
      const start = this.#commentByEnd.get(i + 1);
      if (start === undefined) return i;
      i = start - 1;
    }
  }

  /** Whether only `)`, whitespace and comments stand in from..to. */
  #onlyClosers(from: number, to: number): boolean {
    for (let j = from; j < to; j++) {
      const end = this.#commentByStart.get(j);
      if (end !== undefined) j = end - 1;
      else if (this.#source[j] !== ')' && !/\s/.test(this.#source[j]!)) return false;
    }
    return true;
  }

  /** The offset of the `)` that closes the `(` at offset (comments skipped), or -1. */
  #matching(open: number): number {
    let depth = 0;
    for (let k = open; k < this.#source.length; k++) {
      const end = this.#commentByStart.get(k);
      if (end !== undefined) {
        k = end - 1;
        continue;
      }
      const ch = this.#source[k];
      if (ch === '(') depth++;
      else if (ch === ')' && --depth === 0) return k;
    }
    return -1;
  }

  /** Kept parentheses: around an operand that is not a single token, where the spec had them. */
  #keptParens(e: Expr): boolean {
    return (
      (e.kind === 'Binary' ||
        e.kind === 'IfExpr' ||
        e.kind === 'Quantifier' ||
        (e.kind === 'Unary' && e.op === 'not')) &&
      this.#parenthesised(e)
    );
  }

  /** An operand that must bind at least as tightly as `min`. */
  #operand(e: Expr, min: number, ctx: Context, force = false): Doc {
    const open = e.kind === 'IfExpr' || e.kind === 'Quantifier';
    if (force || precedence(e) < min || (open && !ctx.tail) || this.#keptParens(e))
      return ['(', this.#expr(e, TAIL), ')'];
    return this.#expr(e, ctx);
  }

  #expr(e: Expr, ctx: Context): Doc {
    const at = e.span.start.offset;
    switch (e.kind) {
      case 'BoolLit':
        return this.#tok(String(e.value), at);
      case 'IntLit':
        // As written: a long literal has no exact Number text.
        return this.#tok(this.#source.slice(at, e.span.end.offset), at);
      case 'NullLit':
        return this.#tok('null', at);
      case 'NameRef':
        return [this.#id(e.name), e.primed ? "'" : ''];
      case 'EventField':
        return [this.#tok('event', at), '.', this.#id(e.field)];
      case 'Unary':
        if (e.op === 'not')
          return [
            this.#tok('not', at),
            ' ',
            e.operand.kind === 'Unary' && e.operand.op === 'not'
              ? this.#expr(e.operand, ctx)
              : this.#operand(e.operand, 5, ctx),
          ];
        // `-(-a)`, not `--a`.
        return [this.#tok('-', at), this.#operand(e.operand, 10, ctx)];
      case 'Binary':
        return this.#binary(e, ctx);
      case 'IfExpr':
        return group([
          this.#tok('if', at),
          ' ',
          this.#expr(e.cond, TAIL),
          indent([line, 'then ', this.#expr(e.then, TAIL)]),
          indent([line, 'else ', this.#expr(e.otherwise, TAIL)]),
        ]);
      case 'Quantifier':
        return group([
          this.#tok(e.quantifier, at),
          ' ',
          this.#id(e.variable),
          ' in ',
          e.domain.kind === 'RangeExpr'
            ? [this.#operand(e.domain.lo, 7, INNER), '..', this.#operand(e.domain.hi, 7, INNER)]
            : this.#operand(e.domain, 7, INNER),
          ':',
          indent([line, this.#expr(e.body, TAIL)]),
        ]);
      case 'RangeExpr':
        return [this.#operand(e.lo, 7, INNER), '..', this.#operand(e.hi, 7, INNER)];
      case 'Call':
        return group([
          this.#id(e.callee),
          '(',
          indent([
            softline,
            join(
              [',', line],
              e.args.map((a) => this.#expr(a, TAIL)),
            ),
          ]),
          this.#cursor.before(e.span.end.offset - 1),
          softline,
          ')',
        ]);
      case 'SetLit':
      case 'SeqLit': {
        const [open, close] = e.kind === 'SetLit' ? ['{', '}'] : ['[', ']'];
        return this.#list(
          open,
          e.elements.map((x) => ({ doc: () => this.#expr(x, TAIL), span: x.span })),
          close,
          e.span.end.offset - 1,
          { spaced: false },
        );
      }
      case 'Index':
        return [this.#operand(e.target, 10, INNER), '[', this.#expr(e.key, TAIL), ']'];
      default: {
        const unreachable: never = e;
        return unreachable;
      }
    }
  }

  #binary(e: Binary, ctx: Context): Doc {
    const fam = family(e.op);
    const p = BINARY_PRECEDENCE[e.op];
    if (fam === null) {
      // A comparison: two operands, each tighter than it.
      return [
        this.#operand(e.left, p + 1, INNER),
        ' ',
        this.#tok(e.op, e.opSpan.start.offset),
        ' ',
        this.#operand(e.right, p + 1, ctx),
      ];
    }
    const chain = this.#chain(e, fam);
    const min = p + 1; // chain items bind tighter than the chain's operator
    const items: readonly Expr[] = chain?.items ?? [e.left, e.right];
    const ops: readonly ChainOp[] = chain?.ops ?? [{ op: e.op, span: e.opSpan }];
    const breaks = BREAKS.has(fam);
    const operand = (x: Expr, i: number): Doc => {
      const last = i === items.length - 1;
      // Where the tree is not the one the flat chain folds into, each side is parenthesised.
      const force = chain === null && x.kind === 'Binary' && family(x.op) === fam;
      // The right-hand end of `=>` may be another `=>` only in parentheses (kept above).
      return this.#operand(x, last && e.op === '=>' ? p : min, last ? ctx : INNER, force);
    };
    // Built in source order, so that each comment comes before the token it stood before.
    const parts: Doc[] = [operand(items[0]!, 0)];
    for (let i = 1; i < items.length; i++) {
      const op = ops[i - 1]!;
      const token = this.#tok(op.op, op.span.start.offset);
      parts.push(breaks ? line : ' ', token, ' ', operand(items[i]!, i));
    }
    if (!breaks) return parts;
    return group(ctx.top ? parts : [parts[0]!, indent(parts.slice(1))]);
  }

  /** e's operands as one flat chain, when parsing that chain again folds it into e's very
   *  tree; else null. An operand the spec parenthesised stays one item. */
  #chain(e: Binary, fam: string): { items: Expr[]; ops: ChainOp[] } | null {
    const items: Expr[] = [];
    const ops: ChainOp[] = [];
    const inChain = (x: Expr): x is Binary =>
      x.kind === 'Binary' && family(x.op) === fam && (x === e || !this.#keptParens(x));
    if (fam === '=>') {
      let x: Expr = e;
      while (inChain(x)) {
        items.push(x.left);
        ops.push({ op: '=>', span: x.opSpan });
        x = x.right;
      }
      items.push(x);
      const tail = ops.map((op, i) => [op, items[i + 1]!] as const);
      return sameTree(foldRight(items[0]!, tail), e) ? { items, ops } : null;
    }
    // A sum is a list of signed terms: the right side of `-` has its signs flipped.
    const walk = (x: Expr, negated: boolean, opSpan: Span | null): void => {
      if (inChain(x)) {
        walk(x.left, negated, opSpan);
        walk(x.right, fam === 'sum' && x.op === '-' ? !negated : negated, x.opSpan);
        return;
      }
      if (items.length > 0)
        ops.push({ op: fam === 'sum' ? (negated ? '-' : '+') : lastOp(x), span: opSpan! });
      items.push(x);
    };
    // In a chain other than a sum, an item's operator is the one of the node it is the right
    // side of.
    const before = new Map<Expr, BinaryOp>();
    const mark = (x: Expr): void => {
      if (!inChain(x)) return;
      mark(x.left);
      before.set(leftmost(x.right, inChain), x.op);
      mark(x.right);
    };
    mark(e);
    const lastOp = (x: Expr): BinaryOp => before.get(x) ?? e.op;
    walk(e, false, null);
    if (this.#folds(items, ops, e)) return { items, ops };
    if (fam !== 'set') return null;
    // `A minus B minus C` is `A minus (B union C)` once balanced: read a minus whose right
    // side is such a union as a run of minus.
    items.length = 0;
    ops.length = 0;
    const run = (x: Expr, opSpan: Span | null): void => {
      if (inChain(x) && x.op === 'minus') {
        run(x.left, opSpan);
        const leaves = (y: Expr, span: Span): void => {
          if (inChain(y) && y.op === 'union') {
            leaves(y.left, span);
            leaves(y.right, y.opSpan);
          } else (ops.push({ op: 'minus', span }), items.push(y));
        };
        leaves(x.right, x.opSpan);
      } else if (inChain(x)) {
        run(x.left, opSpan);
        run(x.right, x.opSpan);
      } else {
        if (items.length > 0) ops.push({ op: lastOp(x), span: opSpan! });
        items.push(x);
      }
    };
    run(e, null);
    return this.#folds(items, ops, e) ? { items, ops } : null;
  }

  /** Whether the parser folds this flat chain into e's tree. */
  #folds(items: readonly Expr[], ops: readonly ChainOp[], e: Expr): boolean {
    const tail = ops.map((op, i) => [op, items[i + 1]!] as const);
    return sameTree(foldChain(items[0]!, tail), e);
  }

  // ---- temporal formulas ----

  #temporal(t: Temporal, ctx: Context): Doc {
    switch (t.kind) {
      case 'StatePredicate':
        return this.#expr(t.expr, ctx);
      case 'Always':
      case 'Eventually':
        return [
          this.#tok(t.kind === 'Always' ? 'always' : 'eventually', t.span.start.offset),
          ' ',
          this.#temporalOperand(t.body, ctx, t),
        ];
      case 'LeadsTo': {
        const left = this.#temporalOperand(t.left, INNER, t);
        const right = this.#temporalOperand(t.right, ctx, t);
        return group([left, indent([line, '~> ', right])]);
      }
      case 'TemporalBinary': {
        const items: Temporal[] = [];
        const inChain = (x: Temporal): x is Extract<Temporal, { kind: 'TemporalBinary' }> =>
          x.kind === 'TemporalBinary' && x.op === t.op;
        if (t.op === '=>') {
          let x: Temporal = t;
          while (inChain(x)) {
            items.push(x.left);
            x = x.right;
          }
          items.push(x);
        } else {
          const walk = (x: Temporal): void => {
            if (inChain(x)) (walk(x.left), walk(x.right));
            else items.push(x);
          };
          walk(t);
          if (!sameTemporal(foldTemporal(t.op, items[0]!, items.slice(1)), t)) {
            items.length = 0;
            items.push(t.left, t.right);
          }
        }
        const docs = items.map((x, i) =>
          this.#temporalOperand(x, i === items.length - 1 ? ctx : INNER, t, inChain(x)),
        );
        const parts: Doc[] = [docs[0]!];
        for (const d of docs.slice(1)) parts.push(line, `${t.op} `, d);
        return group(ctx.top ? parts : [parts[0]!, indent(parts.slice(1))]);
      }
      default: {
        const unreachable: never = t;
        return unreachable;
      }
    }
  }

  /** A temporal operand: a state predicate as it is; a binary or leads-to in parentheses; a
   *  prefix (`always p`, which reads to the end) in parentheses unless nothing follows. */
  #temporalOperand(x: Temporal, ctx: Context, parent: Temporal, force = false): Doc {
    const prefix = x.kind === 'Always' || x.kind === 'Eventually';
    const inParens =
      force ||
      (x.kind === 'StatePredicate' && this.#keptParens(x.expr)) ||
      x.kind === 'TemporalBinary' ||
      x.kind === 'LeadsTo' ||
      (prefix && !ctx.tail && parent.kind !== 'Always' && parent.kind !== 'Eventually');
    return inParens ? ['(', this.#temporal(x, TAIL), ')'] : this.#temporal(x, { tail: ctx.tail });
  }
}

function leftmost(x: Expr, inChain: (x: Expr) => boolean): Expr {
  while (inChain(x)) x = (x as Binary).left;
  return x;
}

/** The same tree of chain nodes over the same operands. */
function sameTree(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  return (
    a.kind === 'Binary' &&
    b.kind === 'Binary' &&
    a.op === b.op &&
    sameTree(a.left, b.left) &&
    sameTree(a.right, b.right)
  );
}

function sameTemporal(a: Temporal, b: Temporal): boolean {
  if (a === b) return true;
  return (
    a.kind === 'TemporalBinary' &&
    b.kind === 'TemporalBinary' &&
    a.op === b.op &&
    sameTemporal(a.left, b.left) &&
    sameTemporal(a.right, b.right)
  );
}
