// The engine's runtime helpers (generated/<machine>.ts): a module of its own so that tsc checks
// them; the emitter copies the text after the marker below into each engine, without the
// `export` keywords and the `// prettier-ignore` lines, the helpers the engine uses and no
// other (helpers.ts: one declaration a blank line apart, and the table of what each uses).
// ---- helpers ----
/** An id that none of `ids` is (ir.ts, rule 8): a hostile id cannot stand in for it. */
export function freshAmong<T>(ids: readonly T[]): T {
  let fresh = '\u0000fresh';
  while (ids.includes(fresh as T)) fresh += '\u0000';
  return fresh as T;
}

/** The one empty set: snapshots share it (no code here ever mutates a set). */
export const EMPTY_SET: ReadonlySet<never> = new Set<never>();

/** a ∪ {x}: a itself when it holds x, else one copy (no singleton set is built). */
export function adjoin<T>(a: ReadonlySet<T>, x: T): ReadonlySet<T> {
  if (a.has(x)) return a;
  const out = new Set(a);
  out.add(x);
  return out;
}

export function union<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): ReadonlySet<T> {
  if (b.size === 0) return a;
  const out = new Set(a);
  for (const x of b) out.add(x);
  return out;
}

export function intersect<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): ReadonlySet<T> {
  return new Set([...a].filter((x) => b.has(x)));
}

export function minus<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): ReadonlySet<T> {
  return new Set([...a].filter((x) => !b.has(x)));
}

export function isSubset<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a === b) return true; // unchanged sets are shared between snapshots
  if (a.size > b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

export function setEquals<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a === b || (a.size === b.size && isSubset(a, b));
}

/** Equality of members that may be sets: a set of sets compares its members by value (IR
 *  rule: sets are values), where `Set` would compare them by reference. */
export function deepEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!(a instanceof Set) || !(b instanceof Set) || a.size !== b.size) return false;
  for (const x of a) if (!hasDeep(b, x)) return false;
  return true;
}

/** x ∈ s for a set whose members are sets. */
export function hasDeep<T>(s: ReadonlySet<T>, x: T): boolean {
  if (s.has(x)) return true;
  if (!(x instanceof Set)) return false;
  for (const y of s) if (deepEquals(x, y)) return true;
  return false;
}

/** a ∪ {x} for a set of sets: a itself when it holds a set equal to x. */
export function adjoinDeep<T>(a: ReadonlySet<T>, x: T): ReadonlySet<T> {
  if (hasDeep(a, x)) return a;
  const out = new Set(a);
  out.add(x);
  return out;
}

export function unionDeep<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): ReadonlySet<T> {
  let out = a;
  for (const x of b) out = adjoinDeep(out, x);
  return out;
}

/** The set of these members, equal sets once (a set literal of sets). */
export function setOfDeep<T>(xs: readonly T[]): ReadonlySet<T> {
  let out: ReadonlySet<T> = new Set<T>();
  for (const x of xs) out = adjoinDeep(out, x);
  return out;
}

export function intersectDeep<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): ReadonlySet<T> {
  return new Set([...a].filter((x) => hasDeep(b, x)));
}

export function minusDeep<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): ReadonlySet<T> {
  return new Set([...a].filter((x) => !hasDeep(b, x)));
}

export function isSubsetDeep<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a === b) return true;
  if (a.size > b.size) return false;
  for (const x of a) if (!hasDeep(b, x)) return false;
  return true;
}

export function setEqualsDeep<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  return a === b || (a.size === b.size && isSubsetDeep(a, b));
}

/** The one empty map: snapshots share it (no code here ever mutates a map). */
export const EMPTY_MAP: ReadonlyMap<never, never> = new Map<never, never>();

/** The keys of a map, as a set (`keys(m)`). */
export function mapKeys<K, V>(m: ReadonlyMap<K, V>): ReadonlySet<K> {
  return new Set(m.keys());
}

/** The map with v at key k (`put(m, k, v)`): m itself when k already holds v. */
export function mapPut<K, V>(m: ReadonlyMap<K, V>, k: K, v: V): ReadonlyMap<K, V> {
  if (m.has(k) && m.get(k) === v) return m;
  const out = new Map(m);
  out.set(k, v);
  return out;
}

/** The map without key k (`remove(m, k)`): m itself when k is not a key. */
export function mapRemove<K, V>(m: ReadonlyMap<K, V>, k: K): ReadonlyMap<K, V> {
  if (!m.has(k)) return m;
  const out = new Map(m);
  out.delete(k);
  return out;
}

/** Equality of maps by value: the same keys, each holding the same value. */
export function mapEquals<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean {
  if (a === b) return true;
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (!b.has(k) || b.get(k) !== v) return false;
  return true;
}

/** Equality of sequences by value: the same elements in the same order. */
export function seqEquals<T>(a: readonly T[], b: readonly T[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

export function every<T>(xs: Iterable<T>, p: (x: T) => boolean): boolean {
  for (const x of xs) if (!p(x)) return false;
  return true;
}

export function some<T>(xs: Iterable<T>, p: (x: T) => boolean): boolean {
  for (const x of xs) if (p(x)) return true;
  return false;
}

export function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}

// prettier-ignore
export function subsets<T>(xs: Iterable<T>): ReadonlySet<T>[] {
  return [...new Set(xs)].reduce<ReadonlySet<T>[]>((acc, x) => [...acc, ...acc.map((s) => union(s, new Set([x])))], [new Set<T>()]);
}

/** A set as stored (serializeSnapshot): its members in an array, sorted (null first, numbers
 *  by value, the rest by their text or JSON), so that equal sets are stored alike. */
export function storedMembers<T>(xs: ReadonlySet<T>): T[] {
  const text = (x: unknown): string => (typeof x === 'object' ? JSON.stringify(x) : String(x));
  return [...xs].sort((a, b) => {
    if (a === b) return 0;
    if (a === null) return -1;
    if (b === null) return 1;
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return text(a) < text(b) ? -1 : 1;
  });
}

/** A map as stored (serializeSnapshot): its [key, value] entries in an array, sorted by key as
 *  storedMembers sorts, so that equal maps are stored alike. */
export function storedEntries<K, V>(m: ReadonlyMap<K, V>): [K, V][] {
  return storedMembers(new Set(m.keys())).map((k) => [k, m.get(k)!]);
}

/** A stored set member's text, equal for equal members (a nested set's members in any order). */
export function storedKey(x: unknown): string {
  return Array.isArray(x) ? `[${x.map(storedKey).sort().join(',')}]` : JSON.stringify(x);
}
