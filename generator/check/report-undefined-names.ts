// Pass: every name must resolve. States (TTH1002), expression names (TTH1003), events
// (TTH1004), types (TTH1005), transitions (TTH1006), reasons (TTH1007, with polarity
// TTH1011), event fields (TTH1008, TTH1010), assignment targets (TTH2006, TTH2007) and
// function names (TTH2012).

import type { Expr, Ident, Span, TypeRef } from '../parse/ast.ts';
import type { CheckContext, CheckPass } from './context.ts';
import { resolveValue } from './resolve.ts';
import { exprSites, walkExpr, type Site } from './sites.ts';
import { builtinFunction, isFunctionName } from '../lower/operators.ts';
import {
  BUILTIN_FUNCTIONS,
  BUILTIN_TYPES,
  CLOCK,
  VERSION,
  declsOf,
  type ValueSymbol,
} from './symbols.ts';

export const reportUndefinedNames: CheckPass = (ctx) => {
  const { symbols, sink } = ctx;

  const state = (id: Ident): void => {
    if (symbols.values.get(id.name)?.kind !== 'state')
      sink.report('TTH1002', id.span, { name: id.name });
  };
  const reason = (id: Ident, polarity: 'accept' | 'reject'): void => {
    const r = symbols.reasons.get(id.name);
    if (!r) {
      // Built-in reasons are never used in clauses: TERMINATED and friends are engine outcomes.
      sink.report('TTH1007', id.span, { name: id.name, where: `'${polarity} { ... }'` });
    } else if (r.polarity !== polarity) {
      sink.report(
        'TTH1011',
        id.span,
        {
          name: id.name,
          actual: r.polarity === 'accept' ? 'an accept' : 'a reject',
          expected: polarity === 'accept' ? 'an accept' : 'a reject',
        },
        [{ message: `'${id.name}' is declared here`, span: r.ident.span }],
      );
    }
  };

  for (const d of ctx.ast.decls) {
    switch (d.kind) {
      case 'ParamDecl':
      case 'ConstDecl':
      case 'VarDecl':
        checkType(ctx, d.type);
        break;
      case 'EventDecl':
        for (const f of d.fields) checkType(ctx, f.type);
        break;
      case 'TransitionDecl':
        if (Array.isArray(d.sources)) for (const s of d.sources as readonly Ident[]) state(s);
        if (d.target.kind === 'Ident') state(d.target);
        if (!symbols.events.has(d.event.name))
          sink.report('TTH1004', d.event.span, { name: d.event.name });
        for (const c of d.clauses) {
          if (c.kind === 'ReasonClause') reason(c.reason, 'accept');
          else if (c.kind === 'RequireClause') reason(c.reason, 'reject');
          else if (c.kind === 'SetClause')
            for (const a of c.assignments) {
              const sym = resolveValue(symbols, a.target.name, new Set());
              if (sym === null && a.target.name === VERSION)
                sink.report('TTH2006', a.target.span, {
                  name: VERSION,
                  what: 'built in (the engine maintains it)',
                });
              else if (sym === null) sink.report('TTH2007', a.target.span, { name: a.target.name });
              else if (sym.kind !== 'var')
                sink.report('TTH2006', a.target.span, {
                  name: a.target.name,
                  what:
                    sym.kind === 'builtin'
                      ? 'built in (the engine maintains it)'
                      : sym.kind === 'const'
                        ? 'a const (fixed when the machine is created)'
                        : `not a variable`,
                });
            }
        }
        break;
      case 'FairnessDecl':
        for (const t of d.targets)
          if (t.name !== CLOCK && !symbols.transitions.has(t.name))
            sink.report('TTH1006', t.span, { name: t.name });
        break;
      case 'ViolationDecl':
        if (d.target.kind === 'Ident') state(d.target);
        break;
      case 'RefusalDecl':
        if (!symbols.events.has(d.event.name))
          sink.report('TTH1004', d.event.span, { name: d.event.name });
        if (Array.isArray(d.states)) for (const s of d.states as readonly Ident[]) state(s);
        reason(d.reason, 'reject');
        break;
      case 'DefDecl':
        for (const p of d.params ?? []) checkType(ctx, p.type);
        checkType(ctx, d.type);
        break;
      case 'TypeDecl':
      case 'EnumDecl':
      case 'StatesDecl':
      case 'ReasonsDecl':
      case 'InvariantDecl':
      case 'StepDecl':
      case 'PropertyDecl':
        break;
      default: {
        const unreachable: never = d;
        return unreachable;
      }
    }
  }

  for (const { expr, site, bound } of exprSites(ctx.ast)) checkExpr(ctx, expr, site, bound);
  reportRecursion(ctx);
};

/** A definition may not use itself, directly or through others (TTH1014): a use is its body. */
function reportRecursion(ctx: CheckContext): void {
  const defs = declsOf(ctx.ast, 'DefDecl');
  const uses = new Map<string, string[]>();
  for (const d of defs) {
    const out = new Set<string>();
    walkExpr(
      d.body,
      (e, bound) => {
        const name = e.kind === 'NameRef' ? e.name.name : e.kind === 'Call' ? e.callee.name : null;
        if (name !== null && !bound.has(name) && ctx.symbols.values.get(name)?.kind === 'def')
          out.add(name);
      },
      new Set((d.params ?? []).map((p) => p.name.name)),
    );
    uses.set(d.name.name, [...out]);
  }
  const reported = new Set<string>();
  for (const d of defs) {
    // The shortest chain of uses from d back to d, if any.
    const from = new Map<string, string>();
    const queue = [d.name.name];
    let found = false;
    for (let n = queue.shift(); n !== undefined && !found; n = queue.shift())
      for (const m of uses.get(n) ?? []) {
        if (m === d.name.name) {
          from.set(m, n);
          found = true;
          break;
        }
        if (!from.has(m)) {
          from.set(m, n);
          queue.push(m);
        }
      }
    if (!found || reported.has(d.name.name)) continue;
    const chain: string[] = [];
    for (let n = from.get(d.name.name)!; n !== d.name.name; n = from.get(n)!) chain.unshift(n);
    for (const n of chain) reported.add(n);
    reported.add(d.name.name);
    ctx.sink.report('TTH1014', d.name.span, {
      name: d.name.name,
      through: chain.length === 0 ? '' : ` (through ${chain.map((c) => `'${c}'`).join(', ')})`,
    });
  }
}

function checkType(ctx: CheckContext, t: TypeRef): void {
  switch (t.kind) {
    case 'NamedType': {
      const name = t.name.name;
      const sym = ctx.symbols.values.get(name);
      const isBuiltin = (BUILTIN_TYPES as readonly string[]).includes(name);
      if (!isBuiltin && sym?.kind !== 'type' && sym?.kind !== 'enum')
        ctx.sink.report('TTH1005', t.name.span, { name });
      break;
    }
    case 'RangeType':
      break; // bounds are expressions, checked with the others
    case 'SetType':
      checkType(ctx, t.element);
      break;
    case 'MapType':
      checkType(ctx, t.key);
      checkType(ctx, t.value);
      break;
    case 'SeqType':
      checkType(ctx, t.element);
      break; // the capacity is an expression, checked with the others
    case 'NullableType':
      checkType(ctx, t.inner);
      break;
    default: {
      const unreachable: never = t;
      return unreachable;
    }
  }
}

function checkExpr(ctx: CheckContext, root: Expr, site: Site, params: ReadonlySet<string>): void {
  const { symbols, sink } = ctx;
  // The argument of enabled() names a transition, not a value.
  const transitionArgs = new Set<Expr>();
  walkExpr(root, (e) => {
    if (e.kind === 'Call' && e.callee.name === 'enabled')
      for (const a of e.args) transitionArgs.add(a);
  });
  walkExpr(
    root,
    (e, bound) => {
      switch (e.kind) {
        case 'NameRef': {
          if (transitionArgs.has(e)) break;
          const sym = resolveValue(symbols, e.name.name, bound);
          if (sym?.kind === 'def' && sym.decl.params !== null)
            sink.report('TTH2012', e.name.span, {
              detail: `'${e.name.name}' is a definition with params: call it, ${e.name.name}(${sym.decl.params.map((p) => p.name.name).join(', ')})`,
            });
          if (sym !== null) break;
          if (e.name.name === VERSION && !bound.has(VERSION)) sink.report('TTH2015', e.name.span);
          else {
            const near = nearestName(e.name.name, symbols.values);
            sink.report(
              'TTH1003',
              e.name.span,
              { name: e.name.name },
              near ? [{ message: `did you mean '${near.name}'?`, span: near.span }] : [],
            );
          }
          break;
        }
        case 'EventField': {
          if (site.kind !== 'require' && site.kind !== 'set' && site.kind !== 'ensure') {
            sink.report('TTH1010', e.span, { name: e.field.name });
            break;
          }
          const event = symbols.events.get(site.transition.event.name);
          if (!event) break; // the undefined event is reported on its own
          if (!event.fields.some((f) => f.name.name === e.field.name)) {
            const names = event.fields.map((f) => f.name.name);
            sink.report(
              'TTH1008',
              e.field.span,
              {
                event: event.name.name,
                name: e.field.name,
                hint: names.length === 0 ? ' (it has no fields)' : ` (it has: ${names.join(', ')})`,
              },
              [{ message: `event '${event.name.name}' is declared here`, span: event.name.span }],
            );
          }
          break;
        }
        case 'Call': {
          const callee = e.callee.name;
          const def = bound.has(callee) ? undefined : symbols.values.get(callee);
          if (def?.kind === 'def') {
            const params = def.decl.params;
            if (params === null)
              sink.report('TTH2012', e.span, {
                detail: `'${callee}' is a definition without params: write it as a name, ${callee}`,
              });
            else if (e.args.length !== params.length)
              sink.report('TTH2012', e.span, {
                detail: `${callee}() takes ${params.length === 1 ? 'one argument' : `${params.length} arguments`}, got ${e.args.length}`,
              });
          } else if (!BUILTIN_FUNCTIONS.includes(callee)) {
            const defs = [...symbols.values.values()].filter((s) => s.kind === 'def').length;
            sink.report('TTH2012', e.callee.span, {
              detail: `unknown function '${callee}': the functions are ${listed(BUILTIN_FUNCTIONS)}${defs > 0 ? ' and the definitions with params' : ''}`,
            });
          } else if (callee === 'enabled') {
            const arg = e.args[0];
            if (e.args.length === 1 && arg?.kind === 'NameRef' && !arg.primed) {
              if (!symbols.transitions.has(arg.name.name))
                sink.report('TTH1006', arg.name.span, { name: arg.name.name });
            } else {
              sink.report('TTH2012', e.span, { detail: 'enabled() takes one transition name' });
            }
          } else {
            const arity = isFunctionName(callee) ? builtinFunction(callee).params.length : 1;
            if (e.args.length !== arity)
              sink.report('TTH2012', e.span, {
                detail: `${callee}() takes ${arity === 1 ? 'one argument' : `${arity} arguments`}, got ${e.args.length}`,
              });
          }
          break;
        }
        default:
          break;
      }
    },
    params,
  );
}

/** `a`, `a and b`, `a, b and c`. */
function listed(names: readonly string[]): string {
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** The declared value name closest to a misspelt one (at most a third of its letters off,
 *  and at least one), with where it is declared; null when none is that close. Ties go to
 *  the first declared. */
export function nearestName(
  name: string,
  values: ReadonlyMap<string, ValueSymbol>,
): { name: string; span: Span } | null {
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: { name: string; span: Span; distance: number } | null = null;
  for (const [candidate, symbol] of values) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d <= limit && (best === null || d < best.distance))
      best = { name: candidate, span: symbolSpan(symbol), distance: d };
  }
  return best && { name: best.name, span: best.span };
}

function symbolSpan(s: ValueSymbol): Span {
  return s.kind === 'enumMember' ? s.member.span : s.decl.name.span;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return prev[b.length]!;
}
