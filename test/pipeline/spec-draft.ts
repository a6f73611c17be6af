// The random spec model of the pipeline harness: a fast-check arbitrary of SpecDrafts. A
// draft fixes the declarations (how many, their kinds, their names) and gives every
// expression site its own list of choices, which spec-print.ts interprets against what is in
// scope there, so every draft prints as a well-typed spec and shrinking (shorter lists,
// smaller choices, fewer declarations, fewer collisions) gives a minimal one.

import fc from 'fast-check';
import type { NameDraft } from './names.ts';

/** The choices of one expression site (interpreted by spec-print.ts; 0 is the simplest). */
export type Choices = readonly number[];

/** A transition's target draw that prints `-> stay`. */
export const STAY = 6;

/** One transition: its sources (indices into the non-terminal states; null is `*`), target
 *  (into all states, or STAY), event, reason and clauses. */
export interface TransitionDraft {
  readonly name: NameDraft;
  readonly sources: readonly number[] | null;
  readonly target: number;
  /** `on E otherwise` (an alternative to the earlier transitions on E). */
  readonly otherwise: boolean;
  readonly event: number;
  readonly reason: number;
  readonly requires: readonly { readonly cond: Choices; readonly reason: number }[];
  readonly sets: readonly { readonly variable: number; readonly value: Choices }[];
  readonly ensure: Choices | null;
  /** Keep this transition's guard disjoint from the others on its event (a selector field). */
  readonly disjoint: boolean;
  /** Where the selector clause goes among the require clauses. */
  readonly selectorAt: number;
}

/** A spec before printing. */
export interface SpecDraft {
  /** Percent of names drawn to collide (0 for a spec with plain names only). */
  readonly collisions: number;
  readonly machine: NameDraft;
  readonly types: readonly { readonly name: NameDraft; readonly model: 1 | 2 | null }[];
  readonly enums: readonly { readonly name: NameDraft; readonly members: readonly NameDraft[] }[];
  readonly params: readonly {
    readonly name: NameDraft;
    readonly kind: 'Nat' | 'Duration' | 'Int' | 'Bool';
    readonly model: number;
  }[];
  /** Non-terminal states; the first is initial. */
  readonly states: readonly NameDraft[];
  readonly terminals: readonly NameDraft[];
  /** `on violation -> …` written even with one terminal state; which terminal; or
   *  `on violation -> reject` (always with no terminal state). */
  readonly violation: {
    readonly explicit: boolean;
    readonly pick: number;
    readonly reject: boolean;
  };
  readonly consts: readonly { readonly name: NameDraft; readonly type: Choices }[];
  readonly vars: readonly {
    readonly name: NameDraft;
    readonly type: Choices;
    readonly init: Choices;
  }[];
  readonly events: readonly {
    readonly name: NameDraft;
    readonly fields: readonly { readonly name: NameDraft; readonly type: Choices }[];
    readonly selector: NameDraft;
  }[];
  readonly accept: readonly NameDraft[];
  readonly reject: readonly NameDraft[];
  readonly transitions: readonly TransitionDraft[];
  /** A transition from every state to a terminal state (the initial state when there is
   *  none) on its own event, so that most models have no deadlock. */
  readonly escape: {
    readonly present: boolean;
    readonly name: NameDraft;
    readonly event: NameDraft;
    readonly target: number;
  };
  /** `refuse E in * else R` for events and reject reasons (indices), one per event. */
  readonly refusals: readonly { readonly event: number; readonly reason: number }[];
  readonly invariants: readonly { readonly name: NameDraft; readonly body: Choices }[];
  readonly steps: readonly { readonly name: NameDraft; readonly body: Choices }[];
  readonly properties: readonly {
    readonly name: NameDraft;
    readonly form: number;
    readonly p: Choices;
    readonly q: Choices;
  }[];
  /** Targets index [clock, ...transitions, escape]. */
  readonly fairness: readonly {
    readonly strong: boolean;
    /** `fairness weak each t`: per payload (the clock is then left out of the targets). */
    readonly each: boolean;
    readonly targets: readonly number[];
  }[];
}

const name: fc.Arbitrary<NameDraft> = fc.record({
  roll: fc.nat({ max: 99 }),
  how: fc.nat({ max: 2 }),
  pick: fc.nat({ max: 1 << 12 }),
});
const choices = (maxLength: number): fc.Arbitrary<Choices> =>
  fc.array(fc.nat({ max: 1 << 10 }), { maxLength });
const collisions = fc.oneof(
  { arbitrary: fc.constant(0), weight: 2 },
  { arbitrary: fc.constant(6), weight: 2 },
  { arbitrary: fc.constant(25), weight: 1 },
);

const transition: fc.Arbitrary<TransitionDraft> = fc.record({
  name,
  sources: fc.option(fc.uniqueArray(fc.nat({ max: 3 }), { minLength: 1, maxLength: 3 }), {
    nil: null,
    freq: 5,
  }),
  target: fc.nat({ max: STAY }),
  otherwise: fc.boolean(),
  event: fc.nat({ max: 3 }),
  reason: fc.nat({ max: 1 }),
  requires: fc.array(fc.record({ cond: choices(16), reason: fc.nat({ max: 2 }) }), {
    maxLength: 3,
  }),
  sets: fc.array(fc.record({ variable: fc.nat({ max: 4 }), value: choices(10) }), { maxLength: 4 }),
  ensure: fc.option(choices(14), { nil: null }),
  disjoint: fc.oneof(
    { arbitrary: fc.constant(true), weight: 9 },
    { arbitrary: fc.constant(false), weight: 1 },
  ),
  selectorAt: fc.nat({ max: 3 }),
});

/** Random spec drafts: a few states, variables, events and transitions, small model sizes. */
export const specDraft: fc.Arbitrary<SpecDraft> = fc.record({
  collisions,
  machine: name,
  types: fc.array(fc.record({ name, model: fc.constantFrom<(1 | 2 | null)[]>(null, 1, 2) }), {
    maxLength: 2,
  }),
  enums: fc.array(fc.record({ name, members: fc.array(name, { minLength: 1, maxLength: 3 }) }), {
    maxLength: 2,
  }),
  params: fc.array(
    fc.oneof(
      fc.record({ name, kind: fc.constant('Nat' as const), model: fc.integer({ min: 1, max: 2 }) }),
      fc.record({
        name,
        kind: fc.constant('Duration' as const),
        model: fc.integer({ min: 1, max: 3 }),
      }),
      fc.record({
        name,
        kind: fc.constant('Int' as const),
        model: fc.integer({ min: -2, max: 2 }),
      }),
      fc.record({
        name,
        kind: fc.constant('Bool' as const),
        model: fc.integer({ min: 0, max: 1 }),
      }),
    ),
    { maxLength: 3 },
  ),
  states: fc.array(name, { minLength: 1, maxLength: 4 }),
  terminals: fc.oneof(
    { arbitrary: fc.array(name, { minLength: 1, maxLength: 2 }), weight: 5 },
    { arbitrary: fc.constant([]), weight: 1 },
  ),
  violation: fc.record({
    explicit: fc.boolean(),
    pick: fc.nat({ max: 1 }),
    reject: fc.oneof(
      { arbitrary: fc.constant(false), weight: 5 },
      { arbitrary: fc.constant(true), weight: 1 },
    ),
  }),
  consts: fc.array(fc.record({ name, type: choices(4) }), { maxLength: 2 }),
  vars: fc.array(fc.record({ name, type: choices(6), init: choices(3) }), {
    minLength: 1,
    maxLength: 5,
  }),
  events: fc.array(
    fc.record({
      name,
      fields: fc.array(fc.record({ name, type: choices(4) }), { maxLength: 3 }),
      selector: name,
    }),
    { minLength: 1, maxLength: 3 },
  ),
  accept: fc.array(name, { minLength: 1, maxLength: 2 }),
  reject: fc.array(name, { minLength: 1, maxLength: 3 }),
  transitions: fc.array(transition, { minLength: 1, maxLength: 6 }),
  escape: fc.record({
    present: fc.oneof(
      { arbitrary: fc.constant(true), weight: 6 },
      { arbitrary: fc.constant(false), weight: 1 },
    ),
    name,
    event: name,
    target: fc.nat({ max: 1 }),
  }),
  refusals: fc.array(fc.record({ event: fc.nat({ max: 3 }), reason: fc.nat({ max: 2 }) }), {
    maxLength: 2,
  }),
  invariants: fc.array(fc.record({ name, body: choices(20) }), { maxLength: 3 }),
  steps: fc.array(fc.record({ name, body: choices(16) }), { maxLength: 2 }),
  properties: fc.array(
    fc.record({ name, form: fc.nat({ max: 7 }), p: choices(12), q: choices(12) }),
    { maxLength: 3 },
  ),
  fairness: fc.array(
    fc.record({
      strong: fc.boolean(),
      each: fc.boolean(),
      targets: fc.uniqueArray(fc.nat({ max: 6 }), { minLength: 1, maxLength: 3 }),
    }),
    { maxLength: 2 },
  ),
});
