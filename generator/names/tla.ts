// How every spec name becomes a TLA+ name, in the module and cfg (emit-tla/view-model.ts),
// the trace-check and simulation modules (conformance/itf.ts) and back from TLC's output
// (tlc/parse-output.ts, tlc/dot.ts). A spec name keeps its spelling unless TLA+, TLC's
// cfg, a standard module or the emitter gives it a meaning (then it is escaped, see
// tlaIdentifier); every name the emitter derives or binds is allocated by TlaNaming so
// that it equals no other name in scope.

import type { IrMachine } from '../lower/ir.ts';
import { BUILTIN } from '../explore/builtin.ts';
import { declsOfIr, findClashes, type NameProblem, type SpecDecls } from './declarations.ts';
import { unheldCounts } from '../lower/enabled.ts';

/** SANY's keywords (tla2sany's tokens): never a name, not even a record field. */
const KEYWORDS = [
  'ACTION ACTIONS ASSUME ASSUMPTION AXIOM BY CASE CHOOSE CONSTANT CONSTANTS COROLLARY DEF',
  'DEFINE DEFS DOMAIN ELSE ENABLED EXCEPT EXTENDS HAVE HIDE IF IN INSTANCE LAMBDA LEMMA LET',
  'LOCAL MODULE NEW OBVIOUS OMITTED ONLY OTHER PICK PROOF PROPOSITION PROVE QED RECURSIVE',
  'SF_ STATE SUBSET SUFFICES TAKE TEMPORAL TEMPORALS THEN THEOREM UNCHANGED UNION USE',
  'VARIABLE VARIABLES WF_ WITH WITNESS',
]
  .join(' ')
  .split(' ');

/** Operators TLA+ predefines and those of the standard modules the emitted modules EXTEND:
 *  Naturals/Integers (Nat, Int), FiniteSets, and for the trace-check and simulation modules
 *  Sequences (Seq … SelectSeq) and TLC (Print … TLCEval). */
const PREDEFINED = [
  'TRUE FALSE BOOLEAN STRING Nat Int IsFiniteSet Cardinality Seq Len Append Head Tail',
  'SubSeq SelectSeq Print PrintT Assert JavaTime TLCGet TLCSet Permutations SortSeq',
  'RandomElement Any ToString TLCEval',
]
  .join(' ')
  .split(' ');

/** The keywords of TLC's cfg files: an invariant named INIT would be read as one. */
const CFG_KEYWORDS = [
  'CONSTANT CONSTANTS CONSTRAINT CONSTRAINTS ACTION_CONSTRAINT ACTION_CONSTRAINTS INVARIANT',
  'INVARIANTS INIT NEXT VIEW SYMMETRY SPECIFICATION PROPERTY PROPERTIES ALIAS POSTCONDITION',
  '_RL_REWARD CHECK_DEADLOCK',
]
  .join(' ')
  .split(' ');

/** Every fixed name the emitted modules define, declare or bind (view-model.ts and
 *  conformance/itf.ts use no other): a spec name equal to one is escaped. Operator
 *  parameters and bound variables are here too, since SANY refuses a bound name that
 *  shadows a defined one. None ends with `_` (see tlaIdentifier). */
export const TLA_EMITTER_NAMES = [
  // the module (view-model.ts)
  ...'state version Null States TerminalStates VersionModulus TimePassed Dec Clamp t vars'.split(
    ' ',
  ),
  ...'Init Next Tick Done Spec event ModelBounds'.split(' '),
  // the map operators, their parameters and bound variable (view-model.ts)
  ...'EmptyMap MapGet MapPut MapRemove SeqHead SeqTail SeqHas SeqCount mp mk mv mx'.split(' '),
  BUILTIN.typeOk,
  BUILTIN.deterministic,
  BUILTIN.versionIncrements,
  BUILTIN.terminalAbsorbing,
  // the trace-check and simulation modules (conformance/itf.ts)
  ...'TraceStates TraceActions Is IsNext TraceStep TraceInit TraceNext tr_k tr_i tr_s tr_a'.split(
    ' ',
  ),
  'TraceDepthReached',
  // check's limits module (tlc/limits.ts)
  'TetherTLC',
  'TetherSearchLimits',
];

/** Modules a machine's module must not be named after (TLC would read ours instead). */
const STANDARD_MODULES = [
  'Naturals Integers Reals FiniteSets Sequences Bags TLC TLCExt Json Randomization RealTime',
  'Toolbox',
]
  .join(' ')
  .split(' ');

const RESERVED: ReadonlySet<string> = new Set([
  ...KEYWORDS,
  ...PREDEFINED,
  ...CFG_KEYWORDS,
  ...TLA_EMITTER_NAMES,
]);

/** A TLA+ identifier has a letter and does not start like WF_x (a fairness operator). */
const lexicallyValid = (name: string): boolean => /[A-Za-z]/.test(name) && !/^(WF|SF)_/.test(name);

/**
 * The TLA+ name of a spec name: itself when TLA+ leaves it free; otherwise `<name>_`, or
 * `X<name>_X_` for a name TLA+ cannot spell at all (no letter, or starting with WF_/SF_).
 * Injective by construction: a name kept as is never ends with `_` (one that does is
 * escaped), every escaped name does; `<a>_ = X<b>_X_` would need `a = X<b>_X`, which ends
 * with a letter and is no reserved name, so it is kept, not escaped. No result is a
 * reserved name (none ends with `_` except the WF_/SF_ tokens, which need `a = WF`).
 */
export function tlaIdentifier(name: string): string {
  if (lexicallyValid(name) && !name.endsWith('_') && !RESERVED.has(name)) return name;
  return lexicallyValid(name) ? `${name}_` : `X${name}_X_`;
}

/** The name of a machine's TLA+ module (and of its file). */
export function tlaModuleName(machine: string): string {
  const free =
    lexicallyValid(machine) && !KEYWORDS.includes(machine) && !STANDARD_MODULES.includes(machine);
  return free ? machine : lexicallyValid(machine) ? `${machine}_` : `X${machine}_X_`;
}

/** The stem of an opaque type's model values (`TransportId` → TransportId1, TransportId2):
 *  the type's name when a cfg can spell `<name>1`, else its TLA+ name. Model values are
 *  values, not identifiers of the module: TLC keeps them apart from every defined name. */
export function modelValueStem(type: string): string {
  return lexicallyValid(type) ? type : tlaIdentifier(type);
}

/** The spec names that share the module's one namespace of identifiers. */
function globalDecls<TRef>(d: SpecDecls<TRef>) {
  return [
    ...d.types,
    ...d.enums,
    ...d.params,
    ...d.consts,
    ...d.vars,
    ...d.defs,
    ...d.transitions.map((t) => t.decl),
    ...d.invariants,
    ...d.steps,
    ...d.properties,
  ];
}

/** Spec names that would be one TLA+ identifier: since tlaIdentifier is injective, the same
 *  name declared in two of the spec's namespaces (a variable and a transition `go`). */
export function findTlaClashes<TRef>(d: SpecDecls<TRef>): NameProblem<TRef>[] {
  return findClashes(
    'TLA+ module',
    globalDecls(d).map((decl) => ({ name: tlaIdentifier(decl.name), side: { decl } })),
  );
}

/** An action TLC names in a trace or a state graph, in spec terms. */
export type TlaAction =
  | { readonly kind: 'clock' }
  | { readonly kind: 'done' }
  | { readonly kind: 'transition'; readonly transition: string; readonly withPayload: boolean };

/**
 * Every TLA+ name of one machine's modules: spec names (tlaIdentifier), the names derived
 * from them (`<t>_guard`, `<t>_step`, `<t>_enabled`, `Ensures_<t>`, `<E>_Payloads`,
 * `<P>_ModelValue`, `<T>_Unheld`, `<E>_EnabledPayloads`), allocated in declaration order after every spec name and every
 * reserved one, each the first of `<preferred>`, `<preferred>1`, `<preferred>2`, … that is
 * still free; bound variables are allocated the same way against everything in scope.
 */
export class TlaNaming {
  readonly module: string;
  readonly #taken = new Set<string>(RESERVED);
  readonly #global = new Map<string, string>();
  readonly #derived = new Map<string, string>();
  readonly #modelValues = new Map<string, readonly string[]>();
  readonly #unheldValues = new Map<string, readonly string[]>();
  /** TLA+ name → spec name (globals and event fields; tlaIdentifier is injective). */
  readonly #spec = new Map<string, string>();
  /** TLA+ name → the name a check report uses (Ensures_<t>). */
  readonly #report = new Map<string, string>();
  readonly #actions = new Map<string, TlaAction>([
    ['Tick', { kind: 'clock' }],
    ['Done', { kind: 'done' }],
  ]);

  constructor(ir: IrMachine) {
    this.module = tlaModuleName(ir.name);
    const decls = declsOfIr(ir);
    for (const d of globalDecls(decls)) {
      const n = tlaIdentifier(d.name);
      const prior = this.#spec.get(n);
      // check/report-name-clashes.ts refuses this (TTH1012): reaching it is a bug.
      if (prior !== undefined || this.#taken.has(n))
        throw new Error(`internal: the TLA+ name '${n}' of '${d.name}' is already taken`);
      this.#taken.add(n);
      this.#global.set(d.name, n);
      this.#spec.set(n, d.name);
    }
    for (const e of ir.events)
      for (const f of e.fields) this.#spec.set(tlaIdentifier(f.name), f.name);
    for (const t of ir.transitions) {
      const n = this.name(t.name);
      this.#actions.set(n, { kind: 'transition', transition: t.name, withPayload: false });
      this.#derive('guard', t.name, `${n}_guard`);
      const step = this.#derive('step', t.name, `${n}_step`);
      this.#actions.set(step, { kind: 'transition', transition: t.name, withPayload: true });
      this.#derive('enabled', t.name, `${n}_enabled`);
      if (t.ensures.length > 0)
        this.#report.set(
          this.#derive('ensures', t.name, BUILTIN.ensures(n)),
          BUILTIN.ensures(t.name),
        );
    }
    for (const e of ir.events)
      this.#derive('payloads', e.name, `${tlaIdentifier(e.name)}_Payloads`);
    for (const p of ir.params)
      if (typeof p.modelValue === 'number' && p.modelValue < 0)
        this.#derive('modelValue', p.name, `${this.name(p.name)}_ModelValue`);
    // ir.ts rule 8: the set of a type's unheld model values, and the payloads enabled() searches.
    for (const t of ir.types) this.#derive('unheld', t.name, `${this.name(t.name)}_Unheld`);
    for (const e of ir.events)
      this.#derive('enabledPayloads', e.name, `${tlaIdentifier(e.name)}_EnabledPayloads`);
    // Model values last: TLC reads a name in the cfg's `T = {…}` as a model value only when
    // the module does not define it, and two types' values must differ (`type T model 12`
    // and `type T1 model 2` would both have a T12). Each is `<stem><k>` when that is free,
    // else the first free of `<stem>_<k>`, `<stem>_<k>_1`, …; the unheld ones follow.
    for (const t of ir.types) {
      const stem = modelValueStem(t.name);
      this.#modelValues.set(
        t.name,
        Array.from({ length: t.modelSize }, (_, i) =>
          this.#taken.has(`${stem}${i + 1}`)
            ? this.fresh(`${stem}_${i + 1}`, '_')
            : this.fresh(`${stem}${i + 1}`),
        ),
      );
    }
    const unheld = unheldCounts(ir);
    for (const t of ir.types) {
      const values: string[] = [];
      for (let k = 1; values.length < (unheld.get(t.name) ?? 0); k++) {
        const v = `${modelValueStem(t.name)}_Unheld${k}`;
        if (!this.#taken.has(v)) values.push(this.fresh(v));
      }
      this.#unheldValues.set(t.name, values);
    }
  }

  /** The model values of an opaque type (the cfg's `T = {…}`, semantics/model.ts). */
  modelValues(type: string): readonly string[] {
    const v = this.#modelValues.get(type);
    if (v === undefined)
      throw new Error(`internal: '${type}' is not an opaque type of the machine`);
    return v;
  }

  /** The model values enabled()'s search adds to a type's own (ir.ts rule 8); maybe none. */
  unheldValues(type: string): readonly string[] {
    return this.#unheldValues.get(type) ?? [];
  }

  #derive(kind: string, spec: string, preferred: string): string {
    const n = this.fresh(preferred);
    this.#derived.set(`${kind}\u0000${spec}`, n);
    return n;
  }

  #get(kind: string, spec: string): string {
    const n = this.#derived.get(`${kind}\u0000${spec}`);
    if (n === undefined) throw new Error(`internal: no TLA+ ${kind} name for '${spec}'`);
    return n;
  }

  /** A new module-level name, distinct from every other: `preferred` or it with a number
   *  (after `separator`). */
  fresh(preferred: string, separator = ''): string {
    let n = preferred;
    for (let k = 1; this.#taken.has(n); k++) n = `${preferred}${separator}${k}`;
    this.#taken.add(n);
    return n;
  }

  /** The TLA+ name of a var, const, param, type, enum, transition, invariant, step or property. */
  name(spec: string): string {
    const n = this.#global.get(spec);
    if (n === undefined)
      throw new Error(`internal: '${spec}' is not a declared name of the machine`);
    return n;
  }

  /** The record field of an event field (`event.<field>`, `[<field> |-> …]`). */
  field(spec: string): string {
    return tlaIdentifier(spec);
  }

  guard(transition: string): string {
    return this.#get('guard', transition);
  }

  step(transition: string): string {
    return this.#get('step', transition);
  }

  enabled(transition: string): string {
    return this.#get('enabled', transition);
  }

  ensures(transition: string): string {
    return this.#get('ensures', transition);
  }

  payloads(event: string): string {
    return this.#get('payloads', event);
  }

  modelValue(param: string): string {
    return this.#get('modelValue', param);
  }

  /** The constant holding an opaque type's unheld model values (semantics/model.ts). */
  unheld(type: string): string {
    return this.#get('unheld', type);
  }

  /** The payloads enabled() searches for an event: its ids also range over unheld values. */
  enabledPayloads(event: string): string {
    return this.#get('enabledPayloads', event);
  }

  /** A name for a quantifier's variable: distinct from every module-level name and from
   *  the enclosing quantifiers' variables (SANY refuses a bound name that shadows one). */
  bind(spec: string, enclosing: Iterable<string>): string {
    const inScope = new Set(enclosing);
    const preferred = tlaIdentifier(spec);
    let n = preferred;
    for (let k = 1; this.#taken.has(n) || inScope.has(n); k++) n = `${preferred}${k}`;
    return n;
  }

  /** The spec name of a variable, const or event field TLC prints (state, version as is). */
  specName(tla: string): string {
    return this.#spec.get(tla) ?? tla;
  }

  /** The name a check report uses for an invariant or property TLC names. */
  reportName(tla: string): string {
    return this.#report.get(tla) ?? this.#spec.get(tla) ?? tla;
  }

  /** The action of a name TLC prints for a step (`go_step`, `Tick`), or null. */
  action(tla: string): TlaAction | null {
    return this.#actions.get(tla) ?? null;
  }
}
