// Compiles IR expressions to closures, once per machine and parameter binding. This is the
// evaluator of the IR's semantics: the explorer runs it over the model, and the same code
// evaluates guards at runtime (with absolute times) as the engine's test oracle.

import type { IrExpr } from '../lower/ir.ts';
import { BINARY_OPERATORS, builtinFunction } from '../lower/operators.ts';
import { EMPTY_MAP, makeSet, mapGet, type MapValue, type SetValue, type Value } from './values.ts';

/** What an expression reads when it runs. */
export interface Frame {
  /** The current snapshot as a slot array (see Layout). */
  cur: readonly Value[];
  /** The next snapshot, in step properties and ensures. */
  next: readonly Value[] | null;
  /** The event payload, by field index of the transition's event. */
  event: readonly Value[] | null;
  /** Quantifier variables, by nesting depth. */
  bound: Value[];
  /** The dispatch time: absolute at runtime, 0 in the model (times are relative there). */
  now: number;
}

/** Slot positions in a snapshot array: [state, version, ...consts, ...vars]. */
export interface Layout {
  readonly slots: ReadonlyMap<string, number>;
  readonly size: number;
}

export const STATE_SLOT = 0;
export const VERSION_SLOT = 1;

export interface CompileScope {
  readonly layout: Layout;
  readonly params: ReadonlyMap<string, Value>;
  /** Field name → payload index, inside a transition. */
  readonly fields: ReadonlyMap<string, number> | null;
  /** The values a type-named quantifier domain (enum, Bool, state) ranges over in a frame. A
   *  spec never quantifies over an opaque type (TTH2017); the simplifier's inlined enabled()
   *  does, and at runtime such a domain is the ids in scope plus a fresh one (ir.ts, rule 8). */
  readonly typeDomain: (type: IrExpr['type']) => (f: Frame) => SetValue;
  /** `enabled(t)` at the frame's current snapshot. */
  readonly enabled: (transition: string) => (frame: Frame) => boolean;
  /** For tests: a read or `if` the IR types non-null that evaluates to null throws. The
   *  generated engine asserts those types (emit-ts/ts-expr.ts); this checks they hold. */
  readonly checkNonNull?: boolean;
  /** The model's integers (IR rule 9): a result of `+`, `-`, `*` or negation outside them
   *  throws IntegerOverflowError, where TLC stops with "Overflow when computing". Unset at
   *  runtime, where times are milliseconds. */
  readonly integerRange?: { readonly min: number; readonly max: number } | undefined;
}

export type Compiled<T = Value> = (f: Frame) => T;

/** Expressions whose value no frame changes. */
const CONSTANT_KINDS: ReadonlySet<IrExpr['kind']> = new Set([
  'bool',
  'int',
  'null',
  'stateLit',
  'enumLit',
]);

export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';
}

/** An arithmetic result outside the model's integers (IR rule 9). */
export class IntegerOverflowError extends Error {
  override readonly name = 'IntegerOverflowError';
  constructor(
    /** The computation in spec terms, e.g. `3000000 * 1000`. */
    readonly computation: string,
    readonly result: number,
  ) {
    super(`${computation} = ${result}`);
  }
}

export function compileExpr(
  e: IrExpr,
  scope: CompileScope,
  depth = 0,
  boundNames: readonly string[] = [],
): Compiled {
  const c = compileNode(e, scope, depth, boundNames);
  const checked =
    ['var', 'const', 'field', 'bound', 'if'].includes(e.kind) &&
    !['nullable', 'null', 'unknown'].includes(e.type.kind);
  if (!scope.checkNonNull || !checked) return c;
  return (f) => {
    const v = c(f);
    if (v === null) throw new EvaluationError(`a ${e.kind} the IR types ${e.type.kind} is null`);
    return v;
  };
}

function compileNode(
  e: IrExpr,
  scope: CompileScope,
  depth: number,
  boundNames: readonly string[],
): Compiled {
  const sub = (x: IrExpr): Compiled => compileExpr(x, scope, depth, boundNames);
  switch (e.kind) {
    case 'bool':
    case 'int': {
      const v = e.value;
      return () => v;
    }
    case 'null':
      return () => null;
    case 'stateLit': {
      const v = e.name;
      return () => v;
    }
    case 'enumLit': {
      const v = e.member;
      return () => v;
    }
    case 'var':
    case 'const': {
      const slot = scope.layout.slots.get(e.name);
      if (slot === undefined) throw new EvaluationError(`no slot for ${e.name}`);
      return e.primed ? (f) => (f.next as Value[])[slot]! : (f) => f.cur[slot]!;
    }
    case 'state':
      return e.primed ? (f) => (f.next as Value[])[STATE_SLOT]! : (f) => f.cur[STATE_SLOT]!;
    case 'param': {
      if (!scope.params.has(e.name)) throw new EvaluationError(`no value for param ${e.name}`);
      const v = scope.params.get(e.name)!;
      return () => v;
    }
    case 'now':
      return (f) => f.now;
    case 'field': {
      const index = scope.fields?.get(e.name);
      if (index === undefined) throw new EvaluationError(`no field ${e.name}`);
      return (f) => (f.event as Value[])[index]!;
    }
    case 'bound': {
      const index = boundNames.lastIndexOf(e.name);
      if (index < 0) throw new EvaluationError(`unbound ${e.name}`);
      return (f) => f.bound[index]!;
    }
    case 'setLit': {
      const parts = e.elements.map(sub);
      // A set of constants (`state in {A, B}`) is built once.
      if (e.elements.every((x) => CONSTANT_KINDS.has(x.kind))) {
        const none: Frame = { cur: [], next: null, event: null, bound: [], now: 0 };
        const v = makeSet(parts.map((p) => p(none)));
        return () => v;
      }
      return (f) => makeSet(parts.map((p) => p(f)));
    }
    case 'emptyMap':
      return () => EMPTY_MAP;
    case 'seqLit': {
      const parts = e.elements.map(sub);
      return (f) => ({ items: parts.map((p) => p(f)) });
    }
    case 'index': {
      const m = sub(e.map);
      const k = sub(e.key);
      return (f) => mapGet(m(f) as MapValue, k(f));
    }
    case 'not': {
      const x = sub(e.operand);
      return (f) => !x(f);
    }
    case 'neg': {
      const x = sub(e.operand);
      const range = scope.integerRange;
      if (!range) return (f) => -(x(f) as number);
      return (f) => {
        const a = x(f) as number;
        const v = -a;
        if (v > range.max || v < range.min) throw new IntegerOverflowError(`-(${a})`, v);
        return v;
      };
    }
    case 'if': {
      const c = sub(e.cond);
      const t = sub(e.then);
      const o = sub(e.otherwise);
      return (f) => (c(f) ? t(f) : o(f));
    }
    case 'call': {
      const args = e.args.map(sub);
      const { evaluate } = builtinFunction(e.fn);
      return (f) => evaluate(args.map((a) => a(f)));
    }
    case 'enabled':
      return scope.enabled(e.transition);
    case 'quantifier': {
      const index = depth;
      const body = compileExpr(e.body, scope, depth + 1, [...boundNames, e.variable]);
      if (e.domain.kind === 'range') {
        // A range is iterated, never built (IR rule 9): `0..2147483647` costs no memory.
        const lo = compileExpr(e.domain.lo, scope, depth, boundNames);
        const hi = compileExpr(e.domain.hi, scope, depth, boundNames);
        const all = e.quantifier === 'forall';
        const range = scope.integerRange;
        return (f) => {
          const first = lo(f) as number;
          const last = hi(f) as number;
          // IR rule 9: TLC's intervals are 32-bit ("Size of interval value exceeds ...").
          if (range && last - first + 1 > range.max)
            throw new IntegerOverflowError(`the size of ${first}..${last}`, last - first + 1);
          for (let i = first; i <= last; i++) {
            f.bound[index] = i;
            if (!body(f) === all) return !all;
          }
          return all;
        };
      }
      const domain = compileDomain(e.domain, scope, depth, boundNames);
      if (e.quantifier === 'forall')
        return (f) => {
          for (const v of domain(f)) {
            f.bound[index] = v;
            if (!body(f)) return false;
          }
          return true;
        };
      return (f) => {
        for (const v of domain(f)) {
          f.bound[index] = v;
          if (body(f)) return true;
        }
        return false;
      };
    }
    case 'binary':
      return compileBinary(e, sub, scope.integerRange);
    case 'use':
      return sub(e.body); // a definition's use means its body
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

function compileDomain(
  d: Extract<IrExpr, { kind: 'quantifier' }>['domain'],
  scope: CompileScope,
  depth: number,
  boundNames: readonly string[],
): Compiled<SetValue> {
  switch (d.kind) {
    case 'type':
      return scope.typeDomain(d.type);
    case 'range':
      throw new EvaluationError('a range domain is iterated by its quantifier');
    case 'set': {
      const s = compileExpr(d.set, scope, depth, boundNames);
      return (f) => s(f) as SetValue;
    }
    default: {
      const unreachable: never = d;
      return unreachable;
    }
  }
}

function compileBinary(
  e: Extract<IrExpr, { kind: 'binary' }>,
  sub: (x: IrExpr) => Compiled,
  range: CompileScope['integerRange'],
): Compiled {
  const l = sub(e.left);
  const r = sub(e.right);
  const op = e.op;
  const { typeRule, evaluate } = BINARY_OPERATORS[op];
  if (range && typeRule === 'arithmetic')
    return (f) => {
      const a = l(f) as number;
      const b = r(f) as number;
      const v = evaluate(a, b) as number;
      // IR rule 9: TLC computes with 32-bit integers and stops where a result leaves them.
      if (v > range.max || v < range.min) throw new IntegerOverflowError(`${a} ${op} ${b}`, v);
      return v;
    };
  // The logic operators read their right operand only when the left does not decide, as
  // TLC evaluates them: `x != null and x > 1` never compares a null.
  if (op === 'and') return (f) => (l(f) as boolean) && (r(f) as boolean);
  if (op === 'or') return (f) => (l(f) as boolean) || (r(f) as boolean);
  if (op === '=>') return (f) => !(l(f) as boolean) || (r(f) as boolean);
  return (f) => evaluate(l(f), r(f));
}
