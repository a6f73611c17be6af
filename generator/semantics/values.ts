// Runtime values of the IR interpreter, shared by the explorer and (later) the engine oracle.
// Scalars are JS primitives; sets are sorted arrays without duplicates, so equal sets are
// equal arrays and every value has one canonical key.

export type Scalar = boolean | number | string | null;
export type Value = Scalar | readonly Scalar[];

function compareScalars(a: Scalar, b: Scalar): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Builds a canonical set from any list of elements. */
export function makeSet(elements: readonly Scalar[]): readonly Scalar[] {
  if (elements.length <= 1) return elements.slice();
  const sorted = [...elements].sort(compareScalars);
  return sorted.filter((x, i) => i === 0 || compareScalars(sorted[i - 1]!, x) !== 0);
}

export function valueEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function setHas(set: readonly Scalar[], x: Scalar): boolean {
  for (const e of set) if (e === x) return true;
  return false;
}

/** Merges two canonical sets (sorted, no duplicates) in linear time. */
export function setUnion(a: readonly Scalar[], b: readonly Scalar[]): readonly Scalar[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: Scalar[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = compareScalars(a[i]!, b[j]!);
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

export function setIntersect(a: readonly Scalar[], b: readonly Scalar[]): readonly Scalar[] {
  return a.filter((x) => setHas(b, x));
}

export function setMinus(a: readonly Scalar[], b: readonly Scalar[]): readonly Scalar[] {
  return a.filter((x) => !setHas(b, x));
}

export function setSubset(a: readonly Scalar[], b: readonly Scalar[]): boolean {
  return a.every((x) => setHas(b, x));
}

/** A compact, unambiguous text for a value (state keys, traces). */
export function valueKey(v: Value): string {
  if (v === null) return '~';
  if (Array.isArray(v)) return `{${v.map((x) => valueKey(x as Scalar)).join(',')}}`;
  if (v === true) return 'T';
  if (v === false) return 'F';
  return String(v);
}

/** How a value reads in a trace: `null`, `true`, `{A, B}`, `3`, `TransportId1`. */
export function showValue(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `{${v.map((x) => showValue(x as Scalar)).join(', ')}}`;
  return String(v);
}

/** A relative model time (ticks from now; -1 = passed) as a reader sees it. */
export function showTime(v: Value): string {
  if (typeof v !== 'number') return showValue(v);
  return v < 0 ? 'passed' : v === 0 ? 'now' : `now+${v}`;
}

/** Every subset of a list of scalars, each canonical. */
export function powerSet(elements: readonly Scalar[]): (readonly Scalar[])[] {
  const out: (readonly Scalar[])[] = [];
  const n = elements.length;
  for (let bits = 0; bits < 1 << n; bits++)
    out.push(makeSet(elements.filter((_, i) => (bits & (1 << i)) !== 0)));
  return out;
}
