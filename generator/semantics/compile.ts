// Compiles IR expressions to closures, once per machine and parameter binding. This is the
// evaluator of the IR's semantics: the explorer runs it over the model, and the same code
// evaluates guards at runtime (with absolute times) as the engine's test oracle.

import type { IrExpr } from '../lower/ir.ts';
import {
  makeSet,
  setHas,
  setIntersect,
  setMinus,
  setSubset,
  setUnion,
  valueEquals,
  type Scalar,
  type Value,
} from './values.ts';

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
  readonly typeDomain: (type: IrExpr['type']) => (f: Frame) => readonly Scalar[];
  /** `enabled(t)` at the frame's current snapshot. */
  readonly enabled: (transition: string) => (frame: Frame) => boolean;
  /** For tests: a read or `if` the IR types non-null that evaluates to null throws. The
   *  generated engine asserts those types (emit-ts/ts-expr.ts); this checks they hold. */
  readonly checkNonNull?: boolean;
}

export type Compiled<T = Value> = (f: Frame) => T;

export class EvaluationError extends Error {}

export function compileExpr(e: IrExpr, scope: CompileScope, depth = 0, boundNames: readonly string[] = []): Compiled {
  const c = compileNode(e, scope, depth, boundNames);
  const checked = ['var', 'const', 'field', 'bound', 'if'].includes(e.kind) && !['nullable', 'null', 'unknown'].includes(e.type.kind);
  if (!scope.checkNonNull || !checked) return c;
  return (f) => {
    const v = c(f);
    if (v === null) throw new EvaluationError(`a ${e.kind} the IR types ${e.type.kind} is null`);
    return v;
  };
}

function compileNode(e: IrExpr, scope: CompileScope, depth: number, boundNames: readonly string[]): Compiled {
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
      return (f) => makeSet(parts.map((p) => p(f) as Scalar));
    }
    case 'not': {
      const x = sub(e.operand);
      return (f) => !x(f);
    }
    case 'neg': {
      const x = sub(e.operand);
      return (f) => -(x(f) as number);
    }
    case 'if': {
      const c = sub(e.cond);
      const t = sub(e.then);
      const o = sub(e.otherwise);
      return (f) => (c(f) ? t(f) : o(f));
    }
    case 'size': {
      const x = sub(e.operand);
      return (f) => (x(f) as readonly Scalar[]).length;
    }
    case 'enabled':
      return scope.enabled(e.transition);
    case 'quantifier': {
      const index = depth;
      const body = compileExpr(e.body, scope, depth + 1, [...boundNames, e.variable]);
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
      return compileBinary(e, sub);
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
): Compiled<readonly Scalar[]> {
  switch (d.kind) {
    case 'type':
      return scope.typeDomain(d.type);
    case 'range': {
      const lo = compileExpr(d.lo, scope, depth, boundNames);
      const hi = compileExpr(d.hi, scope, depth, boundNames);
      return (f) => {
        const out: number[] = [];
        for (let i = lo(f) as number; i <= (hi(f) as number); i++) out.push(i);
        return out;
      };
    }
    case 'set': {
      const s = compileExpr(d.set, scope, depth, boundNames);
      return (f) => s(f) as readonly Scalar[];
    }
    default: {
      const unreachable: never = d;
      return unreachable;
    }
  }
}

function compileBinary(e: Extract<IrExpr, { kind: 'binary' }>, sub: (x: IrExpr) => Compiled): Compiled {
  const l = sub(e.left);
  const r = sub(e.right);
  switch (e.op) {
    case 'and':
      return (f) => (l(f) as boolean) && (r(f) as boolean);
    case 'or':
      return (f) => (l(f) as boolean) || (r(f) as boolean);
    case '=>':
      return (f) => !(l(f) as boolean) || (r(f) as boolean);
    case '==':
      return (f) => valueEquals(l(f), r(f));
    case '!=':
      return (f) => !valueEquals(l(f), r(f));
    case '<':
      return (f) => (l(f) as number) < (r(f) as number);
    case '<=':
      return (f) => (l(f) as number) <= (r(f) as number);
    case '>':
      return (f) => (l(f) as number) > (r(f) as number);
    case '>=':
      return (f) => (l(f) as number) >= (r(f) as number);
    case 'in':
      return (f) => setHas(r(f) as readonly Scalar[], l(f) as Scalar);
    case 'not in':
      return (f) => !setHas(r(f) as readonly Scalar[], l(f) as Scalar);
    case 'subset':
      return (f) => setSubset(l(f) as readonly Scalar[], r(f) as readonly Scalar[]);
    case 'union':
      return (f) => setUnion(l(f) as readonly Scalar[], r(f) as readonly Scalar[]);
    case 'intersect':
      return (f) => setIntersect(l(f) as readonly Scalar[], r(f) as readonly Scalar[]);
    case 'minus':
      return (f) => setMinus(l(f) as readonly Scalar[], r(f) as readonly Scalar[]);
    case '+':
      return (f) => (l(f) as number) + (r(f) as number);
    case '-':
      return (f) => (l(f) as number) - (r(f) as number);
    case '*':
      return (f) => (l(f) as number) * (r(f) as number);
    default: {
      const unreachable: never = e.op;
      return unreachable;
    }
  }
}
