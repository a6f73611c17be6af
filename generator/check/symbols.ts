// The symbol table: every declared name by namespace, plus the built-in names. Built by the
// `collect-declarations` pass; every later pass resolves names through it.

import type {
  ConstDecl,
  DefDecl,
  EnumDecl,
  EventDecl,
  Ident,
  ParamDecl,
  SpecFile,
  StateDecl,
  TransitionDecl,
  TypeDecl,
  VarDecl,
} from '../parse/ast.ts';
import { FUNCTION_NAMES } from '../lower/operators.ts';

/** Names usable in expressions and types (one namespace: a type and a var cannot share a name). */
export type ValueSymbol =
  | { readonly kind: 'type'; readonly decl: TypeDecl }
  | { readonly kind: 'enum'; readonly decl: EnumDecl }
  | { readonly kind: 'enumMember'; readonly decl: EnumDecl; readonly member: Ident }
  | { readonly kind: 'param'; readonly decl: ParamDecl }
  | { readonly kind: 'state'; readonly decl: StateDecl }
  | { readonly kind: 'const'; readonly decl: ConstDecl }
  | { readonly kind: 'var'; readonly decl: VarDecl }
  | { readonly kind: 'def'; readonly decl: DefDecl };

export interface ReasonSymbol {
  readonly polarity: 'accept' | 'reject';
  readonly ident: Ident;
}

export interface SymbolTable {
  readonly values: ReadonlyMap<string, ValueSymbol>;
  readonly events: ReadonlyMap<string, EventDecl>;
  readonly transitions: ReadonlyMap<string, TransitionDecl>;
  readonly reasons: ReadonlyMap<string, ReasonSymbol>;
  /** States in declaration order. */
  readonly states: readonly StateDecl[];
}

/** Names that mean something in every spec; a declaration may not reuse them. */
export const BUILTIN_VALUES = ['state', 'now'] as const;
/** Reserved: the engine's version counter, never part of an expression (TTH2015). */
export const VERSION = 'version';
export const BUILTIN_TYPES = ['Bool', 'Int', 'Nat', 'Duration', 'Time', 'State'] as const;
/** The functions a spec may call: the built-in functions (lower/operators.ts) and `enabled`. */
export const BUILTIN_FUNCTIONS: readonly string[] = [...FUNCTION_NAMES, 'enabled'];
/** The environment's clock action, nameable in `fairness`. */
export const CLOCK = 'clock';

/** Reject reasons every machine has (README.md, "Reasons" and "Dispatch rule"). */
export const BUILTIN_REJECT_REASONS = [
  'NO_TRANSITION',
  'TERMINATED',
  'VERSION_EXHAUSTED',
  'VERSION_MISMATCH',
] as const;
/** The reason of the move to the violation state (seed §10). */
export const BUILTIN_ACCEPT_REASONS = ['INVARIANT_VIOLATION'] as const;

export function describeValueSymbol(s: ValueSymbol): string {
  switch (s.kind) {
    case 'type':
      return 'a type';
    case 'enum':
      return 'an enum';
    case 'enumMember':
      return `a member of enum '${s.decl.name.name}'`;
    case 'param':
      return 'a param';
    case 'state':
      return 'a state';
    case 'const':
      return 'a const';
    case 'var':
      return 'a variable';
    case 'def':
      return 'a definition';
    default: {
      const unreachable: never = s;
      return unreachable;
    }
  }
}

/** The identifier that declares a symbol (for `note:` lines). */
export function symbolIdent(s: ValueSymbol): Ident {
  return s.kind === 'enumMember' ? s.member : s.decl.name;
}

/** Every declaration of a spec, in source order, by kind. */
export function declsOf<TKind extends SpecFile['decls'][number]['kind']>(
  ast: SpecFile,
  kind: TKind,
): Extract<SpecFile['decls'][number], { kind: TKind }>[] {
  return ast.decls.filter(
    (d): d is Extract<SpecFile['decls'][number], { kind: TKind }> => d.kind === kind,
  );
}

/** Where a step that breaks an ensure, invariant or step property goes (ir.ts rule 7, seed
 *  §10): the state `on violation -> S` names, else the only terminal state; `null` for `on
 *  violation -> reject` (the step is refused instead), and for a spec with no ensure,
 *  invariant or step property, where no step can break one; `undefined` when the spec says
 *  neither and has no single terminal state (TTH3006, TTH3007). */
export function violationTarget(
  ast: SpecFile,
  terminals: readonly string[],
): string | null | undefined {
  const target = declsOf(ast, 'ViolationDecl')[0]?.target;
  if (target) return target.kind === 'ViolationReject' ? null : target.name;
  if (terminals.length === 1) return terminals[0];
  return checksSteps(ast) ? undefined : null;
}

/** Does the spec check anything after a step: an ensure, an invariant, a step property? */
export function checksSteps(ast: SpecFile): boolean {
  return ast.decls.some(
    (d) =>
      d.kind === 'InvariantDecl' ||
      d.kind === 'StepDecl' ||
      (d.kind === 'TransitionDecl' && d.clauses.some((c) => c.kind === 'EnsureClause')),
  );
}
