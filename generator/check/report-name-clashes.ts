// Pass: names no backend could write — two declarations the TLA+ module, the TypeScript
// engine or the check results would give one name (TTH1012), and type names TypeScript
// cannot declare (TTH1013). The mapping is the backends' own (names/): what lint accepts,
// every backend can emit.

import type { Ident, SpecFile } from '../parse/ast.ts';
import type { ClashSide, NamedDecl, SpecDecls } from '../names/declarations.ts';
import { findReportClashes } from '../names/report.ts';
import { findTlaClashes } from '../names/tla.ts';
import { findTsClashes } from '../names/ts.ts';
import type { CheckPass } from './context.ts';
import { declsOf, type SymbolTable, type ValueSymbol } from './symbols.ts';

const WHAT: Readonly<Record<NamedDecl<Ident>['kind'], string>> = {
  machine: 'machine',
  type: 'type',
  enum: 'enum',
  param: 'param',
  const: 'const',
  var: 'variable',
  def: 'definition',
  state: 'state',
  event: 'event',
  field: 'field',
  transition: 'transition',
  invariant: 'invariant',
  step: 'step',
  property: 'property',
};

function describeDecl(d: NamedDecl<Ident>): string {
  return `${WHAT[d.kind]} '${d.name}'${d.owner !== undefined ? ` of event '${d.owner}'` : ''}`;
}

function describeSide(s: ClashSide<Ident>): string {
  if ('builtin' in s) return s.builtin;
  return s.derived ? `${s.derived} ${describeDecl(s.decl)}` : describeDecl(s.decl);
}

/** The spec's declarations with their identifiers, as names/ reads them: those the symbol
 *  table holds (a duplicate or a built-in name is TTH1001/TTH1009, reported already). */
export function specDecls(ast: SpecFile, symbols: SymbolTable): SpecDecls<Ident> {
  const d = (kind: NamedDecl<Ident>['kind'], ref: Ident, owner?: string): NamedDecl<Ident> =>
    owner === undefined ? { kind, name: ref.name, ref } : { kind, name: ref.name, owner, ref };
  const values = [...symbols.values.values()];
  const of = <TKind extends ValueSymbol['kind']>(kind: TKind) =>
    values.filter((v): v is Extract<ValueSymbol, { kind: TKind }> => v.kind === kind);
  return {
    machine: d('machine', ast.machine),
    types: of('type').map((x) => d('type', x.decl.name)),
    enums: of('enum').map((x) => d('enum', x.decl.name)),
    params: of('param').map((x) => d('param', x.decl.name)),
    consts: of('const').map((x) => d('const', x.decl.name)),
    vars: of('var').map((x) => d('var', x.decl.name)),
    defs: of('def').map((x) => d('def', x.decl.name)),
    states: of('state').map((x) => d('state', x.decl.name)),
    events: [...symbols.events.values()].map((x) => ({
      decl: d('event', x.name),
      fields: x.fields.map((f) => d('field', f.name, x.name.name)),
    })),
    transitions: [...symbols.transitions.values()].map((x) => ({
      decl: d('transition', x.name),
      hasEnsures: x.clauses.some((c) => c.kind === 'EnsureClause'),
    })),
    invariants: declsOf(ast, 'InvariantDecl').map((x) => d('invariant', x.name)),
    steps: declsOf(ast, 'StepDecl').map((x) => d('step', x.name)),
    properties: declsOf(ast, 'PropertyDecl').map((x) => d('property', x.name)),
  };
}

export const reportNameClashes: CheckPass = (ctx) => {
  const decls = specDecls(ctx.ast, ctx.symbols);
  const problems = [...findTlaClashes(decls), ...findTsClashes(decls), ...findReportClashes(decls)];
  // One diagnostic per pair, even when two backends would both clash on it.
  const seen = new Set<string>();
  for (const p of problems) {
    if (p.kind === 'unusable') {
      ctx.sink.report('TTH1013', p.decl.ref.span, {
        what: describeDecl(p.decl),
        backend: p.backend,
        why: p.why,
      });
      continue;
    }
    // Reported at the later declaration, with a note at the earlier one.
    const sides = [p.a, p.b].sort((x, y) => offset(y) - offset(x));
    const [here, other] = sides as [ClashSide<Ident>, ClashSide<Ident>];
    if (!('decl' in here)) continue; // two built-ins never clash
    const key = `${here.decl.ref.span.start.offset}:${'decl' in other ? other.decl.ref.span.start.offset : describeSide(other)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const related =
      'decl' in other && other.decl.ref !== here.decl.ref
        ? [{ message: `'${other.decl.name}' is declared here`, span: other.decl.ref.span }]
        : [];
    ctx.sink.report(
      'TTH1012',
      here.decl.ref.span,
      {
        first: describeSide(here),
        second: describeSide(other),
        name: p.name,
        backend: p.backend,
        which: 'decl' in other ? 'one' : `'${here.decl.name}'`,
      },
      related,
    );
  }
};

/** Built-ins sort first, so the declaration is the side a diagnostic is reported at. */
function offset(s: ClashSide<Ident>): number {
  return 'decl' in s ? s.decl.ref.span.start.offset : -1;
}
