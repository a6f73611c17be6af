// Runtime values of the IR interpreter, shared by the explorer and (later) the engine oracle.
// Scalars are JS primitives; sets are sorted arrays without duplicates, so equal sets are
// equal arrays and every value has one canonical key. A set's members may be sets (a
// `set<set<T>>`): members are compared by value at every depth, as TLA+ compares them.

export type Scalar = boolean | number | string | null;
export type Value = Scalar | SetValue;
/** A canonical set: sorted by compareValues, no two members equal. */
export type SetValue = readonly Value[];

function compareScalars(a: Scalar, b: Scalar): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** A total order on values: scalars before sets, sets by their members in order, then size. */
export function compareValues(a: Value, b: Value): number {
  const setA = Array.isArray(a);
  const setB = Array.isArray(b);
  if (!setA && !setB) return compareScalars(a as Scalar, b as Scalar);
  if (setA !== setB) return setA ? 1 : -1;
  const x = a as SetValue;
  const y = b as SetValue;
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
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!valueEquals(a[i]!, b[i]!)) return false;
  return true;
}

export function setHas(set: SetValue, x: Value): boolean {
  if (Array.isArray(x)) {
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

/** A compact, unambiguous text for a value (state keys, traces). */
export function valueKey(v: Value): string {
  if (v === null) return '~';
  if (Array.isArray(v)) return `{${v.map(valueKey).join(',')}}`;
  if (v === true) return 'T';
  if (v === false) return 'F';
  return String(v);
}

/** How a value reads in a trace: `null`, `true`, `{A, B}`, `3`, `TransportId1`. */
export function showValue(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `{${v.map(showValue).join(', ')}}`;
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
