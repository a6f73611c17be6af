// Names for the generated specs of the pipeline harness: innocuous plain names per kind of
// declaration, and a pool drawn to collide with what the backends reserve or define (TLA+
// reserved words and standard operators, the TLA+ emitter's own definitions, TS/JS reserved
// words and globals, the TS emitter's helpers and locals), plus patterns that derive a name
// from another name of the same spec (so two declarations collide with each other).

import { parseSpec } from '../../generator/parse/parse.ts';

/** Plain names by kind of declaration: none collides with another kind or with the pool. */
export const PLAIN = {
  machine: ['Mach'],
  type: ['Tok', 'Key'],
  enum: ['Hue', 'Mood'],
  member: ['RED', 'GREEN', 'BLUE', 'CALM', 'GLAD', 'SAD'],
  param: ['Lim', 'Dur', 'Off', 'Flag', 'Cap', 'Wait'],
  state: ['IDLE', 'BUSY', 'WAITING', 'HELD'],
  terminal: ['HALT', 'FAULT'],
  const: ['owner', 'mode0'],
  var: ['alpha', 'beta', 'gamma', 'delta', 'eps'],
  event: ['PING', 'PUSH', 'PULL', 'STOP'],
  field: ['who', 'what', 'much', 'okay', 'pick'],
  selector: ['sel'],
  accept: ['MOVED', 'ACCEPTED'],
  reject: ['DENIED', 'BLOCKED', 'LATE'],
  transition: ['run', 'hop', 'skip', 'jump', 'leap', 'quit'],
  property: ['inv_a', 'inv_b', 'inv_c', 'stp_a', 'stp_b', 'prop_a', 'prop_b', 'prop_c'],
  bound: ['q0', 'q1', 'q2', 'q3'],
  def: ['fits', 'allowed', 'ready'],
} as const;

/** A kind of declaration (a key of PLAIN). */
export type NameKind = keyof typeof PLAIN;

const TLA_RESERVED = [
  'ACTION',
  'ASSUME',
  'ASSUMPTION',
  'AXIOM',
  'BOOLEAN',
  'BY',
  'CASE',
  'CHOOSE',
  'CONSTANT',
  'CONSTANTS',
  'COROLLARY',
  'DEF',
  'DEFINE',
  'DEFS',
  'DOMAIN',
  'ELSE',
  'ENABLED',
  'EXCEPT',
  'EXTENDS',
  'HAVE',
  'HIDE',
  'IF',
  'IN',
  'INSTANCE',
  'LAMBDA',
  'LEMMA',
  'LET',
  'LOCAL',
  'MODULE',
  'NEW',
  'OBVIOUS',
  'OMITTED',
  'ONLY',
  'OTHER',
  'PICK',
  'PROOF',
  'PROPOSITION',
  'PROVE',
  'QED',
  'RECURSIVE',
  'SF_',
  'SF_go',
  'STATE',
  'STRING',
  'SUBSET',
  'SUFFICES',
  'TAKE',
  'TEMPORAL',
  'THEN',
  'THEOREM',
  'TRUE',
  'FALSE',
  'UNCHANGED',
  'UNION',
  'USE',
  'VARIABLE',
  'VARIABLES',
  'WF_',
  'WF_x',
  'WITH',
  'WITNESS',
  '_',
  '__',
  '_1',
];
// Standard-module operators and the definitions the TLA+ emitter writes itself.
const TLA_DEFINED = [
  'Nat',
  'Int',
  'Cardinality',
  'IsFiniteSet',
  'Seq',
  'Len',
  'Append',
  'Head',
  'Tail',
  'Integers',
  'Naturals',
  'FiniteSets',
  'Sequences',
  'TLC',
  'Print',
  'Assert',
  'Init',
  'Next',
  'Spec',
  'vars',
  'TypeOK',
  'Tick',
  'Done',
  'Null',
  'Dec',
  'Clamp',
  'TimePassed',
  'States',
  'TerminalStates',
  'VersionModulus',
  'Deterministic',
  'VersionIncrements',
  'TerminalAbsorbing',
  'Fairness',
  'Payloads',
  // the map operators, their parameters and bound variable (emit-tla/view-model.ts)
  'EmptyMap',
  'MapGet',
  'MapPut',
  'MapRemove',
  'mp',
  'mk',
  'mv',
  'mx',
  // the trace-checking and simulation modules of the conformance suites (conformance/itf.ts)
  'Is',
  'IsNext',
  'TraceStep',
  'TraceStates',
  'TraceActions',
  'tr_k',
  'tr_i',
  'a',
  'TraceDepthReached',
  'TLCGet',
  'ToString',
  'SubSeq',
  'SelectSeq',
];
const TS_RESERVED = [
  'class',
  'new',
  'default',
  'let',
  'yield',
  'await',
  'interface',
  'package',
  'eval',
  'arguments',
  'function',
  'this',
  'super',
  'return',
  'delete',
  'typeof',
  'void',
  'undefined',
  'NaN',
  'Infinity',
  'implements',
  'private',
  'protected',
  'public',
  'static',
  'import',
  'export',
  'extends',
  'switch',
  'case',
  'break',
  'continue',
  'do',
  'while',
  'for',
  'try',
  'catch',
  'finally',
  'throw',
  'with',
  'debugger',
  'instanceof',
  'readonly',
  'keyof',
  'never',
  'unknown',
  'any',
  'number',
  'string',
  'boolean',
  'object',
  'symbol',
  'bigint',
  'as',
  'is',
  'of',
  'get',
  'Class',
  'New',
  'DEFAULT',
  'Default',
  'LET_',
  'Yield',
  'Set',
  'Object',
  'Map',
  'Array',
  'Number',
  'String',
  'Symbol',
  'Error',
  'JSON',
  'Math',
  'Promise',
  'constructor',
  '__proto__',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
];
// The TS emitter's helpers and locals (generator/emit-ts/engine-*.ts, parse-event.ts, ts-expr.ts).
const TS_DEFINED = [
  't',
  'k',
  's',
  'e',
  'n',
  'v',
  'i',
  'x',
  'f0',
  'f1',
  'input',
  'fail',
  'params',
  'range',
  'every',
  'some',
  'adjoin',
  'Wide',
  'guard_x',
  'take_x',
  'key',
  'out',
  'outcome',
  'listener',
  'furthest',
  'satisfies',
  'that',
  'ok',
  'snapshot',
  'dispatch',
  'parseEvent',
  'EMPTY_SET',
  'EVENT_TYPES',
  'MAX_ID_LENGTH',
  'REASONS_go',
  'from',
  'to',
  'error',
  'raw',
  'value',
  'next',
  'cur',
  'prev',
  'init',
  'log',
  'send',
  'subscribe',
  'current',
  // the map helpers (emit-ts/runtime-helpers.ts)
  'EMPTY_MAP',
  'mapKeys',
  'mapPut',
  'mapRemove',
  'mapEquals',
  'mapGet',
  'makeMap',
  'storedEntries',
  'isMapValue',
];
// Names the language gives a meaning: a spec declaring one of the values is rightly refused
// (TTH1009); the built-in functions (size, keys, put, remove) only as a definition's name, a
// variable or param may take one (and is then read beside the call of the same name).
const TETHER_RESERVED = [
  'now',
  'version',
  'clock',
  'Bool',
  'Time',
  'Duration',
  'size',
  'enabled',
  'keys',
  'put',
  'remove',
];

/** Is `name` an identifier of the language (not a keyword)? Decided by the parser itself. */
function isIdentifier(name: string): boolean {
  return parseSpec(`machine ${name}`, 'name.tether').ast !== null;
}

/** The colliding pool (only identifiers the grammar accepts). */
export const POOL: readonly string[] = [
  ...new Set([...TLA_RESERVED, ...TLA_DEFINED, ...TS_RESERVED, ...TS_DEFINED, ...TETHER_RESERVED]),
].filter(isIdentifier);

/** Names made from another name of the spec: what the emitters derive from it, or a twin
 *  that maps to the same TypeScript name. */
export const DERIVED: readonly ((n: string) => string)[] = [
  (n) => `${n}_guard`,
  (n) => `${n}_step`,
  (n) => `${n}_enabled`,
  (n) => `${n}_Payloads`,
  (n) => `Ensures_${n}`,
  (n) => `guard_${n}`,
  (n) => `take_${n}`,
  (n) => `REASONS_${n}`,
  (n) => `${n}1`,
  (n) => `${n}2`,
  (n) => `as${n}`,
  (n) => `idsOf${n}`,
  (n) => `${n.toUpperCase()}_VALUES`,
  (n) => `${n}Event`,
  (n) => `${n}Snapshot`,
  (n) => `${n}StateName`,
  (n) => `${n}Params`,
  (n) => `create${n}`,
  (n) => `${n}_`,
  (n) => n.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), // foo_bar → fooBar
  (n) => n.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase(), // fooBar → foo_bar
  (n) => n.toUpperCase(),
  (n) => n.charAt(0).toUpperCase() + n.slice(1),
  (n) => n.charAt(0).toLowerCase() + n.slice(1),
];

/** Resolves names in declaration order: unique within a namespace, colliding across them. */
export class NameBook {
  readonly #taken = new Map<string, Set<string>>();
  /** Every name given so far, in order (the source of derived and reused names). */
  readonly given: string[] = [];
  readonly #plainNext = new Map<NameKind, number>();

  constructor(
    /** Percent of names drawn to collide. */
    readonly collisionRate: number,
  ) {}

  /** A name for a declaration of `kind` in `namespace`, from its draft. */
  name(kind: NameKind, namespace: string, d: NameDraft): string {
    const taken = this.#taken.get(namespace) ?? new Set<string>();
    this.#taken.set(namespace, taken);
    let name: string | null = null;
    if (d.roll >= 100 - this.collisionRate) {
      if (d.how === 0) name = POOL[d.pick % POOL.length]!;
      else if (d.how === 1 && this.given.length > 0)
        name = DERIVED[d.pick % DERIVED.length]!(this.given[(d.pick >> 5) % this.given.length]!);
      else if (d.how === 2 && this.given.length > 0) name = this.given[d.pick % this.given.length]!;
      if (name !== null && (taken.has(name) || !isIdentifier(name))) name = null;
    }
    name ??= this.plain(kind, taken);
    taken.add(name);
    this.given.push(name);
    return name;
  }

  plain(kind: NameKind, taken: ReadonlySet<string>): string {
    const list = PLAIN[kind];
    for (;;) {
      const i = this.#plainNext.get(kind) ?? 0;
      this.#plainNext.set(kind, i + 1);
      const base = list[i % list.length]!;
      const name = i < list.length ? base : `${base}_${Math.floor(i / list.length)}`;
      if (!taken.has(name)) return name;
    }
  }
}

/** How one name is drawn: `roll` below the spec's collision threshold gives a plain name
 *  (shrinking rolls to 0 removes collisions one by one); otherwise `how` picks the pool (0),
 *  a name derived from an earlier one (1) or an earlier name itself (2). */
export interface NameDraft {
  readonly roll: number;
  readonly how: number;
  readonly pick: number;
}
