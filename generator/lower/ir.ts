// The IR: a checked machine with every name resolved and every expression typed. It is the
// single source of semantics — the TLA+ emitter, the TS emitter, the explorer and the test
// oracle all read it, and none goes back to the AST.
//
// Order: states, enum members, transitions, require clauses, invariants, steps and
// properties keep declaration order (it is shown to users, and transition order breaks ties
// in the rejection rule below). Reasons and a transition's assignments are sorted by name
// (they are sets: assignments are simultaneous). Everything else keeps declaration order.
//
// THE DISPATCH RULE (what every backend implements for an event e in snapshot s):
//   1. s.state is terminal                     → reject TERMINATED (terminal states absorb).
//   2. s.version not an integer in 0..lastVersion(ir) → reject VERSION_EXHAUSTED: a step adds
//      to the version (rule 6, rule 7), and past Number.MAX_SAFE_INTEGER (2^53 − 1) the sum
//      is no longer exact, so the version would silently stop moving; a version that is not
//      a non-negative safe integer (a corrupt store: −1, 0.5, NaN) is rejected the same way.
//      Then e.expectedVersion present, ≠ s.version → reject VERSION_MISMATCH (seed §5, §9).
//      Then a field of e outside its type for s's params (a range with a param bound,
//      `token: 0..MaxToken`, which parseEvent cannot check without the params) → reject
//      OUT_OF_RANGE: a step must never store a value its snapshot cannot be read back with
//      (machines with such a field only; the model's payloads are always in range).
//      All come before any guard is evaluated. The model counts the version modulo 2, so it
//      never gets near the bound: no reachable state of the model produces VERSION_EXHAUSTED
//      (the engine and the runtime oracle implement it; the conformance safety net, on
//      arbitrary snapshots, compares them there).
//   3. candidates = dispatch[(s.state, e.type)], in declaration order; none → the reason of
//      the refusal of (s.state, e.type) if the spec declares one (`refuse E in S else R`),
//      else NO_TRANSITION.
//   4. A candidate is enabled when all its require clauses hold (evaluated in order).
//      The enabled candidate is taken (determinism: at most one is; the model check proves it).
//   5. None enabled → reject with the reason of the failing clause of the candidate that got
//      furthest (most clauses passed before failing); ties go to the earliest declared.
//   6. Taking a transition: every `set` right side reads s (simultaneous), unassigned
//      variables keep their values, state := target (unchanged for `-> stay`), version :=
//      version + 1.
//   7. Then every `ensure` of the transition, every invariant and every step property is
//      evaluated on the new snapshot (steps on the pair old/new). If one fails, the step goes
//      instead to `violationState` with reason INVARIANT_VIOLATION, keeping the variables of
//      s (the last consistent values) and version + 1 (seed §10, "Correctness > Continuity").
//      With violationState null (`on violation -> reject`, for a machine with no terminal
//      state to go to) the step is instead rejected with INVARIANT_VIOLATION, changing
//      nothing, as every rejection (seed §9: "Rejection must not mutate state").
//   Rejections never change anything: the very same snapshot is returned (seed §9).
//   8. Opaque ids. An opaque type has unboundedly many ids at runtime and N model values in
//      the model, so a spec never quantifies over the type itself (checker TTH2017: it would
//      mean two things); it quantifies over sets that hold ids. enabled(t) searches t's
//      payloads, and a payload field of an opaque type T (or T?) ranges:
//      - at runtime, over the ids of T the evaluation can see (the snapshot, the fields before
//        it) and one id that is none of them, chosen per evaluation, never a fixed string
//        (else an event naming that string would stand in for it);
//      - in the model, over T's model values and K unheld model values that no state or event
//        ever holds, K being the most fields of T one event searched by enabled() has
//        (semantics/model.ts unheldValues; `<T>_Unheld` in TLA+).
//      Ids are only compared, so both sets decide the guard for every id alike: each field is a
//      held id, one of the fields before it, or an id nothing holds, and both sides have a
//      witness for every such pattern. A payload field holding a set of ids that the guard
//      reads has no finite search (checker TTH2018). The simplifier inlines enabled() as quantifiers over the
//      fields' types; those range as the runtime's search does (the ids the evaluation can
//      see, enclosing quantifiers' variables and the event's fields included, plus one).
//   9. Model integers are TLC's: 32-bit, MODEL_INT_MIN..MODEL_INT_MAX. The checker refuses a
//      literal or model value outside that range (TTH0002) and a range of more than
//      MODEL_INT_MAX values (TLC's intervals, TTH2010); an arithmetic result outside it, or
//      a computed range wider than that, is an evaluation error in both model checkers (TLC:
//      "Overflow when computing ..."). What a checker enumerates (a type's model values, a
//      const's values, an event's payloads, a quantifier's range: TLC builds each as a set)
//      has at most MODEL_ENUMERATION_LIMIT values (TTH2019; TLC's -maxSetSize default); a
//      variable's type is only tested (TypeOK), never built. Runtime values (times and
//      durations in milliseconds, runtime params) are the engine's numbers, bounded only by
//      Number.MAX_SAFE_INTEGER.
//  10. Model ranges. An Int, Nat or Duration event field declared `model lo..hi` takes any
//      value of its type at runtime (parseEvent refuses a negative Nat or Duration and a
//      fractional Int or Nat) and lo..hi in the model (payloadType): the model checks those
//      payloads, the conformance suite also sends others. No enabled() reads such a field
//      (checker TTH2020): there is no finite search over its runtime values. A variable
//      declared so (`var n: Nat model 0..5 = 0`) is unbounded at runtime; the model keeps the
//      states where it is in lo..hi (Model.inBounds; TLA+: the CONSTRAINT ModelBounds). A
//      state past them (an initial one too) is checked like any other — TypeOK, invariants,
//      the step's properties — but never explored, and it is no deadlock for the state it
//      leaves; its step is ENABLED there for fairness (TLC evaluates ENABLED on the action,
//      not on the constrained graph). What a result proves, it proves within the bounds
//      (CheckResult.bounds): a liveness property may hold only because the behaviours that
//      break it leave them.

import type { BinaryOp, Span } from '../parse/ast.ts';
import type { FunctionName } from './operators.ts';
import type { IrRange, IrType } from './types.ts';

/** The least integer of the model (rule 9: TLC's 32-bit integers). */
export const MODEL_INT_MIN = -(2 ** 31);
/** The greatest integer of the model (rule 9). */
export const MODEL_INT_MAX = 2 ** 31 - 1;
/** The most values a model checker builds of one set (rule 9; TLC's -maxSetSize default). */
export const MODEL_ENUMERATION_LIMIT = 1_000_000;

/** Where a declaration is in the spec: the span of its name (of the whole clause for a
 *  `require` or `ensure`). Line and column are 1-based, offsets 0-based, the end exclusive, as
 *  in the AST's spans (parse/ast.ts), so that a backend can report at it without the AST. */
export interface IrLoc {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly endOffset: number;
}

/** A location as the AST's span (what diagnostics take). */
export function spanOfLoc(loc: IrLoc): Span {
  return {
    start: { offset: loc.offset, line: loc.line, column: loc.column },
    end: { offset: loc.endOffset, line: loc.endLine, column: loc.endColumn },
  };
}

export interface IrMachine {
  readonly kind: 'Machine';
  readonly name: string;
  /** The spec's path as given to the toolkit (relative, forward slashes). */
  readonly source: string;
  readonly types: readonly IrOpaqueType[];
  readonly enums: readonly IrEnum[];
  readonly params: readonly IrParam[];
  readonly states: readonly IrState[];
  readonly initialState: string;
  /** The terminal state an invariant or ensure failure moves to (seed §10); null under
   *  `on violation -> reject`, where such a step is refused instead (rule 7). */
  readonly violationState: string | null;
  readonly consts: readonly IrConst[];
  readonly vars: readonly IrVar[];
  readonly events: readonly IrEvent[];
  /** Sorted; includes the built-in INVARIANT_VIOLATION unless violationState is null. */
  readonly acceptReasons: readonly string[];
  /** Sorted; includes the built-ins NO_TRANSITION, TERMINATED, VERSION_EXHAUSTED,
   *  VERSION_MISMATCH, and INVARIANT_VIOLATION when violationState is null. */
  readonly rejectReasons: readonly string[];
  readonly transitions: readonly IrTransition[];
  /** The definitions (`def`), each after the ones its body uses. Every use is also inlined
   *  (a `use` node holds the body): TLA+ prints the operator, the other backends the body. */
  readonly defs: readonly IrDef[];
  readonly invariants: readonly IrInvariant[];
  readonly steps: readonly IrInvariant[];
  readonly properties: readonly IrProperty[];
  readonly fairness: readonly IrFairness[];
  /** For each (state, event) with at least one candidate, in state then event order. */
  readonly dispatch: readonly IrDispatchEntry[];
  /** For each (state, event) a `refuse` names, none of which has a candidate (rule 3), in
   *  state then event order. */
  readonly refusals: readonly IrRefusal[];
}

/** `def name(p: T, …): R = body`: its params are read in the body as `bound` nodes. */
export interface IrDef {
  readonly name: string;
  readonly params: readonly { readonly name: string; readonly type: IrType }[];
  readonly type: IrType;
  readonly body: IrExpr;
  readonly loc: IrLoc;
}

/** `refuse E in S else R`, one per (state, event): E in S is rejected with R. */
export interface IrRefusal {
  readonly state: string;
  readonly event: string;
  readonly reason: string;
  readonly loc: IrLoc;
}

/** An opaque id type; the model uses `modelSize` distinct model values. */
export interface IrOpaqueType {
  readonly name: string;
  readonly modelSize: number;
  readonly loc: IrLoc;
}

export interface IrEnum {
  readonly name: string;
  readonly members: readonly string[];
  readonly loc: IrLoc;
}

export interface IrParam {
  readonly name: string;
  /** `duration` params are milliseconds at runtime and ticks in the model. */
  readonly type: IrType;
  readonly modelValue: number | boolean;
  /** Declared `Nat`: its runtime value must be a non-negative integer (its type is `int`). */
  readonly natural: boolean;
  readonly loc: IrLoc;
}

export interface IrState {
  readonly name: string;
  readonly initial: boolean;
  readonly terminal: boolean;
  readonly loc: IrLoc;
}

/** Fixed when the machine is created (e.g. the session id), never assigned. */
export interface IrConst {
  readonly name: string;
  readonly type: IrType;
  readonly loc: IrLoc;
}

export interface IrVar {
  readonly name: string;
  readonly type: IrType;
  /** A `Nat` variable (type int, no range): never negative (TypeOK, parseSnapshot). */
  readonly natural: boolean;
  /** `model lo..hi`: an Int, Nat or Duration variable unbounded at runtime; the model keeps
   *  only the states where it is in lo..hi (rule 10). */
  readonly model: IrRange | null;
  /** Reads only literals, params, consts and `now` (the creation time). */
  readonly init: IrExpr;
  readonly loc: IrLoc;
}

export interface IrEvent {
  readonly name: string;
  readonly fields: readonly IrField[];
  readonly loc: IrLoc;
}

export interface IrField {
  readonly name: string;
  readonly type: IrType;
  /** A `Nat` field (type int, no range): the engine refuses a negative value. */
  readonly natural: boolean;
  /** `model lo..hi`: the values an Int, Nat or Duration field takes in the model (its
   *  payloads); null where the type itself is finite. See payloadType. */
  readonly model: IrRange | null;
}

/** Is a field's or variable's value never negative: a Nat (natural) or a Duration? */
export function neverNegative(x: { readonly type: IrType; readonly natural: boolean }): boolean {
  return x.natural || x.type.kind === 'duration';
}

/** The type a field's payloads range over in the model: its model range where it has one
 *  (an Int, Nat or Duration unbounded at runtime), else its type. */
export function payloadType(f: IrField): IrType {
  return f.model ? { kind: 'int', range: f.model } : f.type;
}

export interface IrTransition {
  readonly name: string;
  /** Expanded (`*` is every non-terminal state), in state declaration order. */
  readonly sources: readonly string[];
  /** The state it moves to; null for `-> stay`, which keeps the state it fires in. */
  readonly target: string | null;
  readonly event: string;
  readonly reason: string;
  /** In order: the first failing clause names the rejection reason. */
  readonly requires: readonly IrRequire[];
  /** Sorted by variable: assignments are simultaneous. */
  readonly assignments: readonly IrAssignment[];
  readonly ensures: readonly IrEnsure[];
  /** What the transition adds to `version`: 1 from lowering (seed §5). Backends read the
   *  rule here instead of hard-coding it, so it has one source. */
  readonly versionStep: number;
  readonly loc: IrLoc;
}

export interface IrRequire {
  readonly cond: IrExpr;
  readonly reason: string;
  readonly loc: IrLoc;
  /** The clause `on E otherwise` adds (lower.ts): no earlier candidate is enabled. It never
   *  names a rejection, so a candidate with only such clauses is taken when dispatch gets to
   *  it. */
  readonly otherwise?: true;
}

export interface IrAssignment {
  readonly variable: string;
  readonly value: IrExpr;
}

export interface IrEnsure {
  readonly cond: IrExpr;
  readonly loc: IrLoc;
}

/** A state predicate (`invariant`) or a predicate over a step's old and new state (`step`). */
export interface IrInvariant {
  readonly name: string;
  readonly expr: IrExpr;
  readonly loc: IrLoc;
}

export interface IrProperty {
  readonly name: string;
  readonly formula: IrTemporal;
  readonly loc: IrLoc;
}

export type IrTemporal =
  | { readonly kind: 'always'; readonly body: IrTemporal }
  | { readonly kind: 'eventually'; readonly body: IrTemporal }
  | { readonly kind: 'leadsTo'; readonly left: IrTemporal; readonly right: IrTemporal }
  | {
      readonly kind: 'binary';
      readonly op: 'and' | 'or' | '=>';
      readonly left: IrTemporal;
      readonly right: IrTemporal;
    }
  | { readonly kind: 'predicate'; readonly expr: IrExpr };

/** `fairness weak t` is WF_vars(t): fair to t as one action, whatever the payload; `fairness
 *  weak each t` (each: true) is fair to every payload p of t's event on its own,
 *  \A p \in Payloads: WF_vars(t(p)), so taking t with one payload forever does not excuse
 *  never taking it with another that stays enabled. */
export interface IrFairness {
  readonly strength: 'weak' | 'strong';
  readonly target:
    | { readonly kind: 'transition'; readonly name: string; readonly each: boolean }
    | { readonly kind: 'clock' };
}

export interface IrDispatchEntry {
  readonly state: string;
  readonly event: string;
  /** Transition names, in declaration order. */
  readonly candidates: readonly string[];
}

export type IrBinaryOp = BinaryOp;

/** A typed expression; every node carries its type. */
export type IrExpr =
  | { readonly kind: 'bool'; readonly value: boolean; readonly type: IrType }
  | { readonly kind: 'int'; readonly value: number; readonly type: IrType }
  | { readonly kind: 'null'; readonly type: IrType }
  | { readonly kind: 'stateLit'; readonly name: string; readonly type: IrType }
  | {
      readonly kind: 'enumLit';
      readonly enum: string;
      readonly member: string;
      readonly type: IrType;
    }
  | { readonly kind: 'var'; readonly name: string; readonly primed: boolean; readonly type: IrType }
  | {
      readonly kind: 'const';
      readonly name: string;
      readonly primed: boolean;
      readonly type: IrType;
    }
  | { readonly kind: 'param'; readonly name: string; readonly type: IrType }
  /** The machine's current state (`state`), or its next one (`state'`). */
  | { readonly kind: 'state'; readonly primed: boolean; readonly type: IrType }
  /** The time the event is dispatched at (or the creation time, in initial values). */
  | { readonly kind: 'now'; readonly type: IrType }
  /** `event.name` of the transition's event. */
  | { readonly kind: 'field'; readonly name: string; readonly type: IrType }
  /** A quantifier's variable. */
  | { readonly kind: 'bound'; readonly name: string; readonly type: IrType }
  | { readonly kind: 'setLit'; readonly elements: readonly IrExpr[]; readonly type: IrType }
  /** `[a, b]`: a sequence, in order. */
  | { readonly kind: 'seqLit'; readonly elements: readonly IrExpr[]; readonly type: IrType }
  /** `{}` where a map is expected: the map with no keys (its type says of what). */
  | { readonly kind: 'emptyMap'; readonly type: IrType }
  /** `m[k]`: the value at key k, null when k is not a key (type V?; V where narrowed). */
  | {
      readonly kind: 'index';
      readonly map: IrExpr;
      readonly key: IrExpr;
      readonly type: IrType;
    }
  | { readonly kind: 'not'; readonly operand: IrExpr; readonly type: IrType }
  | { readonly kind: 'neg'; readonly operand: IrExpr; readonly type: IrType }
  | {
      readonly kind: 'binary';
      readonly op: IrBinaryOp;
      readonly left: IrExpr;
      readonly right: IrExpr;
      readonly type: IrType;
    }
  | {
      readonly kind: 'if';
      readonly cond: IrExpr;
      readonly then: IrExpr;
      readonly otherwise: IrExpr;
      readonly type: IrType;
    }
  | {
      readonly kind: 'quantifier';
      readonly quantifier: 'forall' | 'exists';
      readonly variable: string;
      readonly domain: IrDomain;
      readonly body: IrExpr;
      readonly type: IrType;
    }
  /** A built-in function applied to its arguments (lower/operators.ts FUNCTIONS). */
  | {
      readonly kind: 'call';
      readonly fn: FunctionName;
      readonly args: readonly IrExpr[];
      readonly type: IrType;
    }
  /** Some event payload satisfies all of the transition's require clauses now. */
  | { readonly kind: 'enabled'; readonly transition: string; readonly type: IrType }
  /** A definition used with these arguments. Its meaning is `body`, the definition's body
   *  with each param read as its argument (README, "Definitions"): every backend reads the
   *  body, except TLA+, which prints the operator applied to `args`. */
  | {
      readonly kind: 'use';
      readonly def: string;
      readonly args: readonly IrExpr[];
      readonly body: IrExpr;
      readonly type: IrType;
    };

/** What a quantifier ranges over. */
export type IrDomain =
  | { readonly kind: 'type'; readonly type: IrType }
  | { readonly kind: 'range'; readonly lo: IrExpr; readonly hi: IrExpr }
  | { readonly kind: 'set'; readonly set: IrExpr };

/** The dispatch table of a machine (IrMachine.dispatch): for each state, then each event, the
 *  transitions from that state on that event, in declaration order. Lowering builds it once;
 *  an IR changed by hand (tests seed bugs so) builds it again here. */
/** The reason an event with no candidate in a state is rejected with (rule 3). */
export function noCandidateReason(ir: IrMachine, state: string, event: string): string {
  return ir.refusals.find((r) => r.state === state && r.event === event)?.reason ?? 'NO_TRANSITION';
}

/** The state a transition taken in `from` moves to (`-> stay` keeps `from`: rule 6). */
export function targetFrom(t: IrTransition, from: string): string {
  return t.target ?? from;
}

/** A transition's target as the spec writes it: a state's name, or `stay`. */
export function showTarget(t: IrTransition): string {
  return t.target ?? 'stay';
}

export function dispatchTable(
  states: readonly IrState[],
  events: readonly IrEvent[],
  transitions: readonly IrTransition[],
): IrDispatchEntry[] {
  const dispatch: IrDispatchEntry[] = [];
  for (const s of states)
    for (const e of events) {
      const candidates = transitions
        .filter((t) => t.event === e.name && t.sources.includes(s.name))
        .map((t) => t.name);
      if (candidates.length > 0) dispatch.push({ state: s.name, event: e.name, candidates });
    }
  return dispatch;
}

/** The reason an event with a field outside its param-bounded range is rejected with (the
 *  dispatch rule, step 2). */
export const OUT_OF_RANGE = 'OUT_OF_RANGE';

/** Whether a type holds a range with a param bound (`0..Max`, at any depth): a value of it is
 *  in range only for the params, which parseEvent does not have. */
export function hasParamBound(t: IrType): boolean {
  switch (t.kind) {
    case 'int':
      return t.range !== null && (t.range.lo.kind === 'param' || t.range.hi.kind === 'param');
    case 'nullable':
      return hasParamBound(t.inner);
    case 'set':
      return hasParamBound(t.element);
    default:
      return false;
  }
}

/** The last version a step may start from (the dispatch rule, step 2): the largest whose
 *  successor, by any transition's versionStep or the violation move's 1, is still exact. */
export function lastVersion(ir: IrMachine): number {
  return Number.MAX_SAFE_INTEGER - Math.max(1, ...ir.transitions.map((t) => t.versionStep));
}

/** A domain with its expressions mapped. */
export function mapDomain(d: IrDomain, f: (e: IrExpr) => IrExpr): IrDomain {
  switch (d.kind) {
    case 'range':
      return { ...d, lo: f(d.lo), hi: f(d.hi) };
    case 'set':
      return { ...d, set: f(d.set) };
    case 'type':
      return d;
    default: {
      const unreachable: never = d;
      return unreachable;
    }
  }
}

/** An expression with its direct sub-expressions (a quantifier's domain included) mapped.
 *  childrenOf, someNode and the simplifier's rewrites are built on it; every kind is listed,
 *  so a new kind is a compile error here until it says what its children are. */
export function mapChildren(e: IrExpr, f: (e: IrExpr) => IrExpr): IrExpr {
  switch (e.kind) {
    case 'bool':
    case 'int':
    case 'null':
    case 'stateLit':
    case 'enumLit':
    case 'var':
    case 'const':
    case 'param':
    case 'state':
    case 'now':
    case 'field':
    case 'bound':
    case 'enabled':
    case 'emptyMap':
      return e; // leaves
    case 'setLit':
    case 'seqLit':
      return { ...e, elements: e.elements.map(f) };
    case 'not':
    case 'neg':
      return { ...e, operand: f(e.operand) };
    case 'call':
      return { ...e, args: e.args.map(f) };
    case 'index':
      return { ...e, map: f(e.map), key: f(e.key) };
    case 'binary':
      return { ...e, left: f(e.left), right: f(e.right) };
    case 'if':
      return { ...e, cond: f(e.cond), then: f(e.then), otherwise: f(e.otherwise) };
    case 'quantifier':
      return { ...e, domain: mapDomain(e.domain, f), body: f(e.body) };
    case 'use':
      return { ...e, args: e.args.map(f), body: f(e.body) };
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

/** The direct sub-expressions of an expression: of a definition's use, its body alone (the
 *  arguments are in it, where the body reads them; one it does not read means nothing). */
export function childrenOf(e: IrExpr): IrExpr[] {
  if (e.kind === 'use') return [e.body];
  const out: IrExpr[] = [];
  mapChildren(e, (c) => (out.push(c), c));
  return out;
}

/** Whether an expression reads the time: `now`, or `enabled()`, which is decided at now. */
export function readsTime(e: IrExpr): boolean {
  return someNode(e, (x) => x.kind === 'now' || x.kind === 'enabled');
}

/** Whether some node of the expression (itself included) satisfies p. */
export function someNode(e: IrExpr, p: (e: IrExpr) => boolean): boolean {
  return p(e) || childrenOf(e).some((c) => someNode(c, p));
}

/** The state predicates of a temporal formula. */
export function temporalPredicates(t: IrTemporal): IrExpr[] {
  switch (t.kind) {
    case 'always':
    case 'eventually':
      return temporalPredicates(t.body);
    case 'leadsTo':
    case 'binary':
      return [...temporalPredicates(t.left), ...temporalPredicates(t.right)];
    case 'predicate':
      return [t.expr];
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

/** Every top-level expression of a machine: initial values, guards, assignments, ensures,
 *  invariants, steps and the predicates of properties. */
export function machineExprs(ir: IrMachine): IrExpr[] {
  return [
    ...ir.vars.map((v) => v.init),
    ...ir.transitions.flatMap((t) => [
      ...t.requires.map((r) => r.cond),
      ...t.assignments.map((a) => a.value),
      ...t.ensures.map((e) => e.cond),
    ]),
    ...ir.invariants.map((i) => i.expr),
    ...ir.steps.map((s) => s.expr),
    ...ir.properties.flatMap((p) => temporalPredicates(p.formula)),
    ...ir.defs.map((d) => d.body),
  ];
}

/** An expression with each definition's use replaced by its body (what it means). */
export function inlineUses(e: IrExpr): IrExpr {
  return e.kind === 'use' ? inlineUses(e.body) : mapChildren(e, inlineUses);
}

/** Whether the machine has a value of this kind anywhere (a variable, or a value some
 *  expression computes): the backends then include what they need for it (TLA+: the map
 *  operators; Sequences and the sequence operators). */
export function usesKind(ir: IrMachine, kind: 'map' | 'seq'): boolean {
  return (
    [...ir.vars, ...ir.consts].some((v) => v.type.kind === kind) ||
    machineExprs(ir).some((e) => someNode(e, (x) => x.type.kind === kind))
  );
}
