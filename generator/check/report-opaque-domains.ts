// Pass: what the model and the runtime would read differently over an opaque type (ir.ts,
// rule 8). In the model an opaque type is its N model values; at runtime it has unboundedly
// many ids. A quantifier over the type itself would mean two things (TTH2017); enabled() of a
// transition whose require clauses read a set of ids from the event has no finite set of
// payloads to search at runtime (TTH2018), nor of one that reads a field with a model range,
// unbounded at runtime (TTH2020). Quantifiers over sets of ids, enums, ranges and
// states mean one thing on both sides.

import { DEFAULT_MODEL_SIZE, showBound, stripNull, type IrType } from '../lower/types.ts';
import type { CheckPass } from './context.ts';
import { exprSites, walkExpr } from './sites.ts';
import { boundOf, typeOfRef } from './type-ref.ts';
import type { Expr } from '../parse/ast.ts';

export const reportOpaqueDomains: CheckPass = (ctx) => {
  const { symbols, sink } = ctx;
  // A set variable that holds ids of the type, to name in the hint.
  const holderOf = (type: string): string | null => {
    for (const sym of symbols.values.values())
      if (sym.kind === 'var' || sym.kind === 'const') {
        const t = typeOfRef(symbols, sym.decl.type);
        if (t.kind === 'set' && t.element.kind === 'opaque' && t.element.name === type)
          return sym.decl.name.name;
      }
    return null;
  };
  for (const { expr, bound: params } of exprSites(ctx.ast))
    walkExpr(
      expr,
      (e, bound) => {
        if (
          e.kind === 'Quantifier' &&
          e.domain.kind === 'NameRef' &&
          !e.domain.primed &&
          !bound.has(e.domain.name.name)
        ) {
          const sym = symbols.values.get(e.domain.name.name);
          if (sym?.kind !== 'type') return;
          const type = sym.decl.name.name;
          const size = sym.decl.model?.value ?? DEFAULT_MODEL_SIZE;
          const set = holderOf(type) ?? 'S';
          sink.report('TTH2017', e.span, { quantifier: e.quantifier, type, size: String(size) }, [
            {
              message: `'${type}' is declared here: quantify over a set that holds the ids instead (e.g. '${e.quantifier} ${e.variable.name} in ${set}: ...'). At runtime 'exists x in ${type}: x not in ${set}' always holds: an unused id always exists`,
              span: sym.decl.name.span,
            },
          ]);
        }
        if (e.kind === 'Call' && e.callee.name === 'enabled' && e.args[0]?.kind === 'NameRef') {
          const transition = symbols.transitions.get(e.args[0].name.name);
          const event = transition ? symbols.events.get(transition.event.name) : undefined;
          if (!transition || !event) return; // reported by the names stage
          // A field no require clause reads does not change the search's outcome.
          const read = new Set<string>();
          for (const c of transition.clauses)
            if (c.kind === 'RequireClause')
              walkExpr(c.cond, (x) => void (x.kind === 'EventField' && read.add(x.field.name)));
          for (const f of event.fields) {
            // A field with a model range: unbounded at runtime, lo..hi in the model.
            if (f.model && read.has(f.name.name))
              sink.report(
                'TTH2020',
                e.span,
                {
                  transition: transition.name.name,
                  event: event.name.name,
                  field: f.name.name,
                  type: f.type.kind === 'NamedType' ? f.type.name.name : 'value',
                  range: `${showRangeBound(f.model.lo)}..${showRangeBound(f.model.hi)}`,
                },
                [{ message: `'${f.name.name}' is declared here`, span: f.name.span }],
              );
            const type = idsInSet(typeOfRef(symbols, f.type));
            if (type !== null && read.has(f.name.name))
              sink.report(
                'TTH2018',
                e.span,
                {
                  transition: transition.name.name,
                  event: event.name.name,
                  field: f.name.name,
                  type,
                },
                [{ message: `'${f.name.name}' is declared here`, span: f.name.span }],
              );
          }
        }
      },
      params,
    );
};

/** The opaque type whose ids a set type (possibly nullable, of possibly nullable ids) holds. */
function idsInSet(t: IrType): string | null {
  const s = stripNull(t);
  if (s.kind !== 'set') return null;
  const element = stripNull(s.element);
  return element.kind === 'opaque' ? element.name : null;
}

/** A range bound as written (an integer or a param's name). */
function showRangeBound(e: Expr): string {
  const b = boundOf(e);
  return b === null ? '?' : showBound(b);
}
