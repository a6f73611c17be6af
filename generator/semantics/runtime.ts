// The IR's dispatch rule at runtime (generator/lower/ir.ts, "THE DISPATCH RULE"), over
// snapshots with absolute times, runtime param values and versions up to 2^53 − 1: the
// reference semantics the generated engine is tested against (README.md, "Conformance: the
// engine against its model": the IR interpreter is the model-based tests' model and judges
// the engine's outcomes). Snapshots are slot arrays laid out as in the model.

import {
  OUT_OF_RANGE,
  hasParamBound,
  lastVersion,
  type IrExpr,
  type IrField,
  type IrMachine,
} from '../lower/ir.ts';
import { holdsIdsOf, type IrBound, type IrType } from '../lower/types.ts';
import {
  compileExpr,
  EvaluationError,
  STATE_SLOT,
  VERSION_SLOT,
  type Compiled,
  type CompileScope,
  type Frame,
  type Layout,
} from './compile.ts';
import { layoutOf } from './model.ts';
import { isMapValue, isSeqValue, powerSet, type SetValue, type Value } from './values.ts';

export interface RuntimeEvent {
  readonly type: string;
  readonly payload: Readonly<Record<string, Value>>;
  readonly expectedVersion?: number;
}

export type RuntimeOutcome =
  | {
      readonly ok: true;
      readonly snapshot: readonly Value[];
      readonly from: string;
      readonly to: string;
      readonly transition: string;
      readonly reason: string;
      /** The ensure, invariant or step that failed, when the step became a violation move. */
      readonly violated: string | null;
    }
  | {
      readonly ok: false;
      readonly snapshot: readonly Value[];
      readonly reason: string;
      /** The ensure, invariant or step that failed, when `on violation -> reject` refused
       *  the step (reason INVARIANT_VIOLATION). */
      readonly violated?: string;
    };

/** An id none of `held` is (ir.ts, rule 8): it stands for every id the evaluation cannot see. */
export function freshId(held: ReadonlySet<Value>): string {
  let fresh = '\u0000fresh';
  while (held.has(fresh)) fresh += '\u0000';
  return fresh;
}

interface RuntimeTransition {
  readonly name: string;
  /** null: `-> stay`, the state is kept. */
  readonly target: string | null;
  readonly reason: string;
  readonly versionStep: number;
  readonly fields: readonly IrField[];
  readonly requires: readonly { readonly test: Compiled; readonly reason: string }[];
  readonly assignments: readonly { readonly slot: number; readonly value: Compiled }[];
  readonly ensures: readonly Compiled[];
  readonly sources: ReadonlySet<string>;
}

export class Runtime {
  readonly layout: Layout;
  readonly #transitions: ReadonlyMap<string, RuntimeTransition>;
  readonly #candidates: ReadonlyMap<string, readonly RuntimeTransition[]>;
  /** `${state} ${event}` → the reason a refusal names (ir.ts, rule 3). */
  readonly #refusals: ReadonlyMap<string, string>;
  readonly #terminal: ReadonlySet<string>;
  readonly #invariants: readonly { readonly name: string; readonly test: Compiled }[];
  readonly #steps: readonly { readonly name: string; readonly test: Compiled }[];
  readonly #inits: readonly Compiled[];
  readonly #slotTypes: readonly IrType[];
  readonly #scope: (fields: ReadonlyMap<string, number> | null) => CompileScope;
  readonly #lastVersion: number;
  /** Per event, its fields whose ranges have a param bound (dispatch rule 2); no entry for an
   *  event without such a field. */
  readonly #rangeChecked: ReadonlyMap<string, readonly IrField[]>;

  constructor(
    readonly ir: IrMachine,
    readonly params: Readonly<Record<string, Value>>,
  ) {
    this.layout = layoutOf(ir);
    for (const p of ir.params)
      if (!(p.name in params)) throw new EvaluationError(`no value for param ${p.name}`);
    this.#terminal = new Set(ir.states.filter((s) => s.terminal).map((s) => s.name));
    this.#lastVersion = lastVersion(ir);
    this.#rangeChecked = new Map(
      ir.events.flatMap((e) => {
        const fields = e.fields.filter((f) => hasParamBound(f.type));
        return fields.length > 0 ? [[e.name, fields] as const] : [];
      }),
    );
    this.#slotTypes = [
      { kind: 'state' },
      { kind: 'int', range: null },
      ...ir.consts.map((c) => c.type),
      ...ir.vars.map((v) => v.type),
    ];
    const scope = (this.#scope = (fields: ReadonlyMap<string, number> | null): CompileScope => ({
      layout: this.layout,
      params: new Map(Object.entries(params)),
      fields,
      typeDomain: (t) => (f) => this.values(t.kind === 'set' ? t.element : t, f) as SetValue,
      enabled: (name) => (f) => this.isEnabled(name, f.cur, f.now),
    }));
    const transitions = new Map<string, RuntimeTransition>();
    for (const t of ir.transitions) {
      const event = ir.events.find((e) => e.name === t.event)!;
      const s = scope(new Map(event.fields.map((f, i) => [f.name, i])));
      transitions.set(t.name, {
        name: t.name,
        target: t.target,
        reason: t.reason,
        versionStep: t.versionStep,
        fields: event.fields,
        sources: new Set(t.sources),
        requires: t.requires.map((r) => ({ test: compileExpr(r.cond, s), reason: r.reason })),
        assignments: t.assignments.map((a) => ({
          slot: this.layout.slots.get(a.variable)!,
          value: compileExpr(a.value, s),
        })),
        ensures: t.ensures.map((e) => compileExpr(e.cond, s)),
      });
    }
    this.#transitions = transitions;
    const candidates = new Map<string, RuntimeTransition[]>();
    for (const d of ir.dispatch)
      candidates.set(
        `${d.state} ${d.event}`,
        d.candidates.map((n) => transitions.get(n)!),
      );
    this.#candidates = candidates;
    this.#refusals = new Map(ir.refusals.map((r) => [`${r.state} ${r.event}`, r.reason]));
    const top = scope(null);
    this.#invariants = ir.invariants.map((i) => ({ name: i.name, test: compileExpr(i.expr, top) }));
    this.#steps = ir.steps.map((i) => ({ name: i.name, test: compileExpr(i.expr, top) }));
    this.#inits = ir.vars.map((v) => compileExpr(v.init, top));
  }

  /** createX({ consts, now }): the initial snapshot. */
  create(consts: Readonly<Record<string, Value>>, now: number): Value[] {
    const s: Value[] = new Array<Value>(this.layout.size).fill(null);
    s[STATE_SLOT] = this.ir.initialState;
    s[VERSION_SLOT] = 0;
    for (const c of this.ir.consts) {
      if (!(c.name in consts)) throw new EvaluationError(`no value for const ${c.name}`);
      s[this.layout.slots.get(c.name)!] = consts[c.name]!;
    }
    const f: Frame = { cur: s, next: null, event: null, bound: [], now };
    this.ir.vars.forEach((v, i) => (s[this.layout.slots.get(v.name)!] = this.#inits[i]!(f)));
    return s;
  }

  dispatch(s: readonly Value[], e: RuntimeEvent, now: number): RuntimeOutcome {
    const state = s[STATE_SLOT] as string;
    // 1. Terminal states absorb every event.
    if (this.#terminal.has(state)) return { ok: false, snapshot: s, reason: 'TERMINATED' };
    // 2. A version that cannot grow exactly (or is no version) takes no step; then seed §5,
    // §9: a stale expectedVersion is rejected. Both before any guard.
    const version = s[VERSION_SLOT];
    if (!(
      typeof version === 'number' &&
      Number.isInteger(version) &&
      version >= 0 &&
      version <= this.#lastVersion
    ))
      return { ok: false, snapshot: s, reason: 'VERSION_EXHAUSTED' };
    if (e.expectedVersion !== undefined && e.expectedVersion !== s[VERSION_SLOT])
      return { ok: false, snapshot: s, reason: 'VERSION_MISMATCH' };
    // A field past a param bound of its range (parseEvent cannot check it).
    if (this.#outOfRange(e)) return { ok: false, snapshot: s, reason: OUT_OF_RANGE };
    // 3-5. The candidates (#guards): the enabled one is taken, else the furthest failing
    // clause names the reason.
    const g = this.#guards(s, e, now);
    if (g.taken) return this.take(g.taken, s, g.payload, now);
    return { ok: false, snapshot: s, reason: g.reason };
  }

  /** Whether a field of the event is outside its type's range for these params (the
   *  dispatch rule, step 2: only ranges with a param bound are checked, parseEvent checks the
   *  others). */
  #outOfRange(e: RuntimeEvent): boolean {
    const fields = this.#rangeChecked.get(e.type);
    if (fields === undefined) return false;
    const bound = (b: IrBound): number =>
      b.kind === 'literal' ? b.value : (this.params[b.name] as number);
    const inRange = (t: IrType, v: Value): boolean => {
      if (t.kind === 'nullable') return v === null || inRange(t.inner, v);
      if (t.kind === 'set') return (v as readonly Value[]).every((x) => inRange(t.element, x));
      if (t.kind !== 'int' || t.range === null) return true;
      return typeof v === 'number' && v >= bound(t.range.lo) && v <= bound(t.range.hi);
    };
    return fields.some((f) => !inRange(f.type, e.payload[f.name] ?? null));
  }

  /** Steps 3 to 5 of the dispatch rule: the candidates, in declaration order; the first
   *  enabled one, else how far the furthest got and the reason of its failing clause (ties:
   *  the earliest). No candidate: the refusal's reason or NO_TRANSITION, having passed -1
   *  clauses. */
  #guards(
    s: readonly Value[],
    e: RuntimeEvent,
    now: number,
  ):
    | { taken: RuntimeTransition; payload: Value[] }
    | { taken: null; passed: number; reason: string } {
    const candidates = this.#candidates.get(`${s[STATE_SLOT] as string} ${e.type}`) ?? [];
    let best = {
      taken: null,
      passed: -1,
      reason: this.#refusals.get(`${s[STATE_SLOT] as string} ${e.type}`) ?? 'NO_TRANSITION',
    };
    for (const t of candidates) {
      const payload = t.fields.map((fd) => e.payload[fd.name] ?? null);
      const f: Frame = { cur: s, next: null, event: payload, bound: [], now };
      const passed = t.requires.findIndex((r) => !r.test(f));
      if (passed < 0) return { taken: t, payload };
      if (passed > best.passed) best = { taken: null, passed, reason: t.requires[passed]!.reason };
    }
    return best;
  }

  /** How far an event gets through the guards of its candidates: the most clauses any
   *  candidate passes before failing, Infinity when one is enabled, -1 when none is a
   *  candidate (or the state is terminal). Guided tests prefer near misses. */
  furthest(s: readonly Value[], e: RuntimeEvent, now: number): number {
    if (this.#terminal.has(s[STATE_SLOT] as string)) return -1;
    const g = this.#guards(s, e, now);
    return g.taken ? Number.POSITIVE_INFINITY : g.passed;
  }

  /** An IR expression compiled in this runtime (a transition's fields in scope, if named):
   *  for tools and tests that evaluate expressions the way dispatch does. */
  compile(
    e: IrExpr,
    transition: string | null = null,
    options: { readonly checkNonNull?: boolean } = {},
  ): Compiled {
    const t = transition === null ? null : this.#transitions.get(transition);
    if (transition !== null && !t) throw new EvaluationError(`no transition ${transition}`);
    return compileExpr(e, {
      ...this.#scope(t ? new Map(t.fields.map((f, i) => [f.name, i])) : null),
      ...options,
    });
  }

  /** Step 6 of the dispatch rule alone: the snapshot a transition computes, before any check. */
  apply(transition: string, s: readonly Value[], payload: readonly Value[], now: number): Value[] {
    const t = this.#transitions.get(transition);
    if (!t) throw new EvaluationError(`no transition ${transition}`);
    return this.#apply(t, s, payload, now);
  }

  #apply(
    t: RuntimeTransition,
    s: readonly Value[],
    payload: readonly Value[],
    now: number,
  ): Value[] {
    // 6. Simultaneous assignment: every right side reads s.
    const f: Frame = { cur: s, next: null, event: payload, bound: [], now };
    const next = s.slice();
    for (const a of t.assignments) next[a.slot] = a.value(f);
    if (t.target !== null) next[STATE_SLOT] = t.target; // null: `-> stay` (ir.ts, rule 6)
    next[VERSION_SLOT] = (s[VERSION_SLOT] as number) + t.versionStep;
    return next;
  }

  private take(
    t: RuntimeTransition,
    s: readonly Value[],
    payload: readonly Value[],
    now: number,
  ): RuntimeOutcome {
    const from = s[STATE_SLOT] as string;
    const next = this.#apply(t, s, payload, now);
    // 7. Ensures, invariants and steps on the new snapshot; a failure moves to the violation state.
    const after: Frame = { cur: next, next: null, event: payload, bound: [], now };
    const step: Frame = { cur: s, next, event: null, bound: [], now };
    const violated =
      (t.ensures.some((en) => !en(after)) ? `Ensures_${t.name}` : null) ??
      this.#invariants.find((i) => !i.test({ ...after, event: null }))?.name ??
      this.#steps.find((st) => !st.test(step))?.name ??
      null;
    if (violated === null)
      return {
        ok: true,
        snapshot: next,
        from,
        to: next[STATE_SLOT] as string,
        transition: t.name,
        reason: t.reason,
        violated: null,
      };
    // ir.ts rule 7: `on violation -> reject` refuses the step, changing nothing (seed §9).
    if (this.ir.violationState === null)
      return { ok: false, snapshot: s, reason: 'INVARIANT_VIOLATION', violated };
    const fallback = s.slice();
    fallback[STATE_SLOT] = this.ir.violationState;
    fallback[VERSION_SLOT] = (s[VERSION_SLOT] as number) + 1;
    return {
      ok: true,
      snapshot: fallback,
      from,
      to: this.ir.violationState,
      transition: t.name,
      reason: 'INVARIANT_VIOLATION',
      violated,
    };
  }

  /** Every check (rule 7) a step by `transition` fails, in the order dispatch tries them
   *  (`Ensures_<transition>`, then invariants, then step properties), when the dispatch rule
   *  takes that transition for the event in s; null when it takes another or none (steps 3
   *  to 5 only: s is taken to pass steps 1 and 2). For tools that reason about the checks
   *  themselves (mutate/subsumed.ts). */
  failedChecks(
    transition: string,
    s: readonly Value[],
    e: RuntimeEvent,
    now: number,
  ): string[] | null {
    const g = this.#guards(s, e, now);
    if (!g.taken || g.taken.name !== transition) return null;
    const t = g.taken;
    const next = this.#apply(t, s, g.payload, now);
    const after: Frame = { cur: next, next: null, event: g.payload, bound: [], now };
    const step: Frame = { cur: s, next, event: null, bound: [], now };
    return [
      ...(t.ensures.some((en) => !en(after)) ? [`Ensures_${t.name}`] : []),
      ...this.#invariants.filter((i) => !i.test({ ...after, event: null })).map((i) => i.name),
      ...this.#steps.filter((st) => !st.test(step)).map((st) => st.name),
    ];
  }

  /** The indices of the ensures of `transition` that do not hold after a step. */
  failedEnsures(
    transition: string,
    after: readonly Value[],
    event: RuntimeEvent,
    now: number,
  ): number[] {
    const t = this.#transitions.get(transition);
    if (!t) throw new EvaluationError(`no transition ${transition}`);
    const payload = t.fields.map((fd) => event.payload[fd.name] ?? null);
    const f: Frame = { cur: after, next: null, event: payload, bound: [], now };
    return t.ensures.flatMap((en, i) => (en(f) ? [] : [i]));
  }

  /** Every invariant that does not hold in a snapshot, in declaration order. */
  violatedInvariants(s: readonly Value[], now: number): string[] {
    const f: Frame = { cur: s, next: null, event: null, bound: [], now };
    return this.#invariants.filter((i) => !i.test(f)).map((i) => i.name);
  }

  /** The first invariant that does not hold in a snapshot, or null. */
  violatedInvariant(s: readonly Value[], now: number): string | null {
    const f: Frame = { cur: s, next: null, event: null, bound: [], now };
    return this.#invariants.find((i) => !i.test(f))?.name ?? null;
  }

  /** enabled(t) at runtime: some payload passes every require clause. Each field ranges over
   *  its type's values; for an opaque type, the ids the snapshot and the fields before it
   *  hold and one none of them is (ir.ts, rule 8). */
  isEnabled(name: string, s: readonly Value[], now: number): boolean {
    const t = this.#transitions.get(name);
    if (!t || !t.sources.has(s[STATE_SLOT] as string)) return false;
    const payload: Value[] = [];
    const search = (i: number): boolean => {
      if (i === t.fields.length)
        return t.requires.every((r) =>
          r.test({ cur: s, next: null, event: payload, bound: [], now }),
        );
      const field = t.fields[i]!;
      // A field with a model range is read by no require clause (TTH2020): one value will do.
      const values = field.model
        ? [0]
        : this.values(field.type, {
            cur: s,
            next: null,
            event: payload.slice(0, i),
            bound: [],
            now,
          });
      for (const v of values) {
        payload[i] = v;
        if (search(i + 1)) return true;
      }
      return false;
    };
    return search(0);
  }

  /** The values a type ranges over at runtime in a frame, for quantifiers and enabled(). */
  values(t: IrType, f: Frame): readonly Value[] {
    const s = f.cur;
    switch (t.kind) {
      case 'bool':
        return [false, true];
      case 'enum':
        return this.ir.enums.find((x) => x.name === t.name)?.members ?? [];
      case 'state':
        return this.ir.states.map((x) => x.name);
      case 'int': {
        if (!t.range) throw new EvaluationError('an unbounded integer has no runtime domain');
        const bound = (b: typeof t.range.lo): number =>
          b.kind === 'literal' ? b.value : (this.params[b.name] as number);
        const out: number[] = [];
        for (let i = bound(t.range.lo); i <= bound(t.range.hi); i++) out.push(i);
        return out;
      }
      case 'opaque': {
        // Rule 8: the ids the frame can see (strings in the payload and bound variables may be
        // of other types: a superset is harmless, each is some id), and one that none of them is.
        const seen = new Set<Value>(this.idsOf(t.name, s));
        if (f.next) for (const x of this.idsOf(t.name, f.next)) seen.add(x);
        for (const v of [...(f.event ?? []), ...f.bound]) {
          if (typeof v === 'string') seen.add(v);
          else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') seen.add(x);
        }
        return [freshId(seen), ...[...seen].sort()];
      }
      case 'nullable':
        return [null, ...this.values(t.inner, f)];
      case 'set':
        return powerSet(this.values(t.element, f));
      case 'map':
      case 'seq':
        throw new EvaluationError(
          `a ${t.kind} type has no runtime domain (no spec quantifies over one)`,
        );
      case 'time':
      case 'duration':
      case 'null':
      case 'unknown':
        throw new EvaluationError(`type ${t.kind} has no runtime domain`);
      default: {
        const unreachable: never = t;
        return unreachable;
      }
    }
  }

  /** Every id of an opaque type the snapshot holds, sorted. */
  private idsOf(type: string, s: readonly Value[]): string[] {
    const found = new Set<string>();
    this.#slotTypes.forEach((t, i) => {
      if (!holdsIdsOf(t, type)) return;
      idsIn(s[i]!, t, type, found);
    });
    return [...found].sort();
  }
}

/** Adds the ids of the opaque type that a value of type t holds. */
function idsIn(v: Value, t: IrType, type: string, found: Set<string>): void {
  const inner = t.kind === 'nullable' ? t.inner : t;
  if (typeof v === 'string') {
    if (inner.kind === 'opaque' && inner.name === type) found.add(v);
  } else if (Array.isArray(v)) {
    if (inner.kind === 'set') for (const x of v) idsIn(x, inner.element, type, found);
  } else if (isSeqValue(v) && inner.kind === 'seq') {
    for (const x of v.items) idsIn(x, inner.element, type, found);
  } else if (isMapValue(v) && inner.kind === 'map')
    for (const [k, x] of v.entries) {
      idsIn(k, inner.key, type, found);
      idsIn(x, inner.value, type, found);
    }
}
