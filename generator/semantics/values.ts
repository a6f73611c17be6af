// Runtime values of the IR interpreter, shared by the explorer and (later) the engine oracle.
// Scalars are JS primitives; sets are sorted arrays without duplicates, so equal sets are
// equal arrays and every value has one canonical key. A set's members may be sets (a
// `set<set<T>>`): members are compared by value at every depth, as TLA+ compares them. A map
// is its entries sorted by key, no two keys equal, so it too has one canonical form.

export type Scalar = boolean | number | string | null;
export type Value = Scalar | SetValue | MapValue | SeqValue;
/** A canonical set: sorted by compareValues, no two members equal. */
export type SetValue = readonly Value[];
/** A canonical map: its entries sorted by key (compareValues), no two keys equal. */
export interface MapValue {
  readonly entries: readonly (readonly [Value, Value])[];
}

/** A sequence: its elements in order. */
export interface SeqValue {
  readonly items: readonly Value[];
}

/** Whether a value is a map (sets are arrays, scalars are primitives or null). */
export function isMapValue(v: Value): v is MapValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'entries' in v;
}

/** Whether a value is a sequence. */
export function isSeqValue(v: Value): v is SeqValue {
  return typeof v === 'object' && v !== null && 'items' in v;
}

/** The empty sequence. */
export const EMPTY_SEQ: Readonly<SeqValue> = { items: [] };

/** The empty map. */
export const EMPTY_MAP: Readonly<MapValue> = { entries: [] };

function compareScalars(a: Scalar, b: Scalar): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** The rank of a value's kind in the order: scalars, then sets, maps, sequences. */
const rank = (v: Value): number =>
  Array.isArray(v) ? 1 : isMapValue(v) ? 2 : isSeqValue(v) ? 3 : 0;

/** A total order on values: scalars before sets before maps; sets by their members in order,
 *  then size; maps by their entries (key, then value) in order, then size. */
export function compareValues(a: Value, b: Value): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return compareScalars(a as Scalar, b as Scalar);
  if (ra === 3) return compareLists((a as SeqValue).items, (b as SeqValue).items);
  if (ra === 2) {
    const x = (a as MapValue).entries;
    const y = (b as MapValue).entries;
    for (let i = 0; i < x.length && i < y.length; i++) {
      const c = compareValues(x[i]![0], y[i]![0]) || compareValues(x[i]![1], y[i]![1]);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  return compareLists(a as SetValue, b as SetValue);
}

/** Lists compared member by member in order, then by length. */
function compareLists(x: readonly Value[], y: readonly Value[]): number {
  for (let i = 0; i < x.length && i < y.length; i++) {
    const c = compareValues(x[i]!, y[i]!);
    if (c !== 0) return c;
  }
  return x.length - y.length;
}

/** Builds a canonical set from any list of elements. */
export function makeSet(elements: readonly Value[]): SetValue {
  if (elements.length <= 1) return elements.slice();
  const sorted = [...elements].sort(compareValues);
  return sorted.filter((x, i) => i === 0 || compareValues(sorted[i - 1]!, x) !== 0);
}

/** Equality by value, at every depth (canonical sets are equal exactly when their arrays are). */
export function valueEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (isSeqValue(a) && isSeqValue(b))
    return (
      a.items.length === b.items.length && a.items.every((x, i) => valueEquals(x, b.items[i]!))
    );
  if (isMapValue(a) && isMapValue(b)) {
    if (a.entries.length !== b.entries.length) return false;
    return a.entries.every(
      ([k, v], i) => valueEquals(k, b.entries[i]![0]) && valueEquals(v, b.entries[i]![1]),
    );
  }
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!valueEquals(a[i]!, b[i]!)) return false;
  return true;
}

export function setHas(set: SetValue, x: Value): boolean {
  if (typeof x === 'object' && x !== null) {
    for (const e of set) if (valueEquals(e, x)) return true;
    return false;
  }
  for (const e of set) if (e === x) return true;
  return false;
}

/** Merges two canonical sets (sorted, no duplicates) in linear time. */
export function setUnion(a: SetValue, b: SetValue): SetValue {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: Value[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = compareValues(a[i]!, b[j]!);
    if (c < 0) out.push(a[i++]!);
    else if (c > 0) out.push(b[j++]!);
    else {
      out.push(a[i++]!);
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

export function setIntersect(a: SetValue, b: SetValue): SetValue {
  return a.filter((x) => setHas(b, x));
}

export function setMinus(a: SetValue, b: SetValue): SetValue {
  return a.filter((x) => !setHas(b, x));
}

export function setSubset(a: SetValue, b: SetValue): boolean {
  return a.every((x) => setHas(b, x));
}

/** The index of key k among a map's entries, or -(insertion point) - 1 (binary search). */
function findKey(m: MapValue, k: Value): number {
  let lo = 0;
  let hi = m.entries.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compareValues(m.entries[mid]![0], k);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

/** The value at key k, or null when k is not a key (`m[k]`). */
export function mapGet(m: MapValue, k: Value): Value {
  const i = findKey(m, k);
  return i >= 0 ? m.entries[i]![1] : null;
}

/** The map with v at key k. */
export function mapPut(m: MapValue, k: Value, v: Value): MapValue {
  const i = findKey(m, k);
  const entries = m.entries.slice();
  if (i >= 0) entries[i] = [k, v];
  else entries.splice(-i - 1, 0, [k, v]);
  return { entries };
}

/** The map without key k. */
export function mapRemove(m: MapValue, k: Value): MapValue {
  const i = findKey(m, k);
  if (i < 0) return m;
  const entries = m.entries.slice();
  entries.splice(i, 1);
  return { entries };
}

/** The keys of a map: a canonical set, as the entries are sorted by key. */
export function mapKeys(m: MapValue): SetValue {
  return m.entries.map(([k]) => k);
}

/** Whether x is an element of the sequence (`x in s`). */
export function seqHas(s: SeqValue, x: Value): boolean {
  return s.items.some((y) => valueEquals(x, y));
}

/** A canonical map from entries in any order (a later entry for a key replaces an earlier). */
export function makeMap(entries: readonly (readonly [Value, Value])[]): MapValue {
  let m = EMPTY_MAP;
  for (const [k, v] of entries) m = mapPut(m, k, v);
  return m;
}

/** A compact, unambiguous text for a value (state keys, traces). */
export function valueKey(v: Value): string {
  if (v === null) return '~';
  if (Array.isArray(v)) return `{${v.map(valueKey).join(',')}}`;
  if (isSeqValue(v)) return `<${v.items.map(valueKey).join(',')}>`;
  if (isMapValue(v))
    return `[${v.entries.map(([k, x]) => `${valueKey(k)}:${valueKey(x)}`).join(',')}]`;
  if (v === true) return 'T';
  if (v === false) return 'F';
  return String(v);
}

/** How a value reads in a trace: `null`, `true`, `{A, B}`, `{A: 1, B: 2}` (a map), `3`,
 *  `TransportId1`. */
export function showValue(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `{${v.map(showValue).join(', ')}}`;
  if (isMapValue(v))
    return `{${v.entries.map(([k, x]) => `${showValue(k)}: ${showValue(x)}`).join(', ')}}`;
  if (isSeqValue(v)) return `[${v.items.map(showValue).join(', ')}]`;
  return String(v);
}

/** A relative model time (ticks from now; -1 = passed) as a reader sees it. */
export function showTime(v: Value): string {
  if (typeof v !== 'number') return showValue(v);
  return v < 0 ? 'passed' : v === 0 ? 'now' : `now+${v}`;
}

/** Every subset of a list of values, each canonical. */
export function powerSet(elements: readonly Value[]): SetValue[] {
  const out: SetValue[] = [];
  const n = elements.length;
  for (let bits = 0; bits < 1 << n; bits++)
    out.push(makeSet(elements.filter((_, i) => (bits & (1 << i)) !== 0)));
  return out;
}
