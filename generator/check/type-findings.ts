// What the typer (infer-types.ts) found while typing the expressions, as data: each finding
// names the node it concerns and the types involved. The reporters of the types stage turn
// findings into diagnostics; the typer itself reports nothing.

import type { Binary, Call, Expr, NameRef, RangeExpr, Span } from '../parse/ast.ts';
import type { IrType } from '../lower/types.ts';

/** One thing the typer found that does not fit; in the order the typer found them. */
export type TypeFinding =
  /** A value of type `actual` where `expected` is required (never `unknown`: that was
   *  reported where it arose). `context` says where, e.g. "operand of 'and'". */
  | {
      readonly kind: 'mismatch';
      readonly span: Span;
      readonly context: string;
      readonly expected: string;
      readonly actual: IrType;
    }
  /** A range used as a value: ranges only serve as quantifier domains. */
  | { readonly kind: 'rangeAsValue'; readonly expr: RangeExpr }
  /** A declared type or enum named where a value is required. */
  | { readonly kind: 'typeAsValue'; readonly ref: NameRef }
  /** `+`, `-` or `*` on operand types it does not take. */
  | {
      readonly kind: 'badArithmetic';
      readonly expr: Binary;
      readonly left: IrType;
      readonly right: IrType;
    }
  /** A nullable value used where it must not be null, and no guard narrowed it. */
  | { readonly kind: 'possiblyNull'; readonly expr: Expr }
  /** A primed name that has no next value (not a variable, a const or `state`). */
  | { readonly kind: 'primeOfNonVariable'; readonly ref: NameRef }
  /** A primed variable outside a step declaration. */
  | { readonly kind: 'primeOutsideStep'; readonly ref: NameRef }
  /** An initial value that reads a variable or a built-in other than `now`. */
  | { readonly kind: 'nonConstantInit'; readonly ref: NameRef }
  /** `enabled(...)` outside an invariant or a property. */
  | { readonly kind: 'enabledOutsideProperty'; readonly call: Call }
  /** A comparison of times with neither side anchored on `now`. */
  | { readonly kind: 'timeComparisonWithoutNow'; readonly expr: Binary }
  /** A time computed other than as now + a duration. */
  | { readonly kind: 'timeArithmetic'; readonly expr: Binary };
