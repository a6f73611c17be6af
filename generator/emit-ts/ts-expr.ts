// Prints IR expressions as TypeScript for the generated engine. Runtime values: states and
// enum members are string literals, ids branded strings, times and durations numbers
// (absolute milliseconds), sets ReadonlySets. `s` is the snapshot before the step, `n` the
// one after, `e` the event, `now` the dispatch time.

import type { IrDomain, IrExpr } from '../lower/ir.ts';
import { BINARY_OPERATORS, builtinFunction, type TsSpelling } from '../lower/operators.ts';
import { holdsIdsOf, type IrType } from '../lower/types.ts';
import type { HelperName } from './helpers.ts';

/** A quantifier's variable in scope; `read` is set when the emitted code reads it. */
export interface Bound {
  readonly name: string;
  readonly type: IrType;
  read: boolean;
}

export interface TsContext {
  /** Names (names/ts.ts): a snapshot field, a params field, an event field. */
  readonly field: (specName: string) => string;
  /** The declared type of a var or const: what its property in a snapshot holds. */
  readonly slotType: (specName: string) => IrType;
  readonly param: (specName: string) => string;
  readonly eventField: (specName: string) => string;
  /** The function that decides enabled(t). */
  readonly enabled: (transition: string) => string;
  /** TS type of a spec type (for empty-set literals). */
  readonly type: (t: IrType) => string;
  /** The runtime list of values of a type-named domain (opaque ids, enum members). For an
   *  opaque type (ir.ts, rule 8): the ids of that type the snapshots and `more` hold, and one
   *  that none of them holds. */
  readonly domain: (t: IrType, snapshots: readonly string[], more: readonly string[]) => string;
  /** Evaluate variables in the next snapshot (ensures read the new state). */
  readonly nextState: boolean;
  /** The snapshots in scope (default: the one reads go to). */
  readonly snapshots?: readonly string[];
  /** The event fields in scope (a transition's guards, assignments and ensures). */
  readonly eventFields?: readonly { readonly name: string; readonly type: IrType }[];
  /** The enclosing quantifiers' variables. */
  readonly bound?: readonly Bound[];
  /** Records that the printed code uses a runtime helper (emit-ts/helpers.ts), so that the
   *  engine includes it. */
  readonly need: (helper: HelperName) => void;
}

// Printing at the IR's types. Every node carries the type the checker proved for it, null
// narrowing included (check/infer-types.ts: `x != null and P` types the x in P non-null, and
// so do earlier require clauses for later ones and for `set`); the simplifier keeps those
// types when it rewrites (emit-ts/simplify.ts). TypeScript cannot always see why a read is not
// null: the require clause that says so is checked in guard_*, not in take_*; the simplifier
// dropped a null test it proved (a value the step just computed, a fact of the guard); the
// read is inside a quantifier's closure. So the printer never leans on TypeScript's narrowing:
// a read the IR types non-null whose TypeScript type includes null gets a non-null assertion,
// exactly there and nowhere else (the simplifier fuzz test evaluates residual checks with
// these types asserted). Equality operands are the exception in reverse: `===` accepts null
// but rejects comparisons of literal types TypeScript narrowed apart (`k === 0 && k === 1`,
// a spec's tautology `b == true or b != true`), so a read of a bool, number, enum or state
// there is cast to its IR type, as are literals compared with literals.

const isSet = (t: IrType): boolean => t.kind === 'set';
const nullable = (t: IrType): boolean =>
  t.kind === 'nullable' || t.kind === 'null' || t.kind === 'unknown';
/** Types whose TypeScript values have literal types (narrowed by `===`). */
const literalTyped = (t: IrType): boolean =>
  t.kind === 'nullable'
    ? literalTyped(t.inner)
    : ['bool', 'int', 'time', 'duration', 'enum', 'state'].includes(t.kind);
/** Expressions TypeScript gives a literal type: literals, and a minus applied to a number
 *  literal (`-1` is the literal type -1). */
const isLiteral = (e: IrExpr): boolean =>
  ['bool', 'int', 'stateLit', 'enumLit'].includes(e.kind) ||
  (e.kind === 'neg' && e.operand.kind === 'int');

export function tsExpr(e: IrExpr, ctx: TsContext): string {
  // What TypeScript types the printed read as: its declaration's type, not the IR's.
  const declared = (): IrType | null => {
    if (e.kind === 'var' || e.kind === 'const') return ctx.slotType(e.name);
    if (e.kind === 'field') return ctx.eventFields?.find((f) => f.name === e.name)?.type ?? null;
    return null;
  };
  const printed = printNode(e, ctx);
  const wider =
    e.kind === 'null' ||
    (e.kind === 'if' && (nullable(e.then.type) || nullable(e.otherwise.type))) ||
    nullable(declared() ?? e.type);
  return !nullable(e.type) && wider ? `${wrap(printed)}!` : printed;
}

/** An equality operand (see above): no non-null assertion (`===` takes null), and a value
 *  TypeScript may have narrowed to a literal type widened to its IR type. */
function tsOperand(e: IrExpr, other: IrExpr, ctx: TsContext): string {
  const code = printNode(e, ctx);
  // Reads and `if` can have literal types (narrowed); a literal matters against a literal;
  // null is comparable to anything, and every other expression is boolean, number or a set.
  const narrowable =
    ['var', 'const', 'field', 'bound', 'param', 'now', 'if'].includes(e.kind) &&
    literalTyped(e.type);
  if (other.kind !== 'null' && (narrowable || (isLiteral(e) && isLiteral(other)))) {
    const type = ctx.type(e.type);
    return code.endsWith(` as ${type})`) ? code : `(${code} as ${type})`;
  }
  return ['var', 'const', 'field'].includes(e.kind) ? code : tsExpr(e, ctx);
}

function printNode(e: IrExpr, ctx: TsContext): string {
  const sub = (x: IrExpr): string => tsExpr(x, ctx);
  /** A call of the helper `name` (recorded as needed). */
  const call = (name: HelperName, ...args: readonly string[]): string => {
    ctx.need(name);
    return `${name}(${args.join(', ')})`;
  };
  const snap = (primed: boolean): string => (primed || ctx.nextState ? 'n' : 's');
  switch (e.kind) {
    case 'bool':
      return String(e.value);
    case 'int':
      return e.value < 0 ? `(${e.value})` : String(e.value);
    case 'null':
      return 'null';
    case 'stateLit':
      return `'${e.name}'`;
    case 'enumLit':
      return `'${e.member}'`;
    // State and enum reads are asserted to their whole union, so that TypeScript's narrowing
    // of literal types cannot reject a spec's tautology (`state == A or state != A`).
    case 'var':
    case 'const':
      return e.type.kind === 'enum'
        ? `(${snap(e.primed)}.${ctx.field(e.name)} as ${e.type.name})`
        : `${snap(e.primed)}.${ctx.field(e.name)}`;
    case 'state':
      return `(${snap(e.primed)}.state as ${ctx.type({ kind: 'state' })})`;
    case 'param':
      return `s.params.${ctx.param(e.name)}`;
    case 'now':
      return 'now';
    case 'field':
      return e.type.kind === 'enum'
        ? `(e.${ctx.eventField(e.name)} as ${e.type.name})`
        : `e.${ctx.eventField(e.name)}`;
    // `q_<name>`: no name of the engine starts with q_ (names/ts.ts), so a bound variable
    // shadows nothing but an enclosing one of the same spec name, as in the spec.
    case 'bound':
      return readBound(ctx, e.name);
    case 'setLit': {
      const element = e.type.kind === 'set' ? ctx.type(e.type.element) : 'never';
      // Sets are never mutated (every helper copies), so all empty sets can be one object.
      if (e.elements.length === 0) {
        ctx.need('EMPTY_SET');
        return `(EMPTY_SET as ReadonlySet<${element}>)`;
      }
      // Members that are sets are compared by value: equal ones are one member.
      if (e.type.kind === 'set' && isSet(e.type.element))
        return call('setOfDeep', `[${e.elements.map(sub).join(', ')}]`);
      return `new Set<${element}>([${e.elements.map(sub).join(', ')}])`;
    }
    // Sequences are arrays, never mutated (append and tail copy).
    case 'seqLit':
      return `([${e.elements.map(sub).join(', ')}] as ${ctx.type(e.type)})`;
    // Maps are never mutated (every helper copies), so all empty maps can be one object.
    case 'emptyMap': {
      ctx.need('EMPTY_MAP');
      return `(EMPTY_MAP as ${ctx.type(e.type)})`;
    }
    // `m[k]`: undefined (not a key) reads as null; a read the IR narrowed non-null is asserted.
    case 'index':
      return nullable(e.type)
        ? `(${wrap(sub(e.map))}.get(${sub(e.key)}) ?? null)`
        : `${wrap(sub(e.map))}.get(${sub(e.key)})!`;
    case 'not':
      return `!${wrap(sub(e.operand))}`;
    case 'neg':
      return `-${wrap(sub(e.operand))}`;
    case 'if':
      return `(${sub(e.cond)} ? ${sub(e.then)} : ${sub(e.otherwise)})`;
    case 'call':
      return spell(builtinFunction(e.fn).ts, e.args.map(sub), call);
    case 'enabled':
      return `${ctx.enabled(e.transition)}(${ctx.nextState ? 'n' : 's'}, now)`;
    case 'quantifier': {
      const variable: Bound = { name: e.variable, type: domainElement(e.domain), read: false };
      const inner: TsContext = { ...ctx, bound: [...(ctx.bound ?? []), variable] };
      const domain = tsDomain(e.domain, ctx);
      const body = tsExpr(e.body, inner);
      // noUnusedParameters: a body whose code does not read the variable takes no parameter
      // (decided on the code emitted, which may drop a read the IR has, e.g. `x in {}`).
      const parameter = variable.read ? `q_${e.variable}` : '';
      return call(
        e.quantifier === 'forall' ? 'every' : 'some',
        domain,
        `(${parameter}) => ${body}`,
      );
    }
    case 'binary': {
      // A set whose members are sets compares them by value (the *Deep helpers).
      const nested = (t: IrType): boolean => t.kind === 'set' && isSet(t.element);
      if (e.op === '==' || e.op === '!=') {
        if (isSet(e.left.type))
          return `${e.op === '!=' ? '!' : ''}${call(nested(e.left.type) ? 'setEqualsDeep' : 'setEquals', sub(e.left), sub(e.right))}`;
        if (e.left.type.kind === 'map' || e.right.type.kind === 'map')
          return `${e.op === '!=' ? '!' : ''}${call('mapEquals', sub(e.left), sub(e.right))}`;
        if (e.left.type.kind === 'seq' || e.right.type.kind === 'seq')
          return `${e.op === '!=' ? '!' : ''}${call('seqEquals', sub(e.left), sub(e.right))}`;
        return `(${tsOperand(e.left, e.right, ctx)} ${e.op === '==' ? '===' : '!=='} ${tsOperand(e.right, e.left, ctx)})`;
      }
      // Membership in a sequence: some element is it.
      if ((e.op === 'in' || e.op === 'not in') && e.right.type.kind === 'seq') {
        const includes = `${wrap(sub(e.right))}.includes(${sub(e.left)})`;
        return e.op === 'in' ? includes : `!${includes}`;
      }
      // Membership in a short literal set of a plain read is a chain of comparisons: no
      // Set is built on the hot path (invariants run after every accepted step).
      const members = e.op === 'in' || e.op === 'not in' ? literalMembers(e.left, e.right) : null;
      if (members) {
        const [cmp, join, none] =
          e.op === 'in' ? ['===', ' || ', 'false'] : ['!==', ' && ', 'true'];
        if (members.length === 0) return `(${none})`;
        const l = tsOperand(e.left, members[0]!, ctx);
        return `(${members.map((x) => `${l} ${cmp} ${tsOperand(x, e.left, ctx)}`).join(join)})`;
      }
      if (nested(e.left.type) || ((e.op === 'in' || e.op === 'not in') && nested(e.right.type))) {
        if (e.op === 'union' && e.right.kind === 'setLit' && e.right.elements.length === 1)
          return call('adjoinDeep', sub(e.left), sub(e.right.elements[0]!));
        const deep = DEEP[e.op];
        if (deep) return call(deep, sub(e.left), sub(e.right));
        if (e.op === 'in' || e.op === 'not in')
          return `${e.op === 'not in' ? '!' : ''}${call('hasDeep', sub(e.right), sub(e.left))}`;
      }
      // Adding one element copies the set once, without building a set of one.
      if (e.op === 'union' && e.right.kind === 'setLit' && e.right.elements.length === 1)
        return call('adjoin', sub(e.left), sub(e.right.elements[0]!));
      return spell(BINARY_OPERATORS[e.op].ts, [sub(e.left), sub(e.right)], call);
    }
    case 'use':
      return sub(e.body); // the engine inlines a definition (README, "Definitions")
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

/** The code that reads a quantifier's variable, marking the innermost one of that name read. */
function readBound(ctx: TsContext, name: string): string {
  const bound = ctx.bound ?? [];
  for (let i = bound.length - 1; i >= 0; i--)
    if (bound[i]!.name === name) {
      bound[i]!.read = true;
      break;
    }
  return `q_${name}`;
}

function tsDomain(d: IrDomain, ctx: TsContext): string {
  switch (d.kind) {
    case 'type': {
      const t = d.type.kind === 'set' ? d.type.element : d.type;
      if (t.kind !== 'opaque') return ctx.domain(t, [], []);
      const more = [
        ...(ctx.eventFields ?? []).flatMap((f) =>
          holdsIdsOf(f.type, t.name)
            ? [
                f.type.kind === 'set'
                  ? `...e.${ctx.eventField(f.name)}`
                  : `e.${ctx.eventField(f.name)}`,
              ]
            : [],
        ),
        ...(ctx.bound ?? []).flatMap((b) =>
          holdsIdsOf(b.type, t.name) ? [readBound(ctx, b.name)] : [],
        ),
      ];
      return ctx.domain(t, ctx.snapshots ?? [ctx.nextState ? 'n' : 's'], more);
    }
    case 'range':
      ctx.need('range');
      return `range(${tsExpr(d.lo, ctx)}, ${tsExpr(d.hi, ctx)})`;
    case 'set':
      return `[...${wrap(tsExpr(d.set, ctx))}]`;
    default: {
      const unreachable: never = d;
      return unreachable;
    }
  }
}

/** The type of a quantifier's variable. */
function domainElement(d: IrDomain): IrType {
  if (d.kind === 'range') return { kind: 'int', range: null };
  if (d.kind === 'set') return d.set.type.kind === 'set' ? d.set.type.element : { kind: 'unknown' };
  return d.type.kind === 'set' ? d.type.element : d.type;
}

/** The set operators whose members may be sets, by the helper that compares them by value. */
const DEEP: Partial<Record<string, HelperName>> = {
  union: 'unionDeep',
  intersect: 'intersectDeep',
  minus: 'minusDeep',
  subset: 'isSubsetDeep',
};

/** The elements of `right` when `left in right` can be a comparison chain: right is a
 *  literal set of at most 8 literals and left a plain read (evaluating it twice is free). */
function literalMembers(left: IrExpr, right: IrExpr): readonly IrExpr[] | null {
  const plain = ['var', 'const', 'state', 'field', 'bound', 'param', 'now'];
  const literal = ['bool', 'int', 'null', 'stateLit', 'enumLit'];
  if (!plain.includes(left.kind) || right.kind !== 'setLit' || right.elements.length > 8)
    return null;
  return right.elements.every((x) => literal.includes(x.kind)) ? right.elements : null;
}

/** An operator or function applied to its printed operands, as the table spells it. */
function spell<TArgs extends readonly string[]>(
  spelling: TsSpelling<TArgs>,
  args: TArgs,
  call: (name: HelperName, ...args: readonly string[]) => string,
): string {
  switch (spelling.kind) {
    case 'infix':
      return `(${args.join(` ${spelling.op} `)})`;
    case 'helper':
      return call(spelling.helper, ...args);
    case 'code':
      return spelling.print(args, wrap);
    default: {
      const unreachable: never = spelling;
      return unreachable;
    }
  }
}

function wrap(code: string): string {
  return /^[\w.$]+$/.test(code) ? code : `(${code})`;
}
