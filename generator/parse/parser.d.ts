// Types for the generated parser (parser.js, built from grammar/tether.peggy).
import type { SpecFile } from './ast.ts';

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
