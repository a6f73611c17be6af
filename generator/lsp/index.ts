// Every name of a spec, where it is declared and where it is used: what go-to-definition, find
// references and hover read. Built from the AST alone (a spec with type errors still has an
// index); a name resolves as the checker resolves it (check/resolve.ts): a quantifier's
// variable or a definition's param first, then the declared value names. Namespaces: values
// (types, enums and their members, params, states, consts, vars, definitions), events, an
// event's fields, transitions, reasons, and bound names (each its own symbol).

import type {
  Decl,
  Expr,
  Ident,
  Span,
  SpecFile,
  Temporal,
  TransitionDecl,
  TypeRef,
} from '../parse/ast.ts';

export type SymbolKind =
  | 'type'
  | 'enum'
  | 'enum member'
  | 'param'
  | 'state'
  | 'const'
  | 'var'
  | 'def'
  | 'event'
  | 'field'
  | 'transition'
  | 'reason'
  | 'bound';

export interface Declaration {
  readonly key: string;
  readonly kind: SymbolKind;
  readonly name: string;
  /** The name where it is declared. */
  readonly span: Span;
  /** The whole declaration it belongs to (for hover). */
  readonly decl: Span;
}

export interface Occurrence {
  readonly key: string;
  readonly span: Span;
  readonly declaration: boolean;
}

export class SpecIndex {
  readonly declarations = new Map<string, Declaration>();
  /** In source order. */
  readonly occurrences: Occurrence[] = [];

  constructor(ast: SpecFile) {
    new Walker(this).spec(ast);
    this.occurrences.sort((a, b) => a.span.start.offset - b.span.start.offset);
  }

  /** The name at an offset (its first character up to just after its last). */
  at(offset: number): Occurrence | null {
    for (const o of this.occurrences)
      if (o.span.start.offset <= offset && offset <= o.span.end.offset) return o;
    return null;
  }

  /** Every occurrence of a symbol, its declaration first when it has one. */
  referencesOf(key: string): Occurrence[] {
    const all = this.occurrences.filter((o) => o.key === key);
    return [...all.filter((o) => o.declaration), ...all.filter((o) => !o.declaration)];
  }
}

class Walker {
  constructor(private readonly index: SpecIndex) {}

  #declare(key: string, kind: SymbolKind, name: Ident, decl: Span): void {
    if (!this.index.declarations.has(key))
      this.index.declarations.set(key, { key, kind, name: name.name, span: name.span, decl });
    this.index.occurrences.push({ key, span: name.span, declaration: true });
  }

  #use(key: string, name: { readonly span: Span }): void {
    this.index.occurrences.push({ key, span: name.span, declaration: false });
  }

  spec(ast: SpecFile): void {
    // Declarations first, so that a use before its declaration still finds it.
    for (const d of ast.decls) this.#declarations(d);
    for (const d of ast.decls) this.#uses(d);
  }

  #declarations(d: Decl): void {
    switch (d.kind) {
      case 'TypeDecl':
        return this.#declare(`v:${d.name.name}`, 'type', d.name, d.span);
      case 'EnumDecl':
        this.#declare(`v:${d.name.name}`, 'enum', d.name, d.span);
        for (const m of d.members) this.#declare(`v:${m.name}`, 'enum member', m, d.span);
        return;
      case 'ParamDecl':
        return this.#declare(`v:${d.name.name}`, 'param', d.name, d.span);
      case 'StatesDecl':
        for (const s of d.states) this.#declare(`v:${s.name.name}`, 'state', s.name, s.span);
        return;
      case 'ConstDecl':
        return this.#declare(`v:${d.name.name}`, 'const', d.name, d.span);
      case 'VarDecl':
        return this.#declare(`v:${d.name.name}`, 'var', d.name, d.span);
      case 'DefDecl':
        return this.#declare(`v:${d.name.name}`, 'def', d.name, d.span);
      case 'EventDecl':
        this.#declare(`e:${d.name.name}`, 'event', d.name, d.span);
        for (const f of d.fields)
          this.#declare(`f:${d.name.name}.${f.name.name}`, 'field', f.name, f.span);
        return;
      case 'ReasonsDecl':
        for (const r of d.reasons) this.#declare(`r:${r.name}`, 'reason', r, d.span);
        return;
      case 'TransitionDecl':
        return this.#declare(`t:${d.name.name}`, 'transition', d.name, d.span);
      default:
        return;
    }
  }

  #uses(d: Decl): void {
    const none = new Map<string, string>();
    switch (d.kind) {
      case 'ParamDecl':
        this.#type(d.type);
        return this.#expr(d.model, none, null);
      case 'ConstDecl':
        return this.#type(d.type);
      case 'VarDecl':
        this.#type(d.type);
        if (d.model) this.#type(d.model);
        return this.#expr(d.init, none, null);
      case 'DefDecl': {
        const scope = new Map(none);
        for (const p of d.params ?? []) {
          this.#type(p.type);
          const key = `b:${p.name.span.start.offset}`;
          this.#declare(key, 'bound', p.name, p.span);
          scope.set(p.name.name, key);
        }
        this.#type(d.type);
        return this.#expr(d.body, scope, null);
      }
      case 'EventDecl':
        for (const f of d.fields) {
          this.#type(f.type);
          if (f.model) this.#type(f.model);
        }
        return;
      case 'TransitionDecl':
        if (Array.isArray(d.sources)) for (const s of d.sources) this.#use(`v:${s.name}`, s);
        if (d.target.kind === 'Ident') this.#use(`v:${d.target.name}`, d.target);
        this.#use(`e:${d.event.name}`, d.event);
        for (const c of d.clauses)
          switch (c.kind) {
            case 'ReasonClause':
              this.#use(`r:${c.reason.name}`, c.reason);
              break;
            case 'RequireClause':
              this.#expr(c.cond, none, d);
              this.#use(`r:${c.reason.name}`, c.reason);
              break;
            case 'EnsureClause':
              this.#expr(c.cond, none, d);
              break;
            case 'SetClause':
              for (const a of c.assignments) {
                this.#use(`v:${a.target.name}`, a.target);
                if (a.key) this.#expr(a.key, none, d);
                this.#expr(a.value, none, d);
              }
              break;
          }
        return;
      case 'RefusalDecl':
        this.#use(`e:${d.event.name}`, d.event);
        if (Array.isArray(d.states)) for (const s of d.states) this.#use(`v:${s.name}`, s);
        return this.#use(`r:${d.reason.name}`, d.reason);
      case 'InvariantDecl':
      case 'StepDecl':
        return this.#expr(d.body, none, null);
      case 'PropertyDecl':
        return this.#temporal(d.body);
      case 'FairnessDecl':
        for (const t of d.targets) if (t.name !== 'clock') this.#use(`t:${t.name}`, t);
        return;
      case 'ViolationDecl':
        if (d.target.kind === 'Ident') this.#use(`v:${d.target.name}`, d.target);
        return;
      default:
        return;
    }
  }

  #type(t: TypeRef): void {
    switch (t.kind) {
      case 'NamedType':
        return this.#use(`v:${t.name.name}`, t.name);
      case 'RangeType':
        this.#expr(t.lo, new Map(), null);
        return this.#expr(t.hi, new Map(), null);
      case 'SetType':
        return this.#type(t.element);
      case 'MapType':
        this.#type(t.key);
        return this.#type(t.value);
      case 'SeqType':
        this.#type(t.element);
        return this.#expr(t.capacity, new Map(), null);
      case 'NullableType':
        return this.#type(t.inner);
    }
  }

  #temporal(t: Temporal): void {
    switch (t.kind) {
      case 'Always':
      case 'Eventually':
        return this.#temporal(t.body);
      case 'LeadsTo':
      case 'TemporalBinary':
        this.#temporal(t.left);
        return this.#temporal(t.right);
      case 'StatePredicate':
        return this.#expr(t.expr, new Map(), null);
    }
  }

  /** `scope`: bound name → its symbol; `transition`: where `event.f` is read. */
  #expr(e: Expr, scope: ReadonlyMap<string, string>, transition: TransitionDecl | null): void {
    const walk = (x: Expr): void => this.#expr(x, scope, transition);
    switch (e.kind) {
      case 'BoolLit':
      case 'IntLit':
      case 'NullLit':
        return;
      case 'NameRef':
        return this.#use(scope.get(e.name.name) ?? `v:${e.name.name}`, e.name);
      case 'EventField':
        if (transition) this.#use(`f:${transition.event.name}.${e.field.name}`, e.field);
        return;
      case 'Unary':
        return walk(e.operand);
      case 'Binary':
        walk(e.left);
        return walk(e.right);
      case 'IfExpr':
        walk(e.cond);
        walk(e.then);
        return walk(e.otherwise);
      case 'Quantifier': {
        walk(e.domain);
        const key = `b:${e.variable.span.start.offset}`;
        this.#declare(key, 'bound', e.variable, e.span);
        return this.#expr(e.body, new Map([...scope, [e.variable.name, key]]), transition);
      }
      case 'Call':
        if (e.callee.name === 'enabled') {
          // enabled(t) names a transition.
          for (const a of e.args)
            if (a.kind === 'NameRef') this.#use(`t:${a.name.name}`, a.name);
            else walk(a);
          return;
        }
        if (!scope.has(e.callee.name)) this.#use(`v:${e.callee.name}`, e.callee);
        for (const a of e.args) walk(a);
        return;
      case 'SetLit':
      case 'SeqLit':
        for (const x of e.elements) walk(x);
        return;
      case 'RangeExpr':
        walk(e.lo);
        return walk(e.hi);
      case 'Index':
        walk(e.target);
        return walk(e.key);
    }
  }
}
