// How every spec name becomes a TypeScript name in the generated engine (emit-ts/), its
// conformance suite (conformance/emit.ts) and the suite runtime (conformance/harness.ts).
// Fields are camelCase (`active_transport` → `activeTransport`), spec types keep their
// names, generated types are `${Machine}…`. Spec names that would meet in one namespace,
// and type names TypeScript cannot declare, are refused by the checker (findTsClashes,
// TTH1012/TTH1013); the engine's own names are allocated by TsNaming around them.

import type { IrMachine } from '../lower/ir.ts';
import { TS_GLOBALS_OF_OPERATORS } from '../lower/operators.ts';
import { declsOfIr, findClashes, type NameProblem, type SpecDecls } from './declarations.ts';

/** A field's name: camelCase of the spec name (`SessionTtl` → `sessionTtl`). Never starts
 *  with a digit (`_1` → `_1`, not `1`), so it is always a property name. */
export function camel(name: string): string {
  const parts = name.split('_').filter((p) => p.length > 0);
  if (parts.length === 0) return name;
  const [head, ...rest] = parts;
  const first =
    head!.toUpperCase() === head
      ? head!.toLowerCase()
      : head!.charAt(0).toLowerCase() + head!.slice(1);
  const out =
    first + rest.map((p) => p.charAt(0).toUpperCase() + p.slice(1).toLowerCase()).join('');
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

/** A type's or the machine's name: PascalCase of the spec name. */
export function pascal(name: string): string {
  const c = camel(name);
  return c.charAt(0).toUpperCase() + c.slice(1);
}

/** Words JavaScript reserves in a module (strict mode): never an identifier. */
const JS_RESERVED = [
  'break case catch class const continue debugger default delete do else enum export',
  'extends false finally for function if import in instanceof new null return super switch',
  'this throw true try typeof var void while with implements interface let package private',
  'protected public static yield await',
]
  .join(' ')
  .split(' ');

/** Names a binding may not take or must not shadow in the engine's functions. */
const JS_RESTRICTED = ['eval', 'arguments', 'undefined', 'NaN', 'Infinity', 'globalThis'];

/** Names TypeScript gives a type of its own (`type number = …` is TS2457), and `as`
 *  (`export type as = …` does not parse). */
const TS_TYPE_KEYWORDS =
  'any unknown never number bigint boolean string symbol object undefined void as'.split(' ');

/** The TypeScript and JavaScript globals the engine names (test/names/ts-names.test.ts
 *  checks that the emitted engines use no other): a spec type must not shadow one. */
export const TS_GLOBALS = [
  'Set ReadonlySet Iterable Record Readonly Object Array Number String RangeError Infinity JSON',
  'Map ReadonlyMap Generator Iterator',
]
  .join(' ')
  .split(' ');

/** Globals the runtime helpers name only as values (`Math.imul`, `Symbol.iterator`): no value
 *  of the engine may take the name; a spec type may (it shadows no value). */
export const TS_VALUE_GLOBALS = ['Math', 'Symbol'];

/** The classes and types of the engine's runtime helpers (emit-ts/runtime-helpers.ts): a
 *  class is a type and a value, so no spec type may take one's name. */
export const ENGINE_CLASSES = ['TrieNode', 'TrieLeaf', 'PersistentSet', 'PersistentMap', 'SetLike'];

/** The engine's fixed module-level values (emit-ts/helpers.ts, and the sections: parse-event.ts, engine-class.ts, …). */
export const ENGINE_HELPERS = [
  'freshAmong EMPTY_SET adjoin union intersect minus isSubset setEquals every some range',
  'subsets violation MAX_ID_LENGTH MAX_SET_SIZE EVENT_TYPES dispatch parseEvent readEvent',
  'rethrowLater queueMicrotask storedMembers serializeSnapshot parseSnapshot readSnapshot',
  'readParams brokenInvariants storedKey trieHash trieSlot trieFind triePut trieUnchain',
  'trieSplit trieRemove trieLeaves persistent persistentMap isSetValue keysOf',
  ...ENGINE_CLASSES,
]
  .join(' ')
  .split(' ');

/** Every parameter and local the engine's functions declare (emit-ts/engine-*.ts), besides
 *  f0, f1, … in dispatch and the `q_<name>` of quantifiers. */
const ENGINE_LOCALS = [
  's e n now _s _e _now init value transition raw fail input type version v key item event',
  'error snapshots _snapshots more ids x fresh out a b xs p lo hi i acc reason furthest',
  'outcome listener options logSize callback path state params broken',
]
  .join(' ')
  .split(' ');

const BACKEND = 'TypeScript engine';

/** The exported types every engine declares besides one per event and one per state. */
function generatedTypes(M: string): readonly { readonly name: string; readonly what: string }[] {
  return [
    { name: `${M}StateName`, what: 'its state names' },
    { name: `${M}TransitionReason`, what: 'its accept reasons' },
    { name: `${M}RejectReason`, what: 'its reject reasons' },
    { name: `${M}Params`, what: 'its params' },
    { name: `${M}Event`, what: 'every event' },
    { name: `${M}Snapshot`, what: 'every snapshot' },
    { name: `${M}Outcome`, what: 'the outcome of dispatch' },
    { name: `${M}Init`, what: 'what creates a snapshot' },
    { name: `${M}LogEntry`, what: "an entry of the engine's log" },
    { name: `${M}Engine`, what: 'the engine class' },
    { name: `${M}EngineOptions`, what: "the engine's options" },
    { name: `${M}StoredSnapshot`, what: 'a snapshot as stored' },
    { name: `${M}ParseSnapshotOptions`, what: "parseSnapshot's options" },
  ];
}

const eventTypeName = (M: string, event: string): string =>
  `${M}${pascal(event.toLowerCase())}Event`;
const stateTypeName = (M: string, state: string): string =>
  `${M}Snapshot${pascal(state.toLowerCase())}`;

/** The exported values every engine declares besides one `as<Type>` per opaque type. */
function generatedValues(M: string, m: string): readonly string[] {
  return [
    `create${M}`,
    'dispatch',
    'parseEvent',
    'serializeSnapshot',
    'parseSnapshot',
    `${m}Machine`,
    `${M}Engine`,
  ];
}

/** Spec names the engine would write as one name in one namespace, or cannot write. */
export function findTsClashes<TRef>(d: SpecDecls<TRef>): NameProblem<TRef>[] {
  const M = pascal(d.machine.name);
  const m = camel(d.machine.name);
  const builtin = (name: string, what: string) => ({ name, side: { builtin: what } });
  const problems: NameProblem<TRef>[] = [
    // snapshot fields (and the fields of `${M}Init`, which are the consts, params and now)
    ...findClashes(BACKEND, [
      ...['state', 'version', 'params'].map((b) =>
        builtin(b, `the built-in snapshot field '${b}'`),
      ),
      ...[...d.consts, ...d.vars].map((decl) => ({ name: camel(decl.name), side: { decl } })),
    ]),
    ...findClashes(BACKEND, [
      builtin('now', `the field 'now' of ${M}Init`),
      ...d.consts.map((decl) => ({ name: camel(decl.name), side: { decl } })),
    ]).filter((p) => p.kind === 'clash' && 'builtin' in p.a),
    ...findClashes(
      BACKEND,
      d.params.map((decl) => ({ name: camel(decl.name), side: { decl } })),
    ),
    ...d.events.flatMap((e) =>
      findClashes(BACKEND, [
        ...['type', 'expectedVersion'].map((b) => builtin(b, `the built-in event field '${b}'`)),
        // a field named exactly `type` or `expectedVersion` is TTH1009
        ...e.fields
          .filter((f) => f.name !== 'type' && f.name !== 'expectedVersion')
          .map((decl) => ({ name: camel(decl.name), side: { decl } })),
      ]),
    ),
    // exported types
    ...findClashes(BACKEND, [
      ...generatedTypes(M).map((g) =>
        builtin(g.name, `the generated type '${g.name}' (${g.what})`),
      ),
      ...TS_GLOBALS.map((g) => builtin(g, `the TypeScript global '${g}' the engine uses`)),
      ...ENGINE_CLASSES.map((g) => builtin(g, `the engine's helper class '${g}'`)),
      ...[...d.types, ...d.enums].map((decl) => ({ name: decl.name, side: { decl } })),
      ...d.events.map((e) => ({
        name: eventTypeName(M, e.decl.name),
        side: { decl: e.decl, derived: 'the type of' },
      })),
      ...d.states.map((decl) => ({
        name: stateTypeName(M, decl.name),
        side: { decl, derived: 'the snapshot type of' },
      })),
    ]),
    // exported values
    ...findClashes(BACKEND, [
      ...generatedValues(M, m).map((g) => builtin(g, `the generated '${g}'`)),
      ...d.types.map((decl) => ({
        name: `as${decl.name}`,
        side: { decl, derived: 'the brand function of' },
      })),
    ]),
  ];
  for (const decl of [...d.types, ...d.enums]) {
    if (JS_RESERVED.includes(decl.name))
      problems.push({
        kind: 'unusable',
        backend: BACKEND,
        decl,
        why: `'${decl.name}' is a reserved word`,
      });
    else if (TS_TYPE_KEYWORDS.includes(decl.name))
      problems.push({
        kind: 'unusable',
        backend: BACKEND,
        decl,
        why: `TypeScript does not allow a type named '${decl.name}'`,
      });
  }
  return problems;
}

/**
 * Every TypeScript name of one machine's engine. Spec-derived names are fixed (the
 * checker made them distinct); the engine's internal module-level names (`Wide`,
 * `<M>_STATES`, `<E>_VALUES`, `idsOf<T>`, `guard_<t>`, `REASONS_<t>`, `take_<t>`,
 * `enabled_<t>`) are allocated after them, each the first free one of `<preferred>`,
 * `<preferred>2`, …; locals read from event fields are the field's name unless that would
 * shadow a name the function uses, then `f_<name>` (a camelCase name has no `_`, so this
 * meets no other local).
 */
export class TsNaming {
  /** The machine's PascalCase name, the stem of every generated type. */
  readonly M: string;
  /** The machine's camelCase name (the file name, `<m>Machine`). */
  readonly m: string;
  readonly wide: string;
  readonly statesConst: string;
  readonly #values = new Set<string>([
    ...JS_RESERVED,
    ...JS_RESTRICTED,
    ...TS_GLOBALS,
    // The globals the operators' spellings name (`Math.min`, lower/operators.ts), as values
    // only: no value of the engine may take the name, a spec type may (it shadows no value).
    ...TS_GLOBALS_OF_OPERATORS,
    ...TS_VALUE_GLOBALS,
    ...ENGINE_HELPERS,
  ]);
  readonly #internal = new Map<string, string>();

  constructor(ir: IrMachine) {
    this.M = pascal(ir.name);
    this.m = camel(ir.name);
    const decls = declsOfIr(ir);
    const problems = findTsClashes(decls);
    // check/report-name-clashes.ts refuses these (TTH1012/TTH1013): reaching this is a bug.
    if (problems.length > 0)
      throw new Error(
        `internal: TypeScript names clash in ${ir.source}: ${problems.map((p) => (p.kind === 'clash' ? p.name : p.decl.name)).join(', ')}`,
      );
    for (const v of [
      ...generatedValues(this.M, this.m),
      ...ir.types.map((t) => this.brand(t.name)),
    ])
      if (this.#values.has(v) && !ENGINE_HELPERS.includes(v))
        throw new Error(`internal: the engine's name '${v}' is taken`);
      else this.#values.add(v);
    const types = new Set([
      ...TS_TYPE_KEYWORDS,
      ...TS_GLOBALS,
      ...ENGINE_CLASSES,
      ...ir.types.map((t) => t.name),
      ...ir.enums.map((e) => e.name),
      ...generatedTypes(this.M).map((g) => g.name),
      ...ir.events.map((e) => this.eventType(e.name)),
      ...ir.states.map((s) => this.stateType(s.name)),
    ]);
    this.wide = allocate(types, 'Wide');
    this.statesConst = this.#allocate('states', '', `${this.M.toUpperCase()}_STATES`);
    for (const e of ir.enums) this.#allocate('values', e.name, `${e.name.toUpperCase()}_VALUES`);
    for (const t of ir.types) this.#allocate('idsOf', t.name, `idsOf${t.name}`);
    for (const t of ir.transitions)
      for (const kind of ['guard_', 'REASONS_', 'take_', 'enabled_'])
        this.#allocate(kind, t.name, `${kind}${t.name}`);
  }

  #allocate(kind: string, spec: string, preferred: string): string {
    const n = allocate(this.#values, preferred);
    this.#internal.set(`${kind}\u0000${spec}`, n);
    return n;
  }

  #get(kind: string, spec: string): string {
    const n = this.#internal.get(`${kind}\u0000${spec}`);
    if (n === undefined) throw new Error(`internal: no engine name ${kind} for '${spec}'`);
    return n;
  }

  /** A snapshot field (a var or const); also the field of `<M>Init` for a const. */
  field(spec: string): string {
    return camel(spec);
  }

  /** A field of `<M>Params`. */
  param(spec: string): string {
    return camel(spec);
  }

  /** A field of an event. */
  eventField(spec: string): string {
    return camel(spec);
  }

  /** The local a function of the engine reads an event field into. */
  fieldLocal(spec: string): string {
    const c = camel(spec);
    const shadows = ENGINE_LOCALS.includes(c) || /^f\d+$/.test(c) || this.#values.has(c);
    return shadows ? `f_${c}` : c;
  }

  eventType(event: string): string {
    return eventTypeName(this.M, event);
  }

  stateType(state: string): string {
    return stateTypeName(this.M, state);
  }

  /** The function that brands a string as an id of an opaque type. */
  brand(type: string): string {
    return `as${type}`;
  }

  /** The list of an enum's members. */
  enumValues(enumName: string): string {
    return this.#get('values', enumName);
  }

  /** What a quantifier over an opaque type ranges over (ir.ts, rule 8). */
  idsOf(type: string): string {
    return this.#get('idsOf', type);
  }

  guard(transition: string): string {
    return this.#get('guard_', transition);
  }

  reasons(transition: string): string {
    return this.#get('REASONS_', transition);
  }

  take(transition: string): string {
    return this.#get('take_', transition);
  }

  enabled(transition: string): string {
    return this.#get('enabled_', transition);
  }
}

/** The first of `preferred`, `preferred2`, … not in `taken`; adds it. */
function allocate(taken: Set<string>, preferred: string): string {
  let n = preferred;
  for (let k = 2; taken.has(n); k++) n = `${preferred}${k}`;
  taken.add(n);
  return n;
}

/** Names a generated test module may use for its own constants (conformance/emit.ts):
 *  `preferred` unless taken, else `preferred_2`, `preferred_3`, …; never a reserved word. */
export function allocateTsName(taken: Set<string>, preferred: string): string {
  let n = preferred;
  for (let k = 2; taken.has(n) || JS_RESERVED.includes(n) || JS_RESTRICTED.includes(n); k++)
    n = `${preferred}_${k}`;
  taken.add(n);
  return n;
}
