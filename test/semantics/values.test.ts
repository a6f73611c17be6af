// The interpreter's values (semantics/values.ts) at every depth: a set of sets is canonical
// (equal sets are equal arrays, whatever order and repeats they were built from) and its
// members are compared by value, as TLA+ compares them. On 23b16b4 `in`, `minus` and `==`
// compared nested members by reference (test/fixtures/pipeline-found/explorer-nested-set-membership.tether).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareValues,
  makeSet,
  setHas,
  setIntersect,
  setMinus,
  setSubset,
  setUnion,
  valueEquals,
  valueKey,
  type Value,
} from '../../generator/semantics/values.ts';

const scalar = fc.oneof(
  fc.constantFrom('a', 'b', 'c'),
  fc.integer({ min: -2, max: 2 }),
  fc.boolean(),
);
/** Sets of scalars and sets of sets of them, each canonical. */
const value: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('v'), { maxLength: 3 }).map(makeSet),
  ),
})).v;
const set = fc.array(value, { maxLength: 4 }).map(makeSet);

describe('values at every depth', () => {
  it('a set is canonical: the order and repeats it was built from do not matter', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 5 }), fc.integer(), (xs, seed) => {
        const shuffled = [...xs, ...xs].sort(() =>
          (seed = (seed * 16807) % 2147483647) & 1 ? 1 : -1,
        );
        const a = makeSet(xs);
        const b = makeSet(shuffled);
        expect(valueEquals(a, b)).toBe(true);
        expect(valueKey(a)).toBe(valueKey(b));
        // no two members equal
        for (let i = 1; i < a.length; i++) expect(compareValues(a[i - 1]!, a[i]!)).toBeLessThan(0);
      }),
    );
  });

  it('compareValues is a total order that agrees with valueEquals', () => {
    fc.assert(
      fc.property(value, value, value, (a, b, c) => {
        expect(compareValues(a, b) === 0).toBe(valueEquals(a, b));
        expect(Math.sign(compareValues(a, b)) + Math.sign(compareValues(b, a))).toBe(0);
        if (compareValues(a, b) <= 0 && compareValues(b, c) <= 0)
          expect(compareValues(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('a copy of a nested member, built apart, is found, removed and kept once', () => {
    const group = (): Value => makeSet(['b', 'a']);
    const groups = makeSet([group(), makeSet(['c'])]);
    expect(setHas(groups, group())).toBe(true);
    expect(setHas(groups, makeSet(['a']))).toBe(false);
    expect(setMinus(groups, makeSet([group()]))).toEqual([['c']]);
    expect(setUnion(groups, makeSet([group()]))).toEqual(groups);
    expect(setIntersect(groups, makeSet([group()]))).toEqual([['a', 'b']]);
    expect(setSubset(makeSet([group()]), groups)).toBe(true);
    expect(valueEquals(makeSet([group(), group()]), makeSet([group()]))).toBe(true);
  });

  it('the set operations are those of sets, at every depth', () => {
    const members = (s: readonly Value[]): Set<string> => new Set(s.map(valueKey));
    fc.assert(
      fc.property(set, set, (a, b) => {
        const [ka, kb] = [members(a), members(b)];
        const union = setUnion(a, b);
        expect(members(union)).toEqual(new Set([...ka, ...kb]));
        expect(valueEquals(union, makeSet([...a, ...b]))).toBe(true);
        expect(members(setIntersect(a, b))).toEqual(new Set([...ka].filter((k) => kb.has(k))));
        expect(members(setMinus(a, b))).toEqual(new Set([...ka].filter((k) => !kb.has(k))));
        expect(setSubset(a, b)).toBe([...ka].every((k) => kb.has(k)));
        for (const x of b) expect(setHas(a, x)).toBe(ka.has(valueKey(x)));
      }),
    );
  });
});
