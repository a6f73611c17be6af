// Pass: reports map and sequence types the backends cannot carry (TTH2022). A map
// (`map<K, V>`) or a sequence (`seq<T, N>`) is a variable's type, or a definition's or its
// params'; a map's keys are an enum, a bounded range or a declared type, and its values, as a
// sequence's elements, scalars of a finite model domain (Bool, a bounded range, an enum, a
// declared type, State). So neither is ever null, a member of a set, a value of a map or an
// element of a sequence, nor in an event, a param or a const: each of those would need a
// runtime and a model form of its own (parseEvent, the cfg, the stored form of nested values)
// that the toolkit does not have. README.md, "Maps" and "Sequences", says the same.

import type { Ident, TypeRef } from '../parse/ast.ts';
import { showType, type IrType } from '../lower/types.ts';
import type { CheckContext, CheckPass } from './context.ts';
import { typeOfRef } from './type-ref.ts';

export const reportCollectionTypes: CheckPass = (ctx) => {
  const report = (name: Ident, t: TypeRef, detail: string): void =>
    ctx.sink.report('TTH2022', t.span, { name: name.name, detail });
  for (const d of ctx.ast.decls)
    switch (d.kind) {
      case 'VarDecl':
        checkTop(ctx, d.name, d.type, report);
        break;
      case 'DefDecl':
        checkTop(ctx, d.name, d.type, report);
        for (const p of d.params ?? []) checkTop(ctx, p.name, p.type, report);
        break;
      case 'ConstDecl':
      case 'ParamDecl':
        noMap(d.name, d.type, `a ${d.kind === 'ConstDecl' ? 'const' : 'param'}`, report);
        break;
      case 'EventDecl':
        for (const f of d.fields) noMap(f.name, f.type, 'an event field', report);
        break;
      default:
        break;
    }
};

type Report = (name: Ident, t: TypeRef, detail: string) => void;

/** A variable's or definition's type: a map or sequence at the top, checked; none deeper. */
function checkTop(ctx: CheckContext, name: Ident, t: TypeRef, report: Report): void {
  if (t.kind === 'SeqType') {
    const element = typeOfRef(ctx.symbols, t.element);
    if (!isMapValue(element))
      report(
        name,
        t.element,
        `a sequence's elements are Bool, a bounded range, an enum, a declared type or State; ${showType(element)} is none of them (head(s) is null when s is empty)`,
      );
    return nested(name, t.element, report);
  }
  if (t.kind !== 'MapType') return nested(name, t, report);
  const key = typeOfRef(ctx.symbols, t.key);
  const value = typeOfRef(ctx.symbols, t.value);
  if (!isKey(key))
    report(
      name,
      t.key,
      `a map's keys are an enum, a bounded range or a declared type; ${showType(key)} is none of them`,
    );
  if (!isMapValue(value))
    report(
      name,
      t.value,
      `a map's values are Bool, a bounded range, an enum, a declared type or State; ${showType(value)} is none of them (a map holds no null: m[k] is null when k is no key)`,
    );
  nested(name, t.key, report);
  nested(name, t.value, report);
}

/** No map or sequence inside this type (a set's member, a nullable, a map's key or value). */
function nested(name: Ident, t: TypeRef, report: Report): void {
  for (const m of mapsIn(t))
    report(
      name,
      m,
      `a ${m.kind === 'MapType' ? 'map' : 'sequence'} is a whole variable or definition value: it cannot be null, a member of a set, a value of a map or an element of a sequence`,
    );
}

function noMap(name: Ident, t: TypeRef, what: string, report: Report): void {
  for (const m of mapsIn(t))
    report(
      name,
      m,
      `a ${m.kind === 'MapType' ? 'map' : 'sequence'} can be the type of a variable or a definition, not of ${what} (give the values one by one, or as a set)`,
    );
}

/** The map and sequence types written in a type, outermost first. */
function mapsIn(t: TypeRef): TypeRef[] {
  switch (t.kind) {
    case 'MapType':
    case 'SeqType':
      return [t];
    case 'SetType':
      return mapsIn(t.element);
    case 'NullableType':
      return mapsIn(t.inner);
    case 'NamedType':
    case 'RangeType':
      return [];
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

const isKey = (t: IrType): boolean =>
  t.kind === 'enum' || t.kind === 'opaque' || (t.kind === 'int' && t.range !== null);

const isMapValue = (t: IrType): boolean =>
  t.kind === 'bool' ||
  t.kind === 'enum' ||
  t.kind === 'opaque' ||
  t.kind === 'state' ||
  (t.kind === 'int' && t.range !== null);
