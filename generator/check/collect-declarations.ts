// Pass: builds the symbol table, reporting names declared twice (TTH1001) and declarations
// that reuse a built-in name (TTH1009). The first declaration of a name wins.

import type { EventDecl, Ident, StateDecl, TransitionDecl } from '../parse/ast.ts';
import type { CheckPass } from './context.ts';
import { OUT_OF_RANGE } from '../lower/ir.ts';
import {
  BUILTIN_ACCEPT_REASONS,
  BUILTIN_FUNCTIONS,
  BUILTIN_REJECT_REASONS,
  BUILTIN_TYPES,
  BUILTIN_VALUES,
  CLOCK,
  VERSION,
  describeValueSymbol,
  symbolIdent,
  type ReasonSymbol,
  type ValueSymbol,
} from './symbols.ts';

const RESERVED_VALUES: ReadonlyMap<string, string> = new Map([
  ...BUILTIN_VALUES.map((n) => [n, 'value'] as const),
  [VERSION, 'value'],
  ...BUILTIN_TYPES.map((n) => [n, 'type'] as const),
  ...BUILTIN_FUNCTIONS.map((n) => [n, 'function'] as const),
]);
const BUILTIN_REASONS: ReadonlySet<string> = new Set([
  ...BUILTIN_REJECT_REASONS,
  ...BUILTIN_ACCEPT_REASONS,
  OUT_OF_RANGE, // a machine with a param-bounded event field has it (ir.ts dispatch rule 2)
]);

export const collectDeclarations: CheckPass = (ctx) => {
  const values = new Map<string, ValueSymbol>();
  const events = new Map<string, EventDecl>();
  const transitions = new Map<string, TransitionDecl>();
  const reasons = new Map<string, ReasonSymbol>();
  const states: StateDecl[] = [];

  const duplicate = (ident: Ident, previous: string, first: Ident): void =>
    ctx.sink.report('TTH1001', ident.span, { name: ident.name, previous }, [
      { message: `'${first.name}' is first declared here`, span: first.span },
    ]);

  const addValue = (sym: ValueSymbol): void => {
    const ident = symbolIdent(sym);
    const what = RESERVED_VALUES.get(ident.name);
    // A function's name is a call's (`count(s, x)`), never a name's: only a definition, which
    // is called too, cannot take it; a variable may be called `count`.
    if (what && (what !== 'function' || sym.kind === 'def')) {
      ctx.sink.report('TTH1009', ident.span, { name: ident.name, what });
      return;
    }
    const prior = values.get(ident.name);
    if (prior) duplicate(ident, describeValueSymbol(prior), symbolIdent(prior));
    else values.set(ident.name, sym);
  };

  for (const d of ctx.ast.decls) {
    switch (d.kind) {
      case 'TypeDecl':
        addValue({ kind: 'type', decl: d });
        break;
      case 'EnumDecl':
        addValue({ kind: 'enum', decl: d });
        for (const member of d.members) addValue({ kind: 'enumMember', decl: d, member });
        break;
      case 'ParamDecl':
        addValue({ kind: 'param', decl: d });
        break;
      case 'StatesDecl':
        for (const s of d.states) {
          const before = values.size;
          addValue({ kind: 'state', decl: s });
          if (values.size > before) states.push(s);
        }
        break;
      case 'ConstDecl':
        addValue({ kind: 'const', decl: d });
        break;
      case 'VarDecl':
        addValue({ kind: 'var', decl: d });
        break;
      case 'DefDecl':
        addValue({ kind: 'def', decl: d });
        break;
      case 'EventDecl': {
        const prior = events.get(d.name.name);
        if (prior) duplicate(d.name, 'an event', prior.name);
        else events.set(d.name.name, d);
        const fields = new Map<string, Ident>();
        for (const f of d.fields) {
          const first = fields.get(f.name.name);
          if (first) duplicate(f.name, `a field of event '${d.name.name}'`, first);
          else if (f.name.name === 'type' || f.name.name === 'expectedVersion')
            ctx.sink.report('TTH1009', f.name.span, { name: f.name.name, what: 'event field' });
          else fields.set(f.name.name, f.name);
        }
        break;
      }
      case 'ReasonsDecl':
        for (const r of d.reasons) {
          const prior = reasons.get(r.name);
          if (BUILTIN_REASONS.has(r.name))
            ctx.sink.report('TTH1009', r.span, { name: r.name, what: 'reason' });
          else if (prior)
            duplicate(
              r,
              `${prior.polarity === 'accept' ? 'an accept' : 'a reject'} reason`,
              prior.ident,
            );
          else reasons.set(r.name, { polarity: d.polarity, ident: r });
        }
        break;
      case 'TransitionDecl': {
        const prior = transitions.get(d.name.name);
        if (d.name.name === CLOCK)
          ctx.sink.report('TTH1009', d.name.span, { name: CLOCK, what: 'action (the clock)' });
        else if (prior) duplicate(d.name, 'a transition', prior.name);
        else transitions.set(d.name.name, d);
        break;
      }
      case 'RefusalDecl':
      case 'InvariantDecl':
      case 'StepDecl':
      case 'PropertyDecl':
      case 'FairnessDecl':
      case 'ViolationDecl':
        break;
      default: {
        const unreachable: never = d;
        return unreachable;
      }
    }
  }
  // Invariants, steps and properties share one namespace of property names.
  const props = new Map<string, Ident>();
  for (const d of ctx.ast.decls) {
    if (d.kind !== 'InvariantDecl' && d.kind !== 'StepDecl' && d.kind !== 'PropertyDecl') continue;
    const first = props.get(d.name.name);
    if (first) duplicate(d.name, 'a property (invariant, step or property)', first);
    else props.set(d.name.name, d.name);
  }
  ctx.symbols = { values, events, transitions, reasons, states };
};
