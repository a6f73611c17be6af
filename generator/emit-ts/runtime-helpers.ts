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

/** A node of a hash trie (HAMT: Bagwell, "Ideal Hash Trees", 2001), the store of the
 *  persistent sets and maps below: `bits` says which of 32 slots, five bits of a key's hash,
 *  are used, and `slots` holds them in order, each a node one level down or a key's leaf.
 *  Nodes are never changed after they are made: an update copies the path to its leaf (a few
 *  small arrays) and shares everything else with the trie it came from. */
export class TrieNode {
  readonly bits: number;
  readonly slots: readonly (TrieNode | TrieLeaf)[];
  constructor(bits: number, slots: readonly (TrieNode | TrieLeaf)[]) {
    this.bits = bits;
    this.slots = slots;
  }
}

/** A key of a trie and its value; keys whose whole hash is the same are chained (`next`). */
export class TrieLeaf {
  readonly hash: number;
  readonly key: unknown;
  readonly value: unknown;
  readonly next: TrieLeaf | null;
  constructor(hash: number, key: unknown, value: unknown, next: TrieLeaf | null) {
    this.hash = hash;
    this.key = key;
    this.value = value;
    this.next = next;
  }
}

/** A key's hash: an integer's own bits mixed, anything else the FNV-1a of its text (keys are
 *  strings, numbers, booleans and null: a set's members and a map's keys are never sets). */
export function trieHash(key: unknown): number {
  if (typeof key === 'number' && Number.isInteger(key)) return Math.imul(key | 0, 0x9e3779b1);
  const text = typeof key === 'string' ? key : String(key);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** The slot of `hash` at level `shift` in a node's `bits`: its bit and its index in slots. */
export function trieSlot(bits: number, hash: number, shift: number): [bit: number, index: number] {
  const bit = 1 << ((hash >>> shift) & 31);
  let below = bits & (bit - 1);
  below -= (below >>> 1) & 0x55555555;
  below = (below & 0x33333333) + ((below >>> 2) & 0x33333333);
  return [bit, (Math.imul((below + (below >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 63];
}

/** The leaf of `key` in the trie, or undefined. Keys are equal as a Set's are (SameValueZero). */
export function trieFind(root: TrieNode, hash: number, key: unknown): TrieLeaf | undefined {
  let node = root;
  for (let shift = 0; ; shift += 5) {
    const [bit, index] = trieSlot(node.bits, hash, shift);
    if ((node.bits & bit) === 0) return undefined;
    const slot = node.slots[index]!;
    if (slot instanceof TrieNode) {
      node = slot;
      continue;
    }
    for (let leaf: TrieLeaf | null = slot; leaf; leaf = leaf.next)
      if (leaf.hash === hash && (leaf.key === key || (leaf.key !== leaf.key && key !== key)))
        return leaf;
    return undefined;
  }
}

/** The trie with `key` holding `value` (added, or its value replaced). A key -0 is kept as
 *  0, as a Set keeps it. */
export function triePut(
  node: TrieNode,
  hash: number,
  key: unknown,
  value: unknown,
  shift: number,
): TrieNode {
  if (key === 0) key = 0;
  const [bit, index] = trieSlot(node.bits, hash, shift);
  const slots = node.slots.slice();
  if ((node.bits & bit) === 0) {
    slots.splice(index, 0, new TrieLeaf(hash, key, value, null));
    return new TrieNode(node.bits | bit, slots);
  }
  const slot = slots[index]!;
  if (slot instanceof TrieNode) slots[index] = triePut(slot, hash, key, value, shift + 5);
  else if (slot.hash === hash)
    slots[index] = new TrieLeaf(hash, key, value, trieUnchain(slot, key));
  else slots[index] = trieSplit(slot, new TrieLeaf(hash, key, value, null), shift + 5);
  return new TrieNode(node.bits, slots);
}

/** A chain of leaves of one hash without `key`'s leaf (a new chain; null when empty). */
export function trieUnchain(chain: TrieLeaf | null, key: unknown): TrieLeaf | null {
  if (chain === null) return null;
  const rest = trieUnchain(chain.next, key);
  if (chain.key === key || (chain.key !== chain.key && key !== key)) return rest;
  return rest === chain.next ? chain : new TrieLeaf(chain.hash, chain.key, chain.value, rest);
}

/** A node holding two leaves of different hashes, from level `shift` down. */
export function trieSplit(a: TrieLeaf, b: TrieLeaf, shift: number): TrieNode {
  const ia = (a.hash >>> shift) & 31;
  const ib = (b.hash >>> shift) & 31;
  if (ia === ib) return new TrieNode(1 << ia, [trieSplit(a, b, shift + 5)]);
  return new TrieNode((1 << ia) | (1 << ib), ia < ib ? [a, b] : [b, a]);
}

/** The trie without `key` (which it holds); an emptied node is left out of its parent. */
export function trieRemove(node: TrieNode, hash: number, key: unknown, shift: number): TrieNode {
  const [bit, index] = trieSlot(node.bits, hash, shift);
  const slot = node.slots[index]!;
  const rest =
    slot instanceof TrieNode ? trieRemove(slot, hash, key, shift + 5) : trieUnchain(slot, key);
  const slots = node.slots.slice();
  if (rest === null || (rest instanceof TrieNode && rest.bits === 0)) {
    slots.splice(index, 1);
    return new TrieNode(node.bits & ~bit, slots);
  }
  slots[index] = rest;
  return new TrieNode(node.bits, slots);
}

/** Every leaf of the trie. */
export function* trieLeaves(node: TrieNode): Generator<TrieLeaf, undefined, unknown> {
  for (const slot of node.slots)
    if (slot instanceof TrieNode) yield* trieLeaves(slot);
    else for (let leaf: TrieLeaf | null = slot; leaf; leaf = leaf.next) yield leaf;
  return undefined;
}

/** A set of a snapshot: a ReadonlySet whose updates (adjoin, union, minus) take O(log n) and
 *  share the rest of the set they came from, where a Set is copied whole (README, "Using the
 *  generated engine"). It is read as a ReadonlySet is; it is not a Set (`instanceof Set`). */
export class PersistentSet<T> implements ReadonlySet<T> {
  readonly root: TrieNode;
  readonly size: number;
  constructor(root: TrieNode, size: number) {
    this.root = root;
    this.size = size;
  }
  /** The set of these members (a Set read from a stored snapshot, an event, a literal). */
  static of<T>(members: Iterable<T>): PersistentSet<T> {
    let out = new PersistentSet<T>(new TrieNode(0, []), 0);
    for (const x of members) out = out.with(x);
    return out;
  }
  has(x: T): boolean {
    return trieFind(this.root, trieHash(x), x) !== undefined;
  }
  with(x: T): PersistentSet<T> {
    const hash = trieHash(x);
    if (trieFind(this.root, hash, x)) return this;
    return new PersistentSet(triePut(this.root, hash, x, true, 0), this.size + 1);
  }
  without(x: T): PersistentSet<T> {
    const hash = trieHash(x);
    if (!trieFind(this.root, hash, x)) return this;
    return new PersistentSet(trieRemove(this.root, hash, x, 0), this.size - 1);
  }
  *values(): Generator<T, undefined, unknown> {
    for (const leaf of trieLeaves(this.root)) yield leaf.key as T;
    return undefined;
  }
  keys(): Generator<T, undefined, unknown> {
    return this.values();
  }
  *entries(): Generator<[T, T], undefined, unknown> {
    for (const x of this.values()) yield [x, x];
    return undefined;
  }
  [Symbol.iterator](): Generator<T, undefined, unknown> {
    return this.values();
  }
  forEach(f: (value: T, value2: T, set: ReadonlySet<T>) => void, thisArg?: unknown): void {
    for (const x of this.values()) f.call(thisArg, x, x, this);
  }
  /** As JSON: its members in an array (a Set's JSON is `{}`). */
  toJSON(): T[] {
    return [...this.values()];
  }
  // The set methods of ES2025 (lib esnext's ReadonlySet has them), each a new Set as theirs
  // return; `other` is set-like: its keys() an iterator.
  union<U>(other: SetLike<U>): Set<T | U> {
    const out = new Set<T | U>(this.values());
    for (const x of keysOf(other)) out.add(x);
    return out;
  }
  intersection<U>(other: SetLike<U>): Set<T & U> {
    const out = new Set<T & U>();
    for (const x of this.values()) if (other.has(x as unknown as U)) out.add(x as T & U);
    return out;
  }
  difference<U>(other: SetLike<U>): Set<T> {
    const out = new Set<T>();
    for (const x of this.values()) if (!other.has(x as unknown as U)) out.add(x);
    return out;
  }
  symmetricDifference<U>(other: SetLike<U>): Set<T | U> {
    const out = this.difference(other) as Set<T | U>;
    for (const x of keysOf(other)) if (!this.has(x as unknown as T)) out.add(x);
    return out;
  }
  isSubsetOf(other: SetLike<unknown>): boolean {
    for (const x of this.values()) if (!other.has(x)) return false;
    return true;
  }
  isSupersetOf(other: SetLike<unknown>): boolean {
    for (const x of keysOf(other)) if (!this.has(x as T)) return false;
    return true;
  }
  isDisjointFrom(other: SetLike<unknown>): boolean {
    for (const x of this.values()) if (other.has(x)) return false;
    return true;
  }
}

/** The keys of a set-like, iterated. */
export function* keysOf<T>(s: SetLike<T>): Generator<T, undefined, unknown> {
  const it = s.keys();
  for (let r = it.next(); r.done !== true; r = it.next()) yield r.value;
  return undefined;
}
/** What ES2025's set methods take (lib esnext's ReadonlySetLike, spelled out for older libs). */
export interface SetLike<T> {
  keys(): Iterator<T>;
  has(value: T): boolean;
  readonly size: number;
}

/** The one empty set: snapshots share it (no code here ever mutates a set). */
export const EMPTY_SET: ReadonlySet<never> = new PersistentSet<never>(new TrieNode(0, []), 0);

/** A set as a PersistentSet: itself, or one made of a Set's members. */
export function persistent<T>(a: ReadonlySet<T>): PersistentSet<T> {
  return a instanceof PersistentSet ? (a as PersistentSet<T>) : PersistentSet.of(a);
}

/** a ∪ {x}: a itself when it holds x, else a with x (O(log n), sharing the rest of a). */
export function adjoin<T>(a: ReadonlySet<T>, x: T): ReadonlySet<T> {
  if (a.has(x)) return a;
  return persistent(a).with(x);
}

export function union<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): ReadonlySet<T> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  let out = persistent(a.size >= b.size ? a : b);
  for (const x of a.size >= b.size ? b : a) out = out.with(x);
  return out;
}

export function intersect<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): ReadonlySet<T> {
  return PersistentSet.of([...a].filter((x) => b.has(x)));
}

/** a \ b: a itself when they share nothing, else a without b's members (O(|b| log n)). */
export function minus<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): ReadonlySet<T> {
  let out: PersistentSet<T> | null = null;
  for (const x of b) if (a.has(x)) out = (out ?? persistent(a)).without(x);
  return out ?? a;
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

/** Whether a value is a set: a Set or a PersistentSet. */
export function isSetValue(x: unknown): x is ReadonlySet<unknown> {
  return x instanceof Set || x instanceof PersistentSet;
}

/** Equality of members that may be sets: a set of sets compares its members by value (IR
 *  rule: sets are values), where `Set` would compare them by reference. */
export function deepEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!isSetValue(a) || !isSetValue(b) || a.size !== b.size) return false;
  for (const x of a) if (!hasDeep(b, x)) return false;
  return true;
}

/** x ∈ s for a set whose members are sets. */
export function hasDeep<T>(s: ReadonlySet<T>, x: T): boolean {
  if (s.has(x)) return true;
  if (!isSetValue(x)) return false;
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

/** A map of a snapshot: a ReadonlyMap whose updates (mapPut, mapRemove) take O(log n) and
 *  share the rest of the map they came from, as PersistentSet does for sets. */
export class PersistentMap<K, V> implements ReadonlyMap<K, V> {
  readonly root: TrieNode;
  readonly size: number;
  constructor(root: TrieNode, size: number) {
    this.root = root;
    this.size = size;
  }
  /** The map of these entries (a Map read from a stored snapshot). */
  static of<K, V>(entries: Iterable<readonly [K, V]>): PersistentMap<K, V> {
    let out = new PersistentMap<K, V>(new TrieNode(0, []), 0);
    for (const [k, v] of entries) out = out.with(k, v);
    return out;
  }
  get(k: K): V | undefined {
    return trieFind(this.root, trieHash(k), k)?.value as V | undefined;
  }
  has(k: K): boolean {
    return trieFind(this.root, trieHash(k), k) !== undefined;
  }
  with(k: K, v: V): PersistentMap<K, V> {
    const hash = trieHash(k);
    const leaf = trieFind(this.root, hash, k);
    if (leaf && leaf.value === v) return this;
    return new PersistentMap(triePut(this.root, hash, k, v, 0), this.size + (leaf ? 0 : 1));
  }
  without(k: K): PersistentMap<K, V> {
    const hash = trieHash(k);
    if (!trieFind(this.root, hash, k)) return this;
    return new PersistentMap(trieRemove(this.root, hash, k, 0), this.size - 1);
  }
  *entries(): Generator<[K, V], undefined, unknown> {
    for (const leaf of trieLeaves(this.root)) yield [leaf.key as K, leaf.value as V];
    return undefined;
  }
  *keys(): Generator<K, undefined, unknown> {
    for (const leaf of trieLeaves(this.root)) yield leaf.key as K;
    return undefined;
  }
  *values(): Generator<V, undefined, unknown> {
    for (const leaf of trieLeaves(this.root)) yield leaf.value as V;
    return undefined;
  }
  [Symbol.iterator](): Generator<[K, V], undefined, unknown> {
    return this.entries();
  }
  forEach(f: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) f.call(thisArg, v, k, this);
  }
  /** As JSON: its [key, value] entries in an array (a Map's JSON is `{}`). */
  toJSON(): [K, V][] {
    return [...this.entries()];
  }
}

/** The one empty map: snapshots share it (no code here ever mutates a map). */
export const EMPTY_MAP: ReadonlyMap<never, never> = new PersistentMap<never, never>(
  new TrieNode(0, []),
  0,
);

/** A map as a PersistentMap: itself, or one made of a Map's entries. */
export function persistentMap<K, V>(m: ReadonlyMap<K, V>): PersistentMap<K, V> {
  return m instanceof PersistentMap ? (m as PersistentMap<K, V>) : PersistentMap.of(m);
}

/** The keys of a map, as a set (`keys(m)`): of a PersistentMap, a set over the same trie. */
export function mapKeys<K, V>(m: ReadonlyMap<K, V>): ReadonlySet<K> {
  return m instanceof PersistentMap ? new PersistentSet<K>(m.root, m.size) : new Set(m.keys());
}

/** The map with v at key k (`put(m, k, v)`): m itself when k already holds v. */
export function mapPut<K, V>(m: ReadonlyMap<K, V>, k: K, v: V): ReadonlyMap<K, V> {
  if (m.has(k) && m.get(k) === v) return m;
  return persistentMap(m).with(k, v);
}

/** The map without key k (`remove(m, k)`): m itself when k is not a key. */
export function mapRemove<K, V>(m: ReadonlyMap<K, V>, k: K): ReadonlyMap<K, V> {
  if (!m.has(k)) return m;
  return persistentMap(m).without(k);
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
