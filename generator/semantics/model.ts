// The model: the finite transition system a machine denotes under its params' model values.
// The explorer walks it, and the TLA+ emitter writes the same system for TLC, so both count
// the same states. Its rules (kept identical in emit-tla):
//   - A snapshot is [state, version mod VERSION_MODULUS, ...consts, ...vars].
//   - Initial states: the initial state, version 0, every combination of const values, and
//     every var at its initial value (now = 0).
//   - Times are relative to now: a Time holds (its value - now), and the clock action Tick
//     lowers every non-null time by 1, stopping at -1 ("passed"). Since a time is only ever
//     set to now + d (d ≥ 0) and only compared with now + d (checker TTH2008, TTH2016),
//     clamping at -1 loses nothing. Tick is enabled when it changes a time, outside
//     terminal states (terminal states absorb events and time alike).
//   - Transition t, event payload e: enabled when state ∈ sources and every require holds;
//     the successor assigns simultaneously, sets state := target and version := (version +
//     versionStep) mod VERSION_MODULUS. Rejected events change nothing, so they are not steps.
//   - `version` is counted modulo 2 in the model: enough to check that every transition
//     moves it (a step that does not is caught), while the state space stays finite.
//   - enabled(t) searches t's payloads with each opaque field ranging over its type's model
//     values plus the type's unheld values (unheldValues), which no state or event holds
//     (ir.ts, rule 8).

import {
  MODEL_ENUMERATION_LIMIT,
  MODEL_INT_MAX,
  MODEL_INT_MIN,
  neverNegative,
  noCandidateReason,
  payloadType,
  type IrExpr,
  type IrMachine,
  type IrTransition,
  type IrVar,
} from '../lower/ir.ts';
import { isTimeType, stripNull, type IrType } from '../lower/types.ts';
import {
  compileExpr,
  STATE_SLOT,
  VERSION_SLOT,
  type Compiled,
  type CompileScope,
  type Frame,
  type Layout,
} from './compile.ts';
import { isMapValue, isSeqValue, makeMap, makeSet, type Value } from './values.ts';
import { TlaNaming } from '../names/tla.ts';

export const VERSION_MODULUS = 2;
/** The value of a time that has passed, in the model. */
export const TIME_PASSED = -1;

/** The model values of an opaque type: TransportId1, TransportId2, ... (names/tla.ts
 *  TlaNaming allocates them, apart from every name of the module and from each other). */
export function opaqueValues(ir: IrMachine, type: string): readonly string[] {
  return new TlaNaming(ir).modelValues(type);
}

/**
 * ir.ts rule 8 in the model: per opaque type, the model values enabled()'s search adds to the
 * type's own, which no state or event ever holds (`Nonce_Unheld1`, ...; how many:
 * lower/enabled.ts unheldCounts). Ids are only compared, so both decide enabled() alike.
 * Types that need none are absent.
 */
export function unheldValues(ir: IrMachine): ReadonlyMap<string, readonly string[]> {
  const naming = new TlaNaming(ir);
  const out = new Map<string, readonly string[]>();
  for (const t of ir.types) {
    const values = naming.unheldValues(t.name);
    if (values.length > 0) out.set(t.name, values);
  }
  return out;
}

export interface ModelTransition {
  readonly ir: IrTransition;
  readonly index: number;
  readonly sources: ReadonlySet<string>;
  /** null: `-> stay`, the state is kept. */
  readonly target: string | null;
  readonly eventIndex: number;
  readonly requires: readonly { readonly test: Compiled; readonly reason: string }[];
  readonly assignments: readonly {
    readonly slot: number;
    readonly value: Compiled;
    readonly time: boolean;
  }[];
  readonly ensures: readonly Compiled[];
}

/** A step of the model: a transition with its payload, or the clock. */
export type StepLabel =
  | {
      readonly kind: 'transition';
      readonly transition: ModelTransition;
      readonly payload: readonly Value[];
    }
  | { readonly kind: 'clock' };

export interface Successor {
  readonly label: StepLabel;
  readonly next: Value[];
}

export class ModelError extends Error {
  override readonly name = 'ModelError';
}

/**
 * A type's model values, counted and tested without being built (IR rule 9): `has` is the
 * membership test TypeOK needs, `at(i)` the i-th value in a fixed order, for the domains
 * that are genuinely iterated (payloads, consts, quantifiers over a type).
 */
export interface ModelDomain {
  readonly size: number;
  at(i: number): Value;
  has(v: Value): boolean;
}

/** A require clause: the transition and the clause's index in it. */
export interface ClauseRef {
  readonly transition: ModelTransition;
  readonly clause: number;
}

/** What the dispatch rule does with an event in a model state (no expectedVersion). */
export type Decision =
  | {
      readonly kind: 'accept';
      readonly transition: ModelTransition;
      readonly failures: readonly ClauseRef[];
    }
  | {
      readonly kind: 'reject';
      readonly deciding: ClauseRef;
      readonly failures: readonly ClauseRef[];
    }
  /** No candidate: the refusal's reason, else the built-in NO_TRANSITION (ir.ts, rule 3;
   *  terminal states: TERMINATED). */
  | { readonly kind: 'none'; readonly reason: string; readonly failures: readonly ClauseRef[] };

/** The slot layout of a machine's snapshots: [state, version, ...consts, ...vars]. */
export function layoutOf(ir: IrMachine): Layout {
  const slots = new Map<string, number>();
  let next = VERSION_SLOT + 1;
  for (const c of ir.consts) slots.set(c.name, next++);
  for (const v of ir.vars) slots.set(v.name, next++);
  return { slots, size: next };
}

/** The name of every slot, by index: `state`, `version`, then the consts and vars. */
export function slotNames(layout: Layout): string[] {
  const names: string[] = [];
  names[STATE_SLOT] = 'state';
  names[VERSION_SLOT] = 'version';
  for (const [name, slot] of layout.slots) names[slot] = name;
  return names;
}

/** A snapshot read by slot name (`state`, `version`, consts, vars); a missing name is null. */
/** The type of a slot, by its name: `state`, `version`, or a const's or var's. */
export function slotType(ir: IrMachine, name: string): IrType {
  if (name === 'state') return { kind: 'state' };
  if (name === 'version') return { kind: 'int', range: null };
  const slot = [...ir.consts, ...ir.vars].find((x) => x.name === name);
  if (!slot) throw new Error(`internal: no slot named '${name}'`);
  return slot.type;
}

export function slotsFrom(layout: Layout, get: (name: string) => Value | undefined): Value[] {
  return slotNames(layout).map((name) => get(name) ?? null);
}

export class Model {
  readonly layout: Layout;
  readonly params: ReadonlyMap<string, Value>;
  readonly transitions: readonly ModelTransition[];
  readonly payloads: readonly (readonly (readonly Value[])[])[];
  readonly invariants: readonly { readonly name: string; readonly test: Compiled }[];
  readonly steps: readonly { readonly name: string; readonly test: Compiled }[];
  readonly terminal: ReadonlySet<string>;
  readonly timeSlots: readonly number[];
  /** Per slot, the values its declared type allows (for TypeOK), or null for times. A
   *  variable with a model range allows its type's values (has) and enumerates the range. */
  readonly slotDomains: readonly (ModelDomain | null)[];
  /** The variables with a model range, by slot: a state where one is outside it is past the
   *  model's bounds (rule 10), checked but never explored (TLC's CONSTRAINT). */
  readonly #bounds: readonly { readonly slot: number; readonly range: ModelDomain }[];
  /** Candidates by state, then by event index. */
  readonly #candidates: ReadonlyMap<string, readonly (readonly ModelTransition[])[]>;
  /** Per opaque type, the unheld values enabled()'s search adds (rule 8). */
  readonly #unheld: ReadonlyMap<string, readonly string[]>;
  /** Per event index, the payloads enabled() searches (built when first needed). */
  readonly #enabledPayloads = new Map<number, readonly (readonly Value[])[]>();

  constructor(readonly ir: IrMachine) {
    this.params = new Map(ir.params.map((p) => [p.name, p.modelValue]));
    this.layout = layoutOf(ir);
    const slots = this.layout.slots;
    this.terminal = new Set(ir.states.filter((s) => s.terminal).map((s) => s.name));
    const slotTypes: IrType[] = [
      { kind: 'state' },
      { kind: 'int', range: null },
      ...ir.consts.map((c) => c.type),
      ...ir.vars.map((v) => v.type),
    ];
    this.timeSlots = slotTypes.flatMap((t, i) => (isTimeType(t) ? [i] : []));
    const slotVars: (IrVar | null)[] = [null, null, ...ir.consts.map(() => null), ...ir.vars];
    this.slotDomains = slotTypes.map((t, i) =>
      i === VERSION_SLOT
        ? this.domainOf({
            kind: 'int',
            range: {
              lo: { kind: 'literal', value: 0 },
              hi: { kind: 'literal', value: VERSION_MODULUS - 1 },
            },
          })
        : slotVars[i]?.model
          ? this.unboundedDomain(slotVars[i]!)
          : isTimeType(t)
            ? null
            : this.domainOf(t),
    );
    this.#bounds = slotVars.flatMap((v, slot) =>
      v?.model ? [{ slot, range: this.domainOf({ kind: 'int', range: v.model }) }] : [],
    );

    this.payloads = ir.events.map((e) =>
      this.product(e.fields.map((f) => this.domain(payloadType(f)))),
    );
    this.#unheld = unheldValues(ir);
    this.transitions = ir.transitions.map((t, index) => {
      const eventIndex = ir.events.findIndex((e) => e.name === t.event);
      const event = ir.events[eventIndex];
      if (!event) throw new ModelError(`transition ${t.name} has no event`);
      const scope = this.#scope(new Map(event.fields.map((f, i) => [f.name, i])));
      return {
        ir: t,
        index,
        sources: new Set(t.sources),
        target: t.target,
        eventIndex,
        requires: t.requires.map((r) => ({ test: compileExpr(r.cond, scope), reason: r.reason })),
        assignments: t.assignments.map((a) => {
          const slot = slots.get(a.variable);
          if (slot === undefined) throw new ModelError(`no slot for ${a.variable}`);
          return { slot, value: compileExpr(a.value, scope), time: this.timeSlots.includes(slot) };
        }),
        ensures: t.ensures.map((en) => compileExpr(en.cond, scope)),
      };
    });
    // The dispatch table is the IR's (lowering builds it once, ir.ts rule 3), indexed here.
    const candidates = new Map<string, ModelTransition[][]>();
    for (const s of ir.states)
      candidates.set(
        s.name,
        ir.events.map(() => []),
      );
    const byName = new Map(this.transitions.map((t) => [t.ir.name, t]));
    const eventIndex = new Map(ir.events.map((e, i) => [e.name, i]));
    for (const entry of ir.dispatch) {
      const row = candidates.get(entry.state)?.[eventIndex.get(entry.event) ?? -1];
      if (!row) throw new ModelError(`dispatch entry for ${entry.state} on ${entry.event}`);
      for (const name of entry.candidates) {
        const t = byName.get(name);
        if (!t) throw new ModelError(`dispatch names no transition ${name}`);
        row.push(t);
      }
    }
    this.#candidates = candidates;
    const top = this.#scope(null);
    this.invariants = ir.invariants.map((i) => ({ name: i.name, test: compileExpr(i.expr, top) }));
    this.steps = ir.steps.map((s) => ({ name: s.name, test: compileExpr(s.expr, top) }));
  }

  readonly #enabledCache = new Map<string, (f: Frame) => boolean>();

  /** The compile scope of this model: model values, and enabled() over every payload. */
  #scope(fields: ReadonlyMap<string, number> | null): CompileScope {
    const enabledCache = this.#enabledCache;
    return {
      layout: this.layout,
      params: this.params,
      fields,
      integerRange: { min: MODEL_INT_MIN, max: MODEL_INT_MAX },
      typeDomain: (t) => {
        const values = this.domain(t.kind === 'set' ? t.element : t);
        return () => values;
      },
      enabled: (name) => {
        let fn = enabledCache.get(name);
        if (!fn) {
          fn = (f) => this.isEnabled(name, f.cur);
          enabledCache.set(name, fn);
        }
        return fn;
      },
    };
  }

  /** A state predicate (invariant, temporal property body) compiled against the model. */
  compileStatePredicate(e: IrExpr): Compiled {
    return compileExpr(e, this.#scope(null));
  }

  /** The model values of a type, built: only for domains that are iterated as a whole,
   *  which the checker keeps within MODEL_ENUMERATION_LIMIT (TTH2009, TTH2019). */
  domain(t: IrType): readonly Value[] {
    const d = this.domainOf(t);
    if (d.size > MODEL_ENUMERATION_LIMIT)
      throw new ModelError(
        `a ${t.kind} type with ${d.size} model values: more than the ${MODEL_ENUMERATION_LIMIT} a model checker enumerates`,
      );
    return Array.from({ length: d.size }, (_, i) => d.at(i));
  }

  /** The model values of a type, counted and tested, never built (IR rule 9). */
  domainOf(t: IrType): ModelDomain {
    switch (t.kind) {
      case 'bool':
        return { size: 2, at: (i) => i === 1, has: (v) => typeof v === 'boolean' };
      case 'int': {
        if (!t.range) throw new ModelError('an unbounded integer has no model domain');
        const bound = (b: typeof t.range.lo): number =>
          b.kind === 'literal' ? b.value : (this.params.get(b.name) as number);
        const lo = bound(t.range.lo);
        const hi = bound(t.range.hi);
        return {
          size: Math.max(0, hi - lo + 1),
          at: (i) => lo + i,
          has: (v) => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi,
        };
      }
      case 'enum':
        return listDomain(this.ir.enums.find((e) => e.name === t.name)?.members ?? []);
      case 'state':
        return listDomain(this.ir.states.map((s) => s.name));
      case 'opaque':
        // A type's model values are few (TTH2019) and TLC's cfg lists them all: a list it is.
        return listDomain(opaqueValues(this.ir, t.name));
      case 'set': {
        const element = this.domainOf(t.element);
        return {
          size: 2 ** element.size,
          // The subset whose members are the bits of i (element k when bit k is set).
          at: (i) => {
            const members: Value[] = [];
            for (let k = 0, rest = i; rest > 0; k++, rest = Math.floor(rest / 2))
              if (rest % 2 === 1) members.push(element.at(k));
            return makeSet(members);
          },
          has: (v) => Array.isArray(v) && v.every((x) => element.has(x)),
        };
      }
      case 'map': {
        // Map i: key k's digit of i in base |V| + 1 says it is absent (0) or holds value d - 1.
        const key = this.domainOf(t.key);
        const value = this.domainOf(t.value);
        const base = value.size + 1;
        return {
          size: base ** key.size,
          at: (i) => {
            const entries: [Value, Value][] = [];
            for (let k = 0, rest = i; rest > 0; k++, rest = Math.floor(rest / base))
              if (rest % base !== 0) entries.push([key.at(k), value.at((rest % base) - 1)]);
            return makeMap(entries);
          },
          has: (v) => isMapValue(v) && v.entries.every(([k, x]) => key.has(k) && value.has(x)),
        };
      }
      case 'seq': {
        // Sequences by length, then as the digits of i - (the count of shorter ones) in base |T|.
        const element = this.domainOf(t.element);
        const cap =
          t.capacity === null
            ? 0
            : t.capacity.kind === 'literal'
              ? t.capacity.value
              : (this.params.get(t.capacity.name) as number);
        const counts: number[] = [];
        for (let n = 0, p = 1; n <= cap; n++, p *= element.size) counts.push(p);
        return {
          size: counts.reduce((a, b) => a + b, 0),
          at: (i) => {
            let n = 0;
            let rest = i;
            while (rest >= counts[n]!) rest -= counts[n++]!;
            const items: Value[] = [];
            for (let k = 0; k < n; k++, rest = Math.floor(rest / element.size))
              items.push(element.at(rest % element.size));
            return { items };
          },
          has: (v) =>
            isSeqValue(v) && v.items.length <= cap && v.items.every((x) => element.has(x)),
        };
      }
      case 'nullable': {
        const inner = this.domainOf(t.inner);
        return {
          size: inner.size + 1,
          at: (i) => (i === 0 ? null : inner.at(i - 1)),
          has: (v) => v === null || inner.has(v),
        };
      }
      case 'null':
        return listDomain([null]);
      case 'time':
      case 'duration':
      case 'unknown':
        throw new ModelError(`type ${t.kind} has no finite model domain`);
      default: {
        const unreachable: never = t;
        return unreachable;
      }
    }
  }

  /** An Int, Nat or Duration variable with a model range: TypeOK admits every integer of its
   *  type (a Nat or Duration is never negative); the range is what it enumerates. */
  private unboundedDomain(v: IrVar): ModelDomain {
    const range = this.domainOf({ kind: 'int', range: v.model });
    const natural = neverNegative(v);
    return {
      size: range.size,
      at: range.at,
      has: (x) => typeof x === 'number' && Number.isInteger(x) && (!natural || x >= 0),
    };
  }

  /** Is every variable with a model range inside it (rule 10)? A state that is not lies past
   *  the model's bounds: its invariants are checked, its successors are not explored. */
  inBounds(s: readonly Value[]): boolean {
    for (const b of this.#bounds) if (!b.range.has(s[b.slot]!)) return false;
    return true;
  }

  /** Every combination of one value from each domain, the first varying slowest. */
  private product(domains: readonly (readonly Value[])[]): Value[][] {
    return domains.reduce<Value[][]>(
      (acc, d) => acc.flatMap((prefix) => d.map((v) => [...prefix, v])),
      [[]],
    );
  }

  frame(
    cur: readonly Value[],
    event: readonly Value[] | null = null,
    next: readonly Value[] | null = null,
  ): Frame {
    return { cur, next, event, bound: [], now: 0 };
  }

  initialStates(): Value[][] {
    return [...this.eachInitialState()];
  }

  /** The initial states one by one, consts in product order (the first varying slowest):
   *  their number is a product of const domains, so they are never built all at once. */
  *eachInitialState(): Generator<Value[]> {
    const initial = this.ir.states.find((s) => s.initial)?.name;
    if (!initial) throw new ModelError('no initial state');
    // Initial values read only literals, params, consts and now (checker TTH2013).
    const inits = this.ir.vars.map((v) => compileExpr(v.init, this.#scope(null)));
    const domains = this.ir.consts.map((c) => this.domainOf(c.type));
    if (domains.some((d) => d.size === 0)) return;
    const index = domains.map(() => 0);
    for (;;) {
      const s: Value[] = new Array<Value>(this.layout.size).fill(null);
      s[STATE_SLOT] = initial;
      s[VERSION_SLOT] = 0;
      domains.forEach((d, i) => (s[VERSION_SLOT + 1 + i] = d.at(index[i]!)));
      const f = this.frame(s);
      inits.forEach((init, i) => (s[VERSION_SLOT + 1 + this.ir.consts.length + i] = init(f)));
      yield s;
      let k = domains.length - 1;
      while (k >= 0 && ++index[k]! === domains[k]!.size) index[k--] = 0;
      if (k < 0) return;
    }
  }

  candidates(state: string, eventIndex: number): readonly ModelTransition[] {
    return this.#candidates.get(state)?.[eventIndex] ?? [];
  }

  /** A frame reused by guardHolds and fire (they never nest), to spare the allocator. */
  readonly #scratch: Frame = { cur: [], next: null, event: null, bound: [], now: 0 };

  /** Do all require clauses of t hold for this payload? */
  guardHolds(t: ModelTransition, cur: readonly Value[], payload: readonly Value[]): boolean {
    const f = this.#scratch;
    f.cur = cur;
    f.event = payload;
    for (const r of t.requires) if (!r.test(f)) return false;
    return true;
  }

  /** The successor of taking t with a payload whose guard holds. */
  fire(t: ModelTransition, cur: readonly Value[], payload: readonly Value[]): Value[] {
    const f = this.#scratch;
    f.cur = cur;
    f.event = payload;
    const next = cur.slice();
    for (const a of t.assignments) {
      const v = a.value(f);
      next[a.slot] = a.time && typeof v === 'number' && v < TIME_PASSED ? TIME_PASSED : v;
    }
    if (t.target !== null) next[STATE_SLOT] = t.target; // null: `-> stay` (ir.ts, rule 6)
    next[VERSION_SLOT] = ((cur[VERSION_SLOT] as number) + t.ir.versionStep) % VERSION_MODULUS;
    return next;
  }

  /** The clock's successor, or null when Tick is not enabled. */
  tick(cur: readonly Value[]): Value[] | null {
    if (this.terminal.has(cur[STATE_SLOT] as string)) return null;
    let next: Value[] | null = null;
    for (const slot of this.timeSlots) {
      const v = cur[slot];
      if (typeof v === 'number' && v > TIME_PASSED) {
        next ??= cur.slice();
        next[slot] = v - 1;
      }
    }
    return next;
  }

  /**
   * THE DISPATCH RULE (lower/ir.ts) on a model state, for an event without expectedVersion:
   * the enabled candidate, or the clause that names the rejection (the furthest failing
   * clause, ties to the earliest candidate), plus the first failing clause of every
   * candidate that is not enabled (the conformance planner finds dead and shadowed clauses
   * with them).
   */
  decide(cur: readonly Value[], eventIndex: number, payload: readonly Value[]): Decision {
    const candidates = this.candidates(cur[STATE_SLOT] as string, eventIndex);
    const f = this.#scratch;
    const failures: ClauseRef[] = [];
    let best: ClauseRef | null = null;
    let taken: ModelTransition | null = null;
    // Every candidate is evaluated (the engine may stop at the taken one): a clause that fails
    // only where another candidate is taken still decides determinism, so it is not dead.
    for (const t of candidates) {
      f.cur = cur;
      f.event = payload;
      const clause = t.requires.findIndex((r) => !r.test(f));
      if (clause < 0) {
        taken ??= t;
        continue;
      }
      const ref = { transition: t, clause };
      failures.push(ref);
      if (!best || clause > best.clause) best = ref;
    }
    if (taken) return { kind: 'accept', transition: taken, failures };
    if (best) return { kind: 'reject', deciding: best, failures };
    return {
      kind: 'none',
      reason: noCandidateReason(
        this.ir,
        cur[STATE_SLOT] as string,
        this.ir.events[eventIndex]!.name,
      ),
      failures,
    };
  }

  /** enabled(t): some payload satisfies all of t's require clauses in this state; opaque
   *  fields range over their model values and the unheld ones (rule 8). */
  isEnabled(name: string, cur: readonly Value[]): boolean {
    const t = this.transitions.find((x) => x.ir.name === name);
    if (!t || !t.sources.has(cur[STATE_SLOT] as string)) return false;
    return this.#searchedPayloads(t.eventIndex).some((p) => this.guardHolds(t, cur, p));
  }

  #searchedPayloads(eventIndex: number): readonly (readonly Value[])[] {
    let payloads = this.#enabledPayloads.get(eventIndex);
    if (!payloads) {
      const fields = this.ir.events[eventIndex]?.fields ?? [];
      payloads = this.product(
        fields.map((f) => {
          const t = stripNull(f.type);
          const unheld = t.kind === 'opaque' ? (this.#unheld.get(t.name) ?? []) : [];
          return [...this.domain(payloadType(f)), ...unheld];
        }),
      );
      this.#enabledPayloads.set(eventIndex, payloads);
    }
    return payloads;
  }

  /** Every payload of an event, in a fixed order. */
  eventPayloads(eventIndex: number): readonly (readonly Value[])[] {
    return this.payloads[eventIndex] ?? [];
  }
}

/** A domain of a few declared names (enum members, states). */
function listDomain(values: readonly Value[]): ModelDomain {
  const set = new Set(values);
  return { size: values.length, at: (i) => values[i]!, has: (v) => set.has(v) };
}
