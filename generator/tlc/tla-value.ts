// Parses the TLA+ values TLC prints in traces: integers, strings, TRUE/FALSE, model values,
// sets, records and tuples. Strings (state names, enum members) and model values (opaque
// ids) both become JS strings, as in the explorer; the model value Null becomes null. TLC
// prints a function (a map) by its domain: `<<>>` when empty, a record `[a |-> 1]` over
// strings, a tuple `<<x, y>>` over 1..n, else `(k1 :> v1 @@ k2 :> v2)`; tlaToValue reads
// each as the map the type says it is.

import type { IrType } from '../lower/types.ts';
import { makeMap, makeSet, type Value } from '../semantics/values.ts';

export type TlaValue =
  | Value
  | { readonly record: Readonly<Record<string, TlaValue>> }
  | { readonly tuple: readonly TlaValue[] }
  | { readonly fcn: readonly (readonly [TlaValue, TlaValue])[] };

export class TlaValueError extends Error {
  override readonly name = 'TlaValueError';
}

export function parseTlaValue(text: string): TlaValue {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const expect = (s: string): void => {
    skip();
    if (!text.startsWith(s, i)) throw new TlaValueError(`expected '${s}' at ${i} in ${text}`);
    i += s.length;
  };
  const list = <T>(close: string, item: () => T): T[] => {
    const out: T[] = [];
    skip();
    if (text.startsWith(close, i)) {
      i += close.length;
      return out;
    }
    for (;;) {
      out.push(item());
      skip();
      if (text.startsWith(close, i)) {
        i += close.length;
        return out;
      }
      expect(',');
    }
  };
  const value = (): TlaValue => {
    skip();
    const c = text[i];
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new TlaValueError(`unterminated string in ${text}`);
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    if (c === '{') {
      i++;
      // Members that are records, tuples or functions are left in order: tlaToValue reads
      // them (and so orders them) by the set's type.
      const members = list('}', value);
      return members.some((m) => m !== null && typeof m === 'object' && !Array.isArray(m))
        ? (members as Value[])
        : makeSet(members as Value[]);
    }
    if (c === '(') {
      // `(k1 :> v1 @@ k2 :> v2)`: a function printed by its pairs.
      i++;
      const pairs: (readonly [TlaValue, TlaValue])[] = [];
      for (;;) {
        const k = value();
        expect(':>');
        pairs.push([k, value()]);
        skip();
        if (text.startsWith(')', i)) {
          i++;
          return { fcn: pairs };
        }
        expect('@@');
      }
    }
    if (text.startsWith('<<', i)) {
      i += 2;
      return { tuple: list('>>', value) };
    }
    if (c === '[') {
      i++;
      const fields = list(']', () => {
        skip();
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
        if (!m) throw new TlaValueError(`expected a field name at ${i} in ${text}`);
        i += m[0].length;
        expect('|->');
        return [m[0], value()] as const;
      });
      return { record: Object.fromEntries(fields) };
    }
    const num = /^-?\d+/.exec(text.slice(i));
    if (num) {
      i += num[0].length;
      return Number(num[0]);
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (word) {
      i += word[0].length;
      if (word[0] === 'TRUE') return true;
      if (word[0] === 'FALSE') return false;
      if (word[0] === 'Null') return null;
      return word[0];
    }
    throw new TlaValueError(`cannot read a TLA+ value at ${i} in ${text}`);
  };
  const v = value();
  skip();
  if (i !== text.length) throw new TlaValueError(`unexpected text after a value: ${text.slice(i)}`);
  return v;
}

/** A value TLC printed, read as a value of type t: maps from the forms a function prints in,
 *  sets member by member; anything else must be a scalar. */
export function tlaToValue(v: TlaValue, t: IrType): Value {
  const type = t.kind === 'nullable' ? t.inner : t;
  if (v === null || typeof v !== 'object') return v;
  if (type.kind === 'map') {
    const entry = (k: TlaValue, x: TlaValue): [Value, Value] => [
      tlaToValue(k, type.key),
      tlaToValue(x, type.value),
    ];
    if (Array.isArray(v)) throw new TlaValueError('a set where a map was expected');
    if ('tuple' in v) return makeMap(v.tuple.map((x, i) => entry(i + 1, x)));
    if ('record' in v) return makeMap(Object.entries(v.record).map(([k, x]) => entry(k, x)));
    if ('fcn' in v) return makeMap(v.fcn.map(([k, x]) => entry(k, x)));
    throw new TlaValueError('an unreadable map');
  }
  if (type.kind === 'seq') {
    // A sequence prints as a tuple (a function over 1..n), or as <<>> when empty.
    if (Array.isArray(v) || !('tuple' in v)) throw new TlaValueError('an unreadable sequence');
    return { items: v.tuple.map((x) => tlaToValue(x, type.element)) };
  }
  if (Array.isArray(v)) {
    const element = type.kind === 'set' ? type.element : type;
    return makeSet(v.map((x) => tlaToValue(x as TlaValue, element)));
  }
  throw new TlaValueError(`a record, tuple or function where a ${type.kind} value was expected`);
}
