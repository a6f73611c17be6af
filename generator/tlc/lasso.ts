// Evaluates temporal properties on a lasso (a finite prefix and a loop, or a last state that
// stutters forever) exactly, whatever the formula's shape. Used to say which property a TLC
// counterexample breaks (TLC reports only "temporal properties were violated"), and in tests
// to confirm the explorer's counterexamples independently.

import type { IrTemporal } from '../lower/ir.ts';
import type { Compiled } from '../semantics/compile.ts';
import type { Model } from '../semantics/model.ts';
import type { Value } from '../semantics/values.ts';

export interface Lasso {
  /** Snapshots as model slot arrays. */
  readonly states: readonly (readonly Value[])[];
  /** The index the last state steps back to; the last index itself for stuttering. */
  readonly loopStart: number;
}

/** The parts of a temporal formula that a finite trace can refute: `always p` and
 *  `always (p => always q)` for state predicates p, q, and such conjuncts of a conjunction.
 *  (Every continuation of a trace that refutes one refutes it too, fair or not.) */
export function safetyParts(f: IrTemporal): IrTemporal[] {
  if (f.kind === 'binary' && f.op === 'and')
    return [...safetyParts(f.left), ...safetyParts(f.right)];
  if (f.kind !== 'always') return [];
  const b = f.body;
  if (b.kind === 'predicate') return [f];
  if (
    b.kind === 'binary' &&
    b.op === '=>' &&
    b.left.kind === 'predicate' &&
    b.right.kind === 'always' &&
    b.right.body.kind === 'predicate'
  )
    return [f];
  return [];
}

export function holdsOnLasso(model: Model, formula: IrTemporal, lasso: Lasso): boolean {
  const n = lasso.states.length;
  const future = (i: number): number[] => {
    const out: number[] = [];
    for (let j = i; j < n; j++) out.push(j);
    for (let j = lasso.loopStart; j < i && j < n; j++) out.push(j);
    return out;
  };
  const cache = new Map<IrTemporal, Compiled>();
  const predicate = (f: Extract<IrTemporal, { kind: 'predicate' }>): Compiled => {
    let c = cache.get(f);
    if (!c) {
      c = model.compileStatePredicate(f.expr);
      cache.set(f, c);
    }
    return c;
  };
  const at = (f: IrTemporal, i: number): boolean => {
    switch (f.kind) {
      case 'predicate':
        return Boolean(predicate(f)(model.frame(lasso.states[i]!)));
      case 'always':
        return future(i).every((j) => at(f.body, j));
      case 'eventually':
        return future(i).some((j) => at(f.body, j));
      case 'leadsTo':
        return future(i).every((j) => !at(f.left, j) || future(j).some((k) => at(f.right, k)));
      case 'binary':
        if (f.op === 'and') return at(f.left, i) && at(f.right, i);
        if (f.op === 'or') return at(f.left, i) || at(f.right, i);
        return !at(f.left, i) || at(f.right, i);
      default: {
        const unreachable: never = f;
        return unreachable;
      }
    }
  };
  return n === 0 || at(formula, 0);
}
