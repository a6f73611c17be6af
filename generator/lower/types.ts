// The types of the language, shared by the checker (which infers them) and the IR (which
// carries them to every backend). Readonly, discriminated on `kind`.

/** A range bound: an integer literal or a Nat param. */
export type IrBound =
  | { readonly kind: 'literal'; readonly value: number }
  | { readonly kind: 'param'; readonly name: string };

export interface IrRange {
  readonly lo: IrBound;
  readonly hi: IrBound;
}

export type IrType =
  | { readonly kind: 'bool' }
  /** An integer; `range` is set for declared `lo..hi` types and null for computed values. */
  | { readonly kind: 'int'; readonly range: IrRange | null }
  | { readonly kind: 'enum'; readonly name: string }
  /** An opaque identifier type (`type TransportId`). */
  | { readonly kind: 'opaque'; readonly name: string }
  /** The machine's own state set. */
  | { readonly kind: 'state' }
  /** A point in time (runtime: milliseconds). */
  | { readonly kind: 'time' }
  /** A length of time (runtime: milliseconds; model: ticks). */
  | { readonly kind: 'duration' }
  | { readonly kind: 'set'; readonly element: IrType }
  /** A finite, partial map (`map<K, V>`): K an enum, a bounded range or an opaque type, V
   *  never nullable (`m[k]` is null exactly when k is not a key). */
  | { readonly kind: 'map'; readonly key: IrType; readonly value: IrType }
  /** A bounded sequence (`seq<T, N>`): at most `capacity` elements, in order; capacity is null
   *  for a computed value (as an integer's range is). */
  | { readonly kind: 'seq'; readonly element: IrType; readonly capacity: IrBound | null }
  | { readonly kind: 'nullable'; readonly inner: IrType }
  /** The type of the literal `null`. */
  | { readonly kind: 'null' }
  /** The element of `{}`; also what an ill-typed expression gets, to stop cascades. */
  | { readonly kind: 'unknown' };

/** How many model values an opaque type has when its declaration gives no `model N`. */
export const DEFAULT_MODEL_SIZE = 2;

export const BOOL: IrType = { kind: 'bool' };
export const INT: IrType = { kind: 'int', range: null };
export const TIME: IrType = { kind: 'time' };
export const DURATION: IrType = { kind: 'duration' };
export const STATE: IrType = { kind: 'state' };
export const NULL: IrType = { kind: 'null' };
export const UNKNOWN: IrType = { kind: 'unknown' };

/** How a type is written in the language (for messages). */
export function showType(t: IrType): string {
  switch (t.kind) {
    case 'bool':
      return 'Bool';
    case 'int':
      return t.range ? `${showBound(t.range.lo)}..${showBound(t.range.hi)}` : 'Int';
    case 'enum':
    case 'opaque':
      return t.name;
    case 'state':
      return 'State';
    case 'time':
      return 'Time';
    case 'duration':
      return 'Duration';
    case 'set':
      return `set<${showType(t.element)}>`;
    case 'map':
      return `map<${showType(t.key)}, ${showType(t.value)}>`;
    case 'seq':
      return t.capacity
        ? `seq<${showType(t.element)}, ${showBound(t.capacity)}>`
        : `seq<${showType(t.element)}>`;
    case 'nullable':
      return `${showType(t.inner)}?`;
    case 'null':
      return 'null';
    case 'unknown':
      return 'unknown';
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

export function showBound(b: IrBound): string {
  return b.kind === 'literal' ? String(b.value) : b.name;
}

/** Same type, ignoring integer ranges. `unknown` matches anything. */
export function sameType(a: IrType, b: IrType): boolean {
  if (a.kind === 'unknown' || b.kind === 'unknown') return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'enum':
    case 'opaque':
      return a.name === (b as typeof a).name;
    case 'set':
      return sameType(a.element, (b as typeof a).element);
    case 'map':
      return sameType(a.key, (b as typeof a).key) && sameType(a.value, (b as typeof a).value);
    case 'seq':
      return sameType(a.element, (b as typeof a).element); // capacities ignored, as ranges are
    case 'nullable':
      return sameType(a.inner, (b as typeof a).inner);
    case 'bool':
    case 'int':
    case 'state':
    case 'time':
    case 'duration':
    case 'null':
      return true; // the kind says it all (integer ranges are ignored)
    default: {
      const unreachable: never = a;
      return unreachable;
    }
  }
}

/** Can a value of type `value` be stored where `target` is expected? */
export function isAssignable(value: IrType, target: IrType): boolean {
  if (value.kind === 'unknown' || target.kind === 'unknown') return true;
  if (target.kind === 'nullable') {
    if (value.kind === 'null') return true;
    return isAssignable(value.kind === 'nullable' ? value.inner : value, target.inner);
  }
  // `{}` where a map is expected is the empty map: a set of nothing is typed set<unknown>.
  if (target.kind === 'map' && isEmptySetType(value)) return true;
  return sameType(value, target);
}

/** The type of `{}` before its use settles it (a set of unknown elements). */
export function isEmptySetType(t: IrType): boolean {
  return t.kind === 'set' && t.element.kind === 'unknown';
}

/** Is this a (possibly nullable) Time? Times are relative to now in the model. */
export function isTimeType(t: IrType): boolean {
  return (t.kind === 'nullable' ? t.inner : t).kind === 'time';
}

/** The non-null part of a type. */
export function stripNull(t: IrType): IrType {
  return t.kind === 'nullable' ? t.inner : t;
}

/** The common type of two branches (`if`, `==`, set elements), or null if there is none. */
export function unify(a: IrType, b: IrType): IrType | null {
  if (a.kind === 'unknown') return b;
  if (b.kind === 'unknown') return a;
  if (a.kind === 'null')
    return b.kind === 'null' || b.kind === 'nullable' ? b : { kind: 'nullable', inner: b };
  if (b.kind === 'null') return unify(b, a);
  if (a.kind === 'nullable' || b.kind === 'nullable') {
    const inner = unify(stripNull(a), stripNull(b));
    return inner ? { kind: 'nullable', inner } : null;
  }
  if (a.kind === 'int' && b.kind === 'int') return INT;
  if (a.kind === 'set' && b.kind === 'set') {
    const element = unify(a.element, b.element);
    return element ? { kind: 'set', element } : null;
  }
  if (a.kind === 'seq' && b.kind === 'seq') {
    const element = unify(a.element, b.element);
    return element ? { kind: 'seq', element, capacity: null } : null;
  }
  if (a.kind === 'map' && isEmptySetType(b)) return a;
  if (b.kind === 'map' && isEmptySetType(a)) return b;
  if (a.kind === 'map' && b.kind === 'map') {
    const key = unify(a.key, b.key);
    const value = unify(a.value, b.value);
    return key && value ? { kind: 'map', key, value } : null;
  }
  return sameType(a, b) ? a : null;
}

/** Whether values of type t are (or hold) ids of the opaque type. */
export function holdsIdsOf(t: IrType, opaque: string): boolean {
  return (
    (t.kind === 'opaque' && t.name === opaque) ||
    (t.kind === 'nullable' && holdsIdsOf(t.inner, opaque)) ||
    (t.kind === 'set' && holdsIdsOf(t.element, opaque)) ||
    (t.kind === 'map' && (holdsIdsOf(t.key, opaque) || holdsIdsOf(t.value, opaque))) ||
    (t.kind === 'seq' && holdsIdsOf(t.element, opaque))
  );
}

/** What the size of a type's model domain depends on: the model values of params (range
 *  bounds), the model sizes of opaque types and the members of enums. */
export interface ModelSizes {
  readonly param: (name: string) => number | undefined;
  readonly opaque: (name: string) => number;
  readonly enumMembers: (name: string) => number;
  readonly states: number;
}

/** How many values a type has in the model (IR rule 9: counted, never enumerated), or null
 *  for a type with no finite model domain (Time, Duration, an unbounded Int). A set of n
 *  values has 2^n subsets; past 2^53 the count is only an order of magnitude. */
export function modelDomainSize(t: IrType, sizes: ModelSizes): number | null {
  switch (t.kind) {
    case 'bool':
      return 2;
    case 'int': {
      if (!t.range) return null;
      const bound = (b: IrBound): number | undefined =>
        b.kind === 'literal' ? b.value : sizes.param(b.name);
      const lo = bound(t.range.lo);
      const hi = bound(t.range.hi);
      return lo === undefined || hi === undefined ? null : Math.max(0, hi - lo + 1);
    }
    case 'enum':
      return sizes.enumMembers(t.name);
    case 'opaque':
      return sizes.opaque(t.name);
    case 'state':
      return sizes.states;
    case 'set': {
      const n = modelDomainSize(t.element, sizes);
      return n === null ? null : 2 ** n;
    }
    case 'map': {
      // Each key is absent or holds one of the values: (|V| + 1)^|K| maps.
      const k = modelDomainSize(t.key, sizes);
      const v = modelDomainSize(t.value, sizes);
      return k === null || v === null ? null : (v + 1) ** k;
    }
    case 'seq': {
      // Every sequence of at most N elements: 1 + n + n^2 + ... + n^N.
      const n = modelDomainSize(t.element, sizes);
      const cap =
        t.capacity?.kind === 'literal'
          ? t.capacity.value
          : t.capacity
            ? sizes.param(t.capacity.name)
            : undefined;
      if (n === null || cap === undefined) return null;
      let total = 0;
      for (let i = 0, p = 1; i <= cap && total < 2 ** 53; i++, p *= n) total += p;
      return total;
    }
    case 'nullable': {
      const n = modelDomainSize(t.inner, sizes);
      return n === null ? null : n + 1;
    }
    case 'null':
      return 1;
    case 'time':
    case 'duration':
    case 'unknown':
      return null;
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}
