// Parses the TLA+ values TLC prints in traces: integers, strings, TRUE/FALSE, model values,
// sets, records and tuples. Strings (state names, enum members) and model values (opaque
// ids) both become JS strings, as in the explorer; the model value Null becomes null.

import { makeSet, type Value } from '../semantics/values.ts';

export type TlaValue =
  | Value
  | { readonly record: Readonly<Record<string, TlaValue>> }
  | { readonly tuple: readonly TlaValue[] };

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
      return makeSet(list('}', value) as Value[]);
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
