// The names a spec declares, as the backends see them: one list per kind, in declaration
// order, each entry with a handle the caller chooses (the AST identifier in the checker,
// nothing in the backends). names/tla.ts and names/ts.ts map these to backend names and
// find the clashes; the checker reports them (check/report-name-clashes.ts).

import type { IrMachine } from '../lower/ir.ts';

/** What a declaration is, for messages ("variable 'x'", "field 'f' of event 'E'"). */
export type DeclKind =
  | 'machine'
  | 'type'
  | 'enum'
  | 'param'
  | 'const'
  | 'var'
  | 'def'
  | 'state'
  | 'event'
  | 'field'
  | 'transition'
  | 'invariant'
  | 'step'
  | 'property';

/** One declared name. */
export interface NamedDecl<TRef> {
  readonly kind: DeclKind;
  readonly name: string;
  /** The event a field belongs to. */
  readonly owner?: string;
  readonly ref: TRef;
}

/** Every declaration whose name reaches a backend. */
export interface SpecDecls<TRef> {
  readonly machine: NamedDecl<TRef>;
  readonly types: readonly NamedDecl<TRef>[];
  readonly enums: readonly NamedDecl<TRef>[];
  readonly params: readonly NamedDecl<TRef>[];
  readonly consts: readonly NamedDecl<TRef>[];
  readonly vars: readonly NamedDecl<TRef>[];
  /** Definitions: an operator each in TLA+, inlined in the engine. */
  readonly defs: readonly NamedDecl<TRef>[];
  readonly states: readonly NamedDecl<TRef>[];
  readonly events: readonly {
    readonly decl: NamedDecl<TRef>;
    readonly fields: readonly NamedDecl<TRef>[];
  }[];
  readonly transitions: readonly {
    readonly decl: NamedDecl<TRef>;
    readonly hasEnsures: boolean;
  }[];
  readonly invariants: readonly NamedDecl<TRef>[];
  readonly steps: readonly NamedDecl<TRef>[];
  readonly properties: readonly NamedDecl<TRef>[];
}

/** One side of a clash: a declaration (or a name derived from one), or a built-in name. */
export type ClashSide<TRef> =
  | {
      readonly decl: NamedDecl<TRef>;
      /** A name the backend derives from the declaration ("the type of"), if not its own. */
      readonly derived?: string;
    }
  | { readonly builtin: string };

/** Two names that one backend would write as one, or a name it cannot write at all. */
export type NameProblem<TRef> =
  | {
      readonly kind: 'clash';
      readonly backend: string;
      /** The backend name both would get. */
      readonly name: string;
      readonly a: ClashSide<TRef>;
      readonly b: ClashSide<TRef>;
    }
  | {
      readonly kind: 'unusable';
      readonly backend: string;
      readonly decl: NamedDecl<TRef>;
      readonly why: string;
    };

/** The spec's namespaces: two declarations of one spec namespace with one name are
 *  duplicates (TTH1001), reported there and not again as a backend clash. */
export function specNamespace(kind: DeclKind): string {
  switch (kind) {
    case 'type':
    case 'enum':
    case 'param':
    case 'const':
    case 'var':
    case 'def':
    case 'state':
      return 'values';
    case 'invariant':
    case 'step':
    case 'property':
      return 'properties';
    default:
      return kind;
  }
}

/** Groups `entries` by backend name and returns, per name, the first entry against each
 *  later one that is not a duplicate in the spec's own namespace. */
export function findClashes<TRef>(
  backend: string,
  entries: readonly { readonly name: string; readonly side: ClashSide<TRef> }[],
): NameProblem<TRef>[] {
  const out: NameProblem<TRef>[] = [];
  const first = new Map<string, ClashSide<TRef>>();
  for (const { name, side } of entries) {
    const prior = first.get(name);
    if (!prior) {
      first.set(name, side);
      continue;
    }
    if ('decl' in prior && 'decl' in side && !prior.derived && !side.derived) {
      const same =
        prior.decl.name === side.decl.name &&
        specNamespace(prior.decl.kind) === specNamespace(side.decl.kind) &&
        prior.decl.owner === side.decl.owner;
      if (same) continue; // TTH1001
    }
    out.push({ kind: 'clash', backend, name, a: prior, b: side });
  }
  return out;
}

/** The declarations of a lowered machine (the backends' view; no handles). */
export function declsOfIr(ir: IrMachine): SpecDecls<null> {
  const d = (kind: DeclKind, name: string, owner?: string): NamedDecl<null> =>
    owner === undefined ? { kind, name, ref: null } : { kind, name, owner, ref: null };
  return {
    machine: d('machine', ir.name),
    types: ir.types.map((t) => d('type', t.name)),
    enums: ir.enums.map((e) => d('enum', e.name)),
    params: ir.params.map((p) => d('param', p.name)),
    consts: ir.consts.map((c) => d('const', c.name)),
    vars: ir.vars.map((v) => d('var', v.name)),
    defs: ir.defs.map((x) => d('def', x.name)),
    states: ir.states.map((s) => d('state', s.name)),
    events: ir.events.map((e) => ({
      decl: d('event', e.name),
      fields: e.fields.map((f) => d('field', f.name, e.name)),
    })),
    transitions: ir.transitions.map((t) => ({
      decl: d('transition', t.name),
      hasEnsures: t.ensures.length > 0,
    })),
    invariants: ir.invariants.map((i) => d('invariant', i.name)),
    steps: ir.steps.map((s) => d('step', s.name)),
    properties: ir.properties.map((p) => d('property', p.name)),
  };
}
