// Types for the generated parser (parser.js, built from grammar/tether.peggy).
import type { BinaryOp, Expr, Span, SpecFile, Temporal } from './ast.ts';

export interface PeggyLocation {
  readonly start: { readonly offset: number; readonly line: number; readonly column: number };
  readonly end: { readonly offset: number; readonly line: number; readonly column: number };
}

export type PeggyExpectation =
  | { readonly type: 'literal'; readonly text: string; readonly ignoreCase: boolean }
  | {
      readonly type: 'class';
      readonly parts: readonly (string | readonly [string, string])[];
      readonly inverted: boolean;
    }
  | { readonly type: 'any' }
  | { readonly type: 'end' }
  | { readonly type: 'other'; readonly description: string };

export declare class SyntaxError extends Error {
  readonly expected: readonly PeggyExpectation[] | null;
  readonly found: string | null;
  readonly location: PeggyLocation;
}

/** The words that cannot be names (the grammar's KEYWORDS). */
export declare const KEYWORDS: ReadonlySet<string>;

export declare function parse(input: string, options?: { grammarSource?: string }): SpecFile;

/** An operator of a chain, with its token's span. */
export interface ChainOp {
  readonly op: BinaryOp;
  readonly span: Span;
}

/** The tree the parser folds `head (op item)*` into (left fold, or balanced past a length). */
export declare function foldChain(head: Expr, tail: readonly (readonly [ChainOp, Expr])[]): Expr;

/** `p1 op p2 op … pn` for a right-associative op: p1 op (p2 op (… pn)). */
export declare function foldRight(head: Expr, tail: readonly (readonly [ChainOp, Expr])[]): Expr;

/** A temporal `and`/`or` chain, grouped like the state predicates' chains. */
export declare function foldTemporal(
  op: 'and' | 'or',
  head: Temporal,
  tail: readonly Temporal[],
): Temporal;
