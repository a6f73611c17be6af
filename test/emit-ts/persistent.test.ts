// The engine's persistent sets and maps (runtime-helpers.ts: a hash trie, updated by copying
// one path): against Set and Map on random operations, keys of every kind a snapshot holds
// (strings, integers, fractions, NaN, -0, booleans, null) and keys whose whole hash is the
// same; every version stays as it was (an update never changes the set it came from).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_MAP,
  EMPTY_SET,
  PersistentMap,
  PersistentSet,
  adjoin,
  deepEquals,
  intersect,
  mapKeys,
  mapPut,
  mapRemove,
  minus,
  trieHash,
  union,
} from '../../generator/emit-ts/runtime-helpers.ts';

/** Two strings of one 32-bit hash, found by a birthday search (about 2^16 tries). */
function collidingPair(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const s = `k${i}`;
    const h = trieHash(s);
    const other = seen.get(h);
    if (other !== undefined) return [other, s];
    seen.set(h, s);
  }
}
const [c1, c2] = collidingPair();

const key = fc.oneof(
  fc.constantFrom(c1, c2, 'a', 'b', '', 'NaN', 'true', 'null', '0'),
  fc.string({ maxLength: 3 }),
  fc.integer({ min: -50, max: 50 }),
  fc.constantFrom(0, -0, 2 ** 31, -(2 ** 31), 2 ** 53 - 1, 0.5, Number.NaN, true, false, null),
);

const setOps = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('add' as const), key }),
    fc.record({ kind: fc.constant('delete' as const), key }),
    fc.record({ kind: fc.constant('snapshot' as const) }),
  ),
  { maxLength: 300 },
);

/** Members in one order whatever their kinds (storedMembers sorts one kind at a time). */
const text = (x: unknown): string => `${typeof x}:${String(x)}`;
const sorted = (xs: Iterable<unknown>): unknown[] =>
  [...xs].sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
const entriesOf = (m: ReadonlyMap<unknown, unknown>): [unknown, unknown][] =>
  sorted(m.keys()).map((k) => [k, m.get(k)]);

describe('persistent sets and maps', () => {
  it('the collision pair has one hash and two keys', () => {
    expect(c1).not.toBe(c2);
    expect(trieHash(c1)).toBe(trieHash(c2));
  });

  it('a set answers as a Set does, after any adds and deletes, and no update changes a version', () => {
    fc.assert(
      fc.property(setOps, (ops) => {
        let p: ReadonlySet<unknown> = EMPTY_SET;
        const model = new Set<unknown>();
        const versions: [ReadonlySet<unknown>, unknown[]][] = [];
        for (const op of ops) {
          if (op.kind === 'snapshot') versions.push([p, sorted(model)]);
          else if (op.kind === 'add') {
            p = adjoin(p, op.key);
            model.add(op.key);
          } else {
            p = minus(p, new Set([op.key]));
            model.delete(op.key);
          }
          expect(p.size).toBe(model.size);
          if (op.kind !== 'snapshot') expect(p.has(op.key)).toBe(model.has(op.key));
        }
        expect(p).toBeInstanceOf(PersistentSet);
        expect(sorted(p)).toEqual(sorted(model));
        for (const x of [c1, c2, 'a', 0, Number.NaN, null, true])
          expect(p.has(x)).toBe(model.has(x));
        for (const [v, members] of versions) {
          expect(sorted(v)).toEqual(members);
          expect(v.size).toBe(members.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a map answers as a Map does, after any puts and removes, and no update changes a version', () => {
    const ops = fc.array(
      fc.oneof(
        fc.record({
          kind: fc.constant('put' as const),
          key,
          value: fc.integer({ min: 0, max: 3 }),
        }),
        fc.record({ kind: fc.constant('remove' as const), key }),
        fc.record({ kind: fc.constant('snapshot' as const) }),
      ),
      { maxLength: 300 },
    );
    fc.assert(
      fc.property(ops, (list) => {
        let p: ReadonlyMap<unknown, number> = EMPTY_MAP;
        const model = new Map<unknown, number>();
        const versions: [ReadonlyMap<unknown, number>, [unknown, unknown][]][] = [];
        for (const op of list) {
          if (op.kind === 'snapshot') versions.push([p, entriesOf(model)]);
          else if (op.kind === 'put') {
            p = mapPut(p, op.key, op.value);
            model.set(op.key, op.value);
          } else {
            p = mapRemove(p, op.key);
            model.delete(op.key);
          }
          expect(p.size).toBe(model.size);
          if (op.kind !== 'snapshot') expect(p.get(op.key)).toBe(model.get(op.key));
        }
        expect(entriesOf(p)).toEqual(entriesOf(model));
        expect(sorted(mapKeys(p))).toEqual(sorted(model.keys()));
        expect(new Map(p.entries())).toEqual(model);
        let seen = 0;
        p.forEach((v, k, m) => {
          expect(model.get(k)).toBe(v);
          expect(m).toBe(p);
          seen++;
        });
        expect(seen).toBe(model.size);
        for (const [v, entries] of versions) expect(entriesOf(v)).toEqual(entries);
      }),
      { numRuns: 300 },
    );
  });

  it('union, intersect and minus of persistent sets and Sets are those of Sets', () => {
    const members = fc.array(key, { maxLength: 40 });
    fc.assert(
      fc.property(members, members, (xs, ys) => {
        const a = PersistentSet.of(xs);
        const b = new Set(ys);
        const sa = new Set(xs);
        expect(sorted(union(a, b))).toEqual(sorted(new Set([...sa, ...b])));
        expect(sorted(union(b, a))).toEqual(sorted(new Set([...sa, ...b])));
        expect(sorted(intersect(a, b))).toEqual(sorted([...sa].filter((x) => b.has(x))));
        expect(sorted(minus(a, b))).toEqual(sorted([...sa].filter((x) => !b.has(x))));
        expect(sorted(minus(b, a))).toEqual(sorted([...b].filter((x) => !sa.has(x))));
      }),
      { numRuns: 300 },
    );
  });

  it('an update shares the set it came from: it is itself when nothing changes', () => {
    const a = adjoin(adjoin(EMPTY_SET as ReadonlySet<string>, 'x'), 'y');
    expect(adjoin(a, 'x')).toBe(a);
    expect(minus(a, new Set(['z']))).toBe(a);
    expect(union(a, EMPTY_SET)).toBe(a);
    const m = mapPut(EMPTY_MAP as ReadonlyMap<string, number>, 'k', 1);
    expect(mapPut(m, 'k', 1)).toBe(m);
    expect(mapRemove(m, 'absent')).toBe(m);
    // 5,000 members: one more shares all but one path (a few small arrays), so the trie's
    // depth stays small.
    let big: ReadonlySet<string> = EMPTY_SET;
    for (let i = 0; i < 5000; i++) big = adjoin(big, `n${i}`);
    const depth = (n: { slots: readonly unknown[] }): number =>
      1 +
      Math.max(
        0,
        ...n.slots.map((s) => (s instanceof Object && 'slots' in s ? depth(s as typeof n) : 0)),
      );
    expect(depth((big as PersistentSet<string>).root)).toBeLessThanOrEqual(5);
  });

  it("has ES2025's set methods, each a new Set, with another set or a set-like", () => {
    const a = PersistentSet.of([1, 2, 3]);
    const like = { keys: () => [3, 4].values(), has: (x: number) => x === 3 || x === 4, size: 2 };
    for (const b of [new Set([3, 4]), PersistentSet.of([3, 4]), like]) {
      expect(sorted(a.union(b))).toEqual([1, 2, 3, 4]);
      expect(a.union(b)).toBeInstanceOf(Set);
      expect(sorted(a.intersection(b))).toEqual([3]);
      expect(sorted(a.difference(b))).toEqual([1, 2]);
      expect(sorted(a.symmetricDifference(b))).toEqual([1, 2, 4]);
      expect(a.isSubsetOf(b)).toBe(false);
      expect(a.isSupersetOf(b)).toBe(false);
      expect(a.isDisjointFrom(b)).toBe(false);
    }
    expect(PersistentSet.of([3]).isSubsetOf(new Set([3, 4]))).toBe(true);
    expect(a.isSupersetOf(new Set([1, 3]))).toBe(true);
    expect(a.isDisjointFrom(new Set([7]))).toBe(true);
    expect(sorted(a)).toEqual([1, 2, 3]); // unchanged
  });

  it('reads as a ReadonlySet: iteration, keys, values, entries, forEach and JSON', () => {
    const s = PersistentSet.of(['b', 'a']);
    expect(sorted(s.keys())).toEqual(['a', 'b']);
    expect(sorted(s.values())).toEqual(['a', 'b']);
    expect([...s.entries()].map(([x, y]) => x === y)).toEqual([true, true]);
    const seen: unknown[] = [];
    s.forEach((x, y, set) => {
      expect(x).toBe(y);
      expect(set).toBe(s);
      seen.push(x);
    });
    expect(sorted(seen)).toEqual(['a', 'b']);
    expect(sorted(JSON.parse(JSON.stringify(s)) as string[])).toEqual(['a', 'b']);
    expect(JSON.parse(JSON.stringify(PersistentMap.of([['k', 1]])))).toEqual([['k', 1]]);
    // A set of sets compares a persistent member by value, as it does a Set.
    expect(deepEquals(PersistentSet.of([1, 2]), new Set([2, 1]))).toBe(true);
    expect(deepEquals(PersistentSet.of([1, 2]), new Set([1]))).toBe(false);
  });
});
