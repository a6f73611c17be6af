// The syntax tree the grammar builds (grammar/tether.peggy). Every node carries the span it
// was parsed from; names are `Ident` nodes so diagnostics can point at the name itself.
// The AST is what the user wrote: nothing is resolved or typed here (see lower/ir.ts).

/** A point in the source text; line and column are 1-based, offset is 0-based. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A half-open source range [start, end). */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

/** A name as written, with its own span. */
export interface Ident {
  readonly kind: 'Ident';
  readonly name: string;
  readonly span: Span;
}

/** A whole `.tether` file: one machine. */
export interface SpecFile {
  readonly kind: 'Spec';
  readonly machine: Ident;
  readonly decls: readonly Decl[];
  readonly span: Span;
}

export type Decl =
  | TypeDecl
  | EnumDecl
  | ParamDecl
  | StatesDecl
  | ConstDecl
  | VarDecl
  | DefDecl
  | EventDecl
  | ReasonsDecl
  | TransitionDecl
  | RefusalDecl
  | InvariantDecl
  | StepDecl
  | PropertyDecl
  | FairnessDecl
  | ViolationDecl;

/** `type TransportId model 2`: an opaque identifier type with its TLA+ model-set size. */
export interface TypeDecl {
  readonly kind: 'TypeDecl';
  readonly name: Ident;
  readonly model: IntLit | null;
  readonly span: Span;
}

/** `enum Mode { A, B }` */
export interface EnumDecl {
  readonly kind: 'EnumDecl';
  readonly name: Ident;
  readonly members: readonly Ident[];
  readonly span: Span;
}

/** `param TransportLossTtl: Duration model 2` */
export interface ParamDecl {
  readonly kind: 'ParamDecl';
  readonly name: Ident;
  readonly type: TypeRef;
  readonly model: Expr;
  readonly span: Span;
}

/** `states { initial BIRTH  ATTACHED  terminal TERMINATED }` */
export interface StatesDecl {
  readonly kind: 'StatesDecl';
  readonly states: readonly StateDecl[];
  readonly span: Span;
}

export interface StateDecl {
  readonly kind: 'StateDecl';
  readonly name: Ident;
  readonly initial: boolean;
  readonly terminal: boolean;
  readonly span: Span;
}

/** `const session_id: SessionId`: fixed when the machine is created, never assigned. */
export interface ConstDecl {
  readonly kind: 'ConstDecl';
  readonly name: Ident;
  readonly type: TypeRef;
  readonly span: Span;
}

/** `var switches: 0..MaxSwitches = 0` */
export interface VarDecl {
  readonly kind: 'VarDecl';
  readonly name: Ident;
  readonly type: TypeRef;
  /** `model lo..hi`: the values an Int, Nat or Duration variable keeps in the model. */
  readonly model: RangeType | null;
  readonly init: Expr;
  readonly span: Span;
}

/** `event REATTACH { transport: TransportId, proof_valid: Bool }` */
export interface EventDecl {
  readonly kind: 'EventDecl';
  readonly name: Ident;
  readonly fields: readonly FieldDecl[];
  readonly span: Span;
}

export interface FieldDecl {
  readonly kind: 'FieldDecl';
  readonly name: Ident;
  readonly type: TypeRef;
  /** `model lo..hi`: the values an Int, Nat or Duration event field takes in the model. */
  readonly model: RangeType | null;
  readonly span: Span;
}

/** `accept { HANDSHAKE_OK, ... }` or `reject { NONCE_REPLAY, ... }` */
export interface ReasonsDecl {
  readonly kind: 'ReasonsDecl';
  readonly polarity: 'accept' | 'reject';
  readonly reasons: readonly Ident[];
  readonly span: Span;
}

/** `*` in a transition's source list: every non-terminal state. */
export interface AnySource {
  readonly kind: 'AnySource';
  readonly span: Span;
}

/** `def name(p: T, …): R = body` (params null for `def name: R = body`, a bare name where
 *  it is used): a named, typed expression, inlined where it is used (README, "Definitions"). */
export interface DefDecl {
  readonly kind: 'DefDecl';
  readonly name: Ident;
  readonly params: readonly FieldDecl[] | null;
  readonly type: TypeRef;
  readonly body: Expr;
  readonly span: Span;
}

/** `refuse E in S1 | S2 else R` (or `in *`): E is rejected with R, not NO_TRANSITION, in
 *  those states, where no transition handles it (README, "Refusals"). */
export interface RefusalDecl {
  readonly kind: 'RefusalDecl';
  readonly event: Ident;
  readonly states: AnySource | readonly Ident[];
  readonly reason: Ident;
  readonly span: Span;
}

/** `-> stay`: the transition keeps the state it fires in (one of its sources). */
export interface StayTarget {
  readonly kind: 'StayTarget';
  readonly span: Span;
}

export interface TransitionDecl {
  readonly kind: 'TransitionDecl';
  readonly name: Ident;
  readonly sources: AnySource | readonly Ident[];
  readonly target: Ident | StayTarget;
  readonly event: Ident;
  /** `on E otherwise` (its span): a candidate only where no earlier candidate is enabled. */
  readonly otherwise: Span | null;
  readonly clauses: readonly Clause[];
  readonly span: Span;
}

export type Clause = ReasonClause | RequireClause | SetClause | EnsureClause;

export interface ReasonClause {
  readonly kind: 'ReasonClause';
  readonly reason: Ident;
  readonly span: Span;
}

/** `require <cond> else <REASON>`; clauses are evaluated in order. */
export interface RequireClause {
  readonly kind: 'RequireClause';
  readonly cond: Expr;
  readonly reason: Ident;
  readonly span: Span;
}

/** `set a = e1, b = e2`: simultaneous assignment (every right side reads the old state). */
export interface SetClause {
  readonly kind: 'SetClause';
  readonly assignments: readonly Assignment[];
  readonly span: Span;
}

/** `x = e`, or `m[k] = e`: the map m with e at key k. */
export interface Assignment {
  readonly kind: 'Assignment';
  readonly target: Ident;
  /** The key of `m[k] = e`; null for a whole variable. */
  readonly key: Expr | null;
  readonly value: Expr;
  readonly span: Span;
}

/** `ensure <cond>`: a postcondition over the new state (and the event). */
export interface EnsureClause {
  readonly kind: 'EnsureClause';
  readonly cond: Expr;
  readonly span: Span;
}

/** `invariant NAME: <state predicate>` */
export interface InvariantDecl {
  readonly kind: 'InvariantDecl';
  readonly name: Ident;
  readonly body: Expr;
  readonly span: Span;
}

/** `step NAME: <predicate over x and x'>`: holds on every accepted transition. */
export interface StepDecl {
  readonly kind: 'StepDecl';
  readonly name: Ident;
  readonly body: Expr;
  readonly span: Span;
}

/** `property NAME: <temporal formula>` */
export interface PropertyDecl {
  readonly kind: 'PropertyDecl';
  readonly name: Ident;
  readonly body: Temporal;
  readonly span: Span;
}

/** `fairness weak t1, t2` — targets name transitions or the built-in `clock`; `fairness weak
 *  each t` is fair to every payload of t's event on its own. */
export interface FairnessDecl {
  readonly kind: 'FairnessDecl';
  readonly strength: 'weak' | 'strong';
  readonly each: boolean;
  readonly targets: readonly Ident[];
  readonly span: Span;
}

/** `on violation -> TERMINATED` (seed §10): where the engine goes when an ensure or invariant
 *  fails; `on violation -> reject` refuses such a step instead (for a machine with no terminal
 *  state to go to). */
export interface ViolationDecl {
  readonly kind: 'ViolationDecl';
  readonly target: Ident | ViolationReject;
  readonly span: Span;
}

/** The `reject` of `on violation -> reject`. */
export interface ViolationReject {
  readonly kind: 'ViolationReject';
  readonly span: Span;
}

export type TypeRef = NamedType | RangeType | SetType | MapType | SeqType | NullableType;

/** `Bool`, `Nat`, `Int`, `Duration`, `Time`, or a declared type or enum. */
export interface NamedType {
  readonly kind: 'NamedType';
  readonly name: Ident;
  readonly span: Span;
}

/** `lo..hi`, each bound an integer literal or a param. */
export interface RangeType {
  readonly kind: 'RangeType';
  readonly lo: Expr;
  readonly hi: Expr;
  readonly span: Span;
}

export interface SetType {
  readonly kind: 'SetType';
  readonly element: TypeRef;
  readonly span: Span;
}

/** `map<K, V>`: a finite, partial map from K to V. */
export interface MapType {
  readonly kind: 'MapType';
  readonly key: TypeRef;
  readonly value: TypeRef;
  readonly span: Span;
}

/** `seq<T, N>`: a sequence of at most N elements (N an integer literal or a Nat param). */
export interface SeqType {
  readonly kind: 'SeqType';
  readonly element: TypeRef;
  readonly capacity: Expr;
  readonly span: Span;
}

export interface NullableType {
  readonly kind: 'NullableType';
  readonly inner: TypeRef;
  readonly span: Span;
}

export type Expr =
  | BoolLit
  | IntLit
  | NullLit
  | SetLit
  | RangeExpr
  | NameRef
  | EventField
  | Unary
  | Binary
  | IfExpr
  | Quantifier
  | Call
  | Index
  | SeqLit;

export interface BoolLit {
  readonly kind: 'BoolLit';
  readonly value: boolean;
  readonly span: Span;
}

export interface IntLit {
  readonly kind: 'IntLit';
  readonly value: number;
  readonly span: Span;
}

export interface NullLit {
  readonly kind: 'NullLit';
  readonly span: Span;
}

/** `{a, b}`; `{}` is the empty set. */
export interface SetLit {
  readonly kind: 'SetLit';
  readonly elements: readonly Expr[];
  readonly span: Span;
}

/** `[a, b]`; `[]` is the empty sequence. */
export interface SeqLit {
  readonly kind: 'SeqLit';
  readonly elements: readonly Expr[];
  readonly span: Span;
}

/** `m[k]`: the value at key k of the map m, or null when k is not one of its keys. */
export interface Index {
  readonly kind: 'Index';
  readonly target: Expr;
  readonly key: Expr;
  readonly span: Span;
}

/** `lo..hi` as a quantifier domain. */
export interface RangeExpr {
  readonly kind: 'RangeExpr';
  readonly lo: Expr;
  readonly hi: Expr;
  readonly span: Span;
}

/** Any bare name: a var, const, param, state, enum member, bound variable, type (as a
 *  quantifier domain) or built-in (`state`, `version`, `now`). `x'` sets `primed`. */
export interface NameRef {
  readonly kind: 'NameRef';
  readonly name: Ident;
  readonly primed: boolean;
  readonly span: Span;
}

/** `event.field` */
export interface EventField {
  readonly kind: 'EventField';
  readonly field: Ident;
  readonly span: Span;
}

export type UnaryOp = 'not' | '-';

export interface Unary {
  readonly kind: 'Unary';
  readonly op: UnaryOp;
  readonly operand: Expr;
  readonly span: Span;
}

export type BinaryOp =
  | '=>'
  | 'or'
  | 'and'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | 'not in'
  | 'subset'
  | 'union'
  | 'intersect'
  | 'minus'
  | '+'
  | '-'
  | '*';

export interface Binary {
  readonly kind: 'Binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  /** The operator token's span, so type errors can point at it. */
  readonly opSpan: Span;
  readonly span: Span;
}

export interface IfExpr {
  readonly kind: 'IfExpr';
  readonly cond: Expr;
  readonly then: Expr;
  readonly otherwise: Expr;
  readonly span: Span;
}

/** `forall x in D: body` / `exists x in D: body` over a finite domain. */
export interface Quantifier {
  readonly kind: 'Quantifier';
  readonly quantifier: 'forall' | 'exists';
  readonly variable: Ident;
  readonly domain: Expr;
  readonly body: Expr;
  readonly span: Span;
}

/** `size(S)` or `enabled(transition)`. */
export interface Call {
  readonly kind: 'Call';
  readonly callee: Ident;
  readonly args: readonly Expr[];
  readonly span: Span;
}

export type Temporal = Always | Eventually | LeadsTo | TemporalBinary | StatePredicate;

export interface Always {
  readonly kind: 'Always';
  readonly body: Temporal;
  readonly span: Span;
}

export interface Eventually {
  readonly kind: 'Eventually';
  readonly body: Temporal;
  readonly span: Span;
}

/** `p ~> q`: whenever p holds, q holds then or later. */
export interface LeadsTo {
  readonly kind: 'LeadsTo';
  readonly left: Temporal;
  readonly right: Temporal;
  readonly span: Span;
}

/** `and`, `or`, `=>` between temporal formulas. */
export interface TemporalBinary {
  readonly kind: 'TemporalBinary';
  readonly op: 'and' | 'or' | '=>';
  readonly left: Temporal;
  readonly right: Temporal;
  readonly span: Span;
}

export interface StatePredicate {
  readonly kind: 'StatePredicate';
  readonly expr: Expr;
  readonly span: Span;
}
