// A model that cannot be evaluated: an integer result outside the model's integers (IR rule 9),
// which TLC reports as "Overflow when computing a*b" and stops. Both checkers report it as
// this error, in the same spec terms, with the behaviour that led to it.

import { MODEL_INT_MAX, MODEL_INT_MIN, type IrLoc } from '../lower/ir.ts';
import type { Checker, Trace } from './result.ts';

/** Where in the spec an evaluation failed: what was being evaluated, and its declaration. */
export interface EvaluationSite {
  /** `transition go`, `invariant bounded`, `step property s`, `property p`, `the initial state`. */
  readonly what: string;
  readonly loc: IrLoc | null;
}

/** The model cannot be evaluated (an integer overflow): `check` reports it with result `error`. */
export class ModelEvaluationError extends Error {
  override readonly name = 'ModelEvaluationError';
  constructor(
    readonly checker: Checker,
    /** The whole message in spec terms, `integer overflow in …` (see overflowMessage). */
    message: string,
    /** The behaviour up to the state where the evaluation failed. */
    readonly trace: Trace,
  ) {
    super(message);
  }
}

/** The one wording of an overflow, for both checkers: `computation` as `3000000 * 1000`. */
export function overflowMessage(
  file: string,
  site: EvaluationSite,
  computation: string,
  result: number,
): string {
  const where = site.loc ? ` (${file}:${site.loc.line}:${site.loc.column})` : '';
  return `integer overflow in ${site.what}${where}: ${computation} = ${result} is outside the model's integers, ${MODEL_INT_MIN}..${MODEL_INT_MAX} (TLC's)`;
}
