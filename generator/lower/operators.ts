// The language's operators and built-in functions, each declared once: its type rule, its
// evaluation, its TLA+ spelling and its TypeScript spelling (with the runtime helper or global
// it needs). An operator's key is how a spec writes it: the grammar (grammar/tether.peggy)
// parses binary operators, with their precedence, into these keys, and any `name(args)` into a
// call that the names stage looks up here. The typer (check/infer-types.ts), the names stage
// (check/report-undefined-names.ts, names/ts.ts), TTH2003's constant folding, lowering, the
// interpreter (semantics/compile.ts), both printers (emit-tla/tla-expr.ts, emit-ts/ts-expr.ts)
// and the IR artifact's reader (ir-json/load.ts) read these tables; each keeps its own special
// cases (narrowing, short-circuit evaluation, the simplifier's algebra) keyed on them. The
// tables are Records over the operators, so an operator without one of its parts, or a part
// without its operator, is a compile error. README.md, "Expressions", documents them.

import type { BinaryOp } from '../parse/ast.ts';
import type { HelperName } from '../emit-ts/helpers.ts';
import { INT, UNKNOWN, type IrType } from './types.ts';
import {
  isMapValue,
  isSeqValue,
  mapKeys,
  mapPut,
  mapRemove,
  seqHas,
  setHas,
  setIntersect,
  setMinus,
  setSubset,
  setUnion,
  valueEquals,
  type MapValue,
  type SeqValue,
  type SetValue,
  type Value,
} from '../semantics/values.ts';

/** How the typer types a binary operator's operands and result (check/infer-types.ts):
 *  - `logic`: Bool operands, Bool result (the right operand is typed under the left's facts);
 *  - `equality`: operands of one type, Bool result;
 *  - `order`: Int, Time or Duration operands of one type, Bool result;
 *  - `membership`: an element and a set of it, Bool result;
 *  - `setRelation`: two sets of one type, Bool result;
 *  - `setOperation`: two sets of one type, a set of it;
 *  - `arithmetic`: Int, or Time and Duration as README.md "Expressions" allows, a number. */
export type BinaryTypeRule =
  'logic' | 'equality' | 'order' | 'membership' | 'setRelation' | 'setOperation' | 'arithmetic';

/** How an operator or function reads in the engine (emit-ts/ts-expr.ts). `wrap` parenthesises
 *  an operand unless it is a plain name. */
export type TsSpelling<TArgs extends readonly string[]> =
  /** `(l op r)` */
  | { readonly kind: 'infix'; readonly op: string }
  /** `helper(...args)`, a runtime helper of emit-ts/runtime-helpers.ts the engine includes. */
  | { readonly kind: 'helper'; readonly helper: HelperName }
  /** Any other code; `globals` are the TypeScript globals it names, as values (names/ts.ts
   *  keeps every value of the engine off them). */
  | {
      readonly kind: 'code';
      readonly print: (args: TArgs, wrap: (code: string) => string) => string;
      readonly globals?: readonly string[];
    };

/** A binary operator of the language. */
export interface BinaryOperator {
  readonly typeRule: BinaryTypeRule;
  /** The value, from the operands' values (the interpreter). `logic` operators are evaluated
   *  short-circuit by the interpreter, as TLC does; this is their value when both are known. */
  readonly evaluate: (a: Value, b: Value) => Value;
  /** TLA+ infix operator. */
  readonly tla: string;
  readonly ts: TsSpelling<readonly [string, string]>;
}

const num = (v: Value): number => v as number;
const set = (v: Value): SetValue => v as SetValue;
const map = (v: Value): MapValue => v as MapValue;
const seq = (v: Value): SeqValue => v as SeqValue;
/** x in c, for c a set or a sequence. */
const has = (c: Value, x: Value): boolean => (isSeqValue(c) ? seqHas(c, x) : setHas(set(c), x));

/** Every binary operator, in the grammar's order of precedence (loosest first). */
export const BINARY_OPERATORS: { readonly [TOp in BinaryOp]: BinaryOperator } = {
  '=>': {
    typeRule: 'logic',
    evaluate: (a, b) => !a || (b as boolean),
    tla: '=>',
    ts: { kind: 'code', print: ([l, r], wrap) => `(!${wrap(l)} || ${r})` },
  },
  or: {
    typeRule: 'logic',
    evaluate: (a, b) => (a as boolean) || (b as boolean),
    tla: '\\/',
    ts: { kind: 'infix', op: '||' },
  },
  and: {
    typeRule: 'logic',
    evaluate: (a, b) => (a as boolean) && (b as boolean),
    tla: '/\\',
    ts: { kind: 'infix', op: '&&' },
  },
  '==': {
    typeRule: 'equality',
    evaluate: valueEquals,
    tla: '=',
    ts: { kind: 'infix', op: '===' },
  },
  '!=': {
    typeRule: 'equality',
    evaluate: (a, b) => !valueEquals(a, b),
    tla: '#',
    ts: { kind: 'infix', op: '!==' },
  },
  '<': { typeRule: 'order', evaluate: (a, b) => num(a) < num(b), tla: '<', ts: infix('<') },
  '<=': { typeRule: 'order', evaluate: (a, b) => num(a) <= num(b), tla: '<=', ts: infix('<=') },
  '>': { typeRule: 'order', evaluate: (a, b) => num(a) > num(b), tla: '>', ts: infix('>') },
  '>=': { typeRule: 'order', evaluate: (a, b) => num(a) >= num(b), tla: '>=', ts: infix('>=') },
  in: {
    typeRule: 'membership',
    evaluate: (a, b) => has(b, a),
    tla: '\\in',
    ts: { kind: 'code', print: ([l, r], wrap) => `${wrap(r)}.has(${l})` },
  },
  'not in': {
    typeRule: 'membership',
    evaluate: (a, b) => !has(b, a),
    tla: '\\notin',
    ts: { kind: 'code', print: ([l, r], wrap) => `!${wrap(r)}.has(${l})` },
  },
  subset: {
    typeRule: 'setRelation',
    evaluate: (a, b) => setSubset(set(a), set(b)),
    tla: '\\subseteq',
    ts: { kind: 'helper', helper: 'isSubset' },
  },
  union: {
    typeRule: 'setOperation',
    evaluate: (a, b) => setUnion(set(a), set(b)),
    tla: '\\cup',
    ts: { kind: 'helper', helper: 'union' },
  },
  intersect: {
    typeRule: 'setOperation',
    evaluate: (a, b) => setIntersect(set(a), set(b)),
    tla: '\\cap',
    ts: { kind: 'helper', helper: 'intersect' },
  },
  minus: {
    typeRule: 'setOperation',
    evaluate: (a, b) => setMinus(set(a), set(b)),
    tla: '\\',
    ts: { kind: 'helper', helper: 'minus' },
  },
  '+': { typeRule: 'arithmetic', evaluate: (a, b) => num(a) + num(b), tla: '+', ts: infix('+') },
  '-': { typeRule: 'arithmetic', evaluate: (a, b) => num(a) - num(b), tla: '-', ts: infix('-') },
  '*': { typeRule: 'arithmetic', evaluate: (a, b) => num(a) * num(b), tla: '*', ts: infix('*') },
};

function infix(op: string): TsSpelling<readonly [string, string]> {
  return { kind: 'infix', op };
}

/** What a built-in function takes as one argument. */
export interface Parameter {
  /** Whether a value of this type (never null: the typer reports a nullable argument on its
   *  own) may be passed. */
  readonly accepts: (t: IrType) => boolean;
  /** The expected type, as a type error says it. */
  readonly expected: string;
  /** A map is expected here, so `{}` is the empty map (README, "Maps"): the typer types it
   *  from the call's other arguments and its use (`put({}, k, v)`). */
  readonly emptyMap?: boolean;
}

/** A built-in function of the language, called as `name(arg, ...)`. (`enabled(t)` is not one:
 *  its argument names a transition, and the IR has a node of its own for it.) */
export interface BuiltinFunction {
  readonly params: readonly Parameter[];
  /** For an argument whose type depends on another's (put's key and value on its map): the
   *  type it must be assignable to, from the arguments' types; null where its parameter alone
   *  decides. */
  readonly expects?: (args: readonly IrType[]) => readonly (IrType | null)[];
  /** The result's type, from the arguments' types (each accepted by its parameter). */
  readonly result: (args: readonly IrType[]) => IrType;
  /** The value, from the arguments' values (the interpreter). */
  readonly evaluate: (args: readonly Value[]) => Value;
  /** The TLA+ expression, from the printed arguments and their types. */
  readonly tla: (args: readonly string[], types: readonly IrType[]) => string;
  readonly ts: TsSpelling<readonly string[]>;
}

const A_MAP: Parameter = { accepts: (t) => t.kind === 'map', expected: 'a map', emptyMap: true };
const A_SET_OR_MAP: Parameter = {
  accepts: (t) => t.kind === 'set' || t.kind === 'map',
  expected: 'a set or a map',
};
const A_SEQ: Parameter = { accepts: (t) => t.kind === 'seq', expected: 'a sequence' };
/** Any value: `expects` says which. */
const A_VALUE: Parameter = { accepts: () => true, expected: 'a value' };
/** The key type of a map argument's type. */
const keyOf = (t: IrType | undefined): IrType => (t?.kind === 'map' ? t.key : UNKNOWN);
/** A map argument's type, its parts not yet known (an empty map's) taken from a key's and a
 *  value's type. */
const mapWith = (m: IrType | undefined, k: IrType | undefined, v?: IrType): IrType =>
  m?.kind !== 'map'
    ? (m ?? UNKNOWN)
    : {
        kind: 'map',
        key: m.key.kind === 'unknown' && k ? k : m.key,
        value: m.value.kind === 'unknown' && v ? v : m.value,
      };
/** An integer: `Int`, `Nat` or a range. */
const AN_INT: Parameter = { accepts: (t) => t.kind === 'int', expected: 'Int' };

/** Every built-in function, by the name a spec calls it by. */
export const FUNCTIONS = {
  /** The number of elements of a set, or of keys of a map. */
  size: {
    params: [A_SET_OR_MAP],
    result: () => INT,
    evaluate: ([s]) => (isMapValue(s!) ? s.entries.length : set(s!).length),
    tla: ([s], [t]) => (t?.kind === 'map' ? `Cardinality(DOMAIN ${s})` : `Cardinality(${s})`),
    ts: { kind: 'code', print: ([s], wrap) => `${wrap(s!)}.size` },
  },
  /** The keys of a map. */
  keys: {
    params: [A_MAP],
    result: ([m]) => ({ kind: 'set', element: keyOf(m) }),
    evaluate: ([m]) => mapKeys(map(m!)),
    tla: ([m]) => `DOMAIN ${m}`,
    ts: { kind: 'helper', helper: 'mapKeys' },
  },
  /** The map with v at key k (replacing what k held). */
  put: {
    params: [A_MAP, A_VALUE, A_VALUE],
    expects: ([m]) => [null, keyOf(m), m?.kind === 'map' ? m.value : UNKNOWN],
    result: ([m, k, v]) => mapWith(m, k, v),
    evaluate: ([m, k, v]) => mapPut(map(m!), k!, v!),
    tla: ([m, k, v]) => `MapPut(${m}, ${k}, ${v})`,
    ts: { kind: 'helper', helper: 'mapPut' },
  },
  /** The map without key k (the same map when k is not a key). */
  remove: {
    params: [A_MAP, A_VALUE],
    expects: ([m]) => [null, keyOf(m)],
    result: ([m, k]) => mapWith(m, k),
    evaluate: ([m, k]) => mapRemove(map(m!), k!),
    tla: ([m, k]) => `MapRemove(${m}, ${k})`,
    ts: { kind: 'helper', helper: 'mapRemove' },
  },
  /** The sequence with x at its end (past its capacity, a value outside its type: TypeOK). */
  append: {
    params: [A_SEQ, A_VALUE],
    expects: ([s]) => [null, s?.kind === 'seq' ? s.element : UNKNOWN],
    result: ([s]) => s!,
    evaluate: ([s, x]) => ({ items: [...seq(s!).items, x!] }),
    tla: ([s, x]) => `Append(${s}, ${x})`,
    ts: { kind: 'code', print: ([s, x], wrap) => `[...${wrap(s!)}, ${x}]` },
  },
  /** The first element of a sequence, or null when it is empty. */
  head: {
    params: [A_SEQ],
    result: ([s]) => ({ kind: 'nullable', inner: s?.kind === 'seq' ? s.element : UNKNOWN }),
    evaluate: ([s]) => seq(s!).items[0] ?? null,
    tla: ([s]) => `SeqHead(${s})`,
    ts: { kind: 'code', print: ([s], wrap) => `(${wrap(s!)}[0] ?? null)` },
  },
  /** A sequence without its first element (empty stays empty). */
  tail: {
    params: [A_SEQ],
    result: ([s]) => s!,
    evaluate: ([s]) => ({ items: seq(s!).items.slice(1) }),
    tla: ([s]) => `SeqTail(${s})`,
    ts: { kind: 'code', print: ([s], wrap) => `${wrap(s!)}.slice(1)` },
  },
  /** The number of elements of a sequence. */
  len: {
    params: [A_SEQ],
    result: () => INT,
    evaluate: ([s]) => seq(s!).items.length,
    tla: ([s]) => `Len(${s})`,
    ts: { kind: 'code', print: ([s], wrap) => `${wrap(s!)}.length` },
  },
  /** How many elements of a sequence are x (a sliding window's failures). */
  count: {
    params: [A_SEQ, A_VALUE],
    expects: ([s]) => [null, s?.kind === 'seq' ? s.element : UNKNOWN],
    result: () => INT,
    evaluate: ([s, x]) => seq(s!).items.filter((y) => valueEquals(x!, y)).length,
    tla: ([s, x]) => `SeqCount(${s}, ${x})`,
    ts: { kind: 'code', print: ([s, x], wrap) => `${wrap(s!)}.filter((y) => y === ${x}).length` },
  },
  /** The smaller of two integers. TLA+ has no Min of two numbers: an IF says it. */
  min: {
    params: [AN_INT, AN_INT],
    result: () => INT,
    evaluate: ([a, b]) => Math.min(num(a!), num(b!)),
    tla: ([a, b]) => `(IF ${a} <= ${b} THEN ${a} ELSE ${b})`,
    ts: { kind: 'code', print: ([a, b]) => `Math.min(${a}, ${b})`, globals: ['Math'] },
  },
  /** The larger of two integers. */
  max: {
    params: [AN_INT, AN_INT],
    result: () => INT,
    evaluate: ([a, b]) => Math.max(num(a!), num(b!)),
    tla: ([a, b]) => `(IF ${a} >= ${b} THEN ${a} ELSE ${b})`,
    ts: { kind: 'code', print: ([a, b]) => `Math.max(${a}, ${b})`, globals: ['Math'] },
  },
} as const satisfies Readonly<Record<string, BuiltinFunction>>;

/** The name of a built-in function. */
export type FunctionName = keyof typeof FUNCTIONS;

/** The built-in functions' names, in the table's order. */
export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as readonly FunctionName[];

/** Whether `name` is a built-in function's. */
export const isFunctionName = (name: string): name is FunctionName =>
  Object.hasOwn(FUNCTIONS, name);

/** The built-in function called `name`. */
export const builtinFunction = (name: FunctionName): BuiltinFunction => FUNCTIONS[name];

/** The TypeScript globals the spellings of the tables name, as values (names/ts.ts). */
export const TS_GLOBALS_OF_OPERATORS: readonly string[] = [
  ...new Set(
    [
      ...Object.values(BINARY_OPERATORS).map((o) => o.ts),
      ...FUNCTION_NAMES.map((n) => builtinFunction(n).ts),
    ].flatMap((s) => (s.kind === 'code' ? (s.globals ?? []) : [])),
  ),
];
