// The one catalog of diagnostics: every code Tether can report, its severity and its message
// template. Codes are stable (tools and tests key on them) and grouped by stage:
// TTH0xxx parse, TTH1xxx names, TTH2xxx types, TTH3xxx states, TTH4xxx transitions,
// TTH5xxx unused declarations, TTH6xxx findings on the model's reachable states. `{name}`
// placeholders are filled from the report's arguments, whose type is derived from the template
// (DiagnosticArgs): a call site must pass exactly those keys.

export type Severity = 'error' | 'warning';

export interface CatalogEntry {
  /** A stable kebab-case name, shown in docs and `--format json`. */
  readonly name: string;
  readonly severity: Severity;
  /** The message, with `{arg}` placeholders (word characters only; no other `{` in a template). */
  readonly template: string;
}

export const CATALOG = {
  // ---- parse ----
  /** The text does not match the grammar. */
  TTH0001: { name: 'syntax-error', severity: 'error', template: '{detail}' },
  /** An integer literal beyond 2^31 - 1, the model's (TLC's) largest integer (IR rule 9). */
  TTH0002: {
    name: 'integer-too-large',
    severity: 'error',
    template:
      "integer literal '{text}' is too large: the model's integers are TLC's, at most 2147483647",
  },
  /** An expression, formula or type nested past the limit every backend supports. */
  TTH0003: {
    name: 'nesting-too-deep',
    severity: 'error',
    template:
      'nested more than {limit} levels deep here, the most every backend supports (a long flat chain such as a and b and ... is not nesting)',
  },

  // ---- names ----
  /** A name declared twice in one namespace. */
  TTH1001: {
    name: 'duplicate-name',
    severity: 'error',
    template: "'{name}' is already declared as {previous}",
  },
  /** A state name that is not declared in `states { }`. */
  TTH1002: { name: 'undefined-state', severity: 'error', template: "undefined state '{name}'" },
  /** A name in an expression or type that is not declared. */
  TTH1003: { name: 'undefined-name', severity: 'error', template: "undefined name '{name}'" },
  /** `on EVENT` with an undeclared event. */
  TTH1004: { name: 'undefined-event', severity: 'error', template: "undefined event '{name}'" },
  /** A type name that is neither built in nor declared. */
  TTH1005: { name: 'undefined-type', severity: 'error', template: "undefined type '{name}'" },
  /** `fairness` or `enabled()` naming a transition that does not exist. */
  TTH1006: {
    name: 'undefined-transition',
    severity: 'error',
    template: "undefined transition '{name}'",
  },
  /** A reason code not declared in `accept { }` or `reject { }`. */
  TTH1007: {
    name: 'undefined-reason',
    severity: 'error',
    template: "undefined reason '{name}': declare it in {where}",
  },
  /** `event.field` where the transition's event has no such field. */
  TTH1008: {
    name: 'undefined-field',
    severity: 'error',
    template: "event '{event}' has no field '{name}'{hint}",
  },
  /** A declaration reuses a built-in name. */
  TTH1009: {
    name: 'reserved-name',
    severity: 'error',
    template: "'{name}' is a built-in {what} and cannot be declared",
  },
  /** `event.field` outside a transition. */
  TTH1010: {
    name: 'event-outside-transition',
    severity: 'error',
    template: "'event.{name}' can only be used inside a transition",
  },
  /** An accept reason used after `else`, or a reject reason after `reason`. */
  TTH1011: {
    name: 'reason-polarity',
    severity: 'error',
    template: "'{name}' is {actual} reason, but {expected} reason is needed here",
  },

  /** Two declarations a backend would give one name in one namespace, or a declaration
   *  whose backend name is one the backend gives something else (names/). */
  TTH1012: {
    name: 'backend-name-clash',
    severity: 'error',
    template: "{first} and {second} would both be '{name}' in the {backend}: rename {which}",
  },
  /** A name a backend cannot write at all (a TypeScript reserved word as a type name). */
  TTH1013: {
    name: 'unusable-name',
    severity: 'error',
    template: '{what} cannot be a name in the {backend}: {why}; rename it',
  },
  /** A definition that uses itself, directly or through other definitions. */
  TTH1014: {
    name: 'recursive-definition',
    severity: 'error',
    template: "definition '{name}' uses itself{through}: a definition cannot be recursive",
  },

  // ---- types ----
  /** An expression whose type is not the one its context needs. */
  TTH2001: {
    name: 'type-mismatch',
    severity: 'error',
    template: '{context}: expected {expected}, found {actual}',
  },
  /** A nullable value used where a value is required, without a `!= null` guard. */
  TTH2002: {
    name: 'possibly-null',
    severity: 'error',
    template: "'{name}' may be null here: guard it first (e.g. '{name} != null and ...')",
  },
  /** A statically known value outside the declared range. */
  TTH2003: {
    name: 'value-out-of-range',
    severity: 'error',
    template: "value {value} is outside the range {range} of '{name}'",
  },
  /** A variable whose type has infinitely many values (the model must be finite). */
  TTH2004: {
    name: 'unbounded-type',
    severity: 'error',
    template: "'{name}' has the unbounded type {type}: use a range such as 0..N",
  },
  /** `x'` outside a `step` declaration. */
  TTH2005: {
    name: 'prime-outside-step',
    severity: 'error',
    template: '"{name}\'" (the next value) can only be used in a step declaration',
  },
  /** `set` on a const or a built-in. */
  TTH2006: {
    name: 'assign-readonly',
    severity: 'error',
    template: "cannot assign '{name}': it is {what}",
  },
  /** `set` on a name that is not declared at all. */
  TTH2007: {
    name: 'assign-undeclared',
    severity: 'error',
    template: "cannot assign '{name}': no variable of that name is declared",
  },
  /** Two Time values compared without `now` on either side. */
  TTH2008: {
    name: 'time-comparison-without-now',
    severity: 'error',
    template: 'a comparison of times must have now (or now + a duration) on one side',
  },
  /** A param's or type's model value does not fit its declaration. */
  TTH2009: {
    name: 'invalid-model-value',
    severity: 'error',
    template: "invalid model value for '{name}': {detail}",
  },
  /** A range whose bounds are not integer constants, or are empty. */
  TTH2010: { name: 'invalid-range', severity: 'error', template: 'invalid range: {detail}' },
  /** `enabled(...)` outside an invariant or property. */
  TTH2011: {
    name: 'enabled-outside-property',
    severity: 'error',
    template: 'enabled() can only be used in an invariant or a property',
  },
  /** A call of an unknown function or with the wrong number of arguments. */
  TTH2012: { name: 'invalid-call', severity: 'error', template: '{detail}' },
  /** An initial value that reads a variable, `state` or `version`. */
  TTH2013: {
    name: 'non-constant-initial-value',
    severity: 'error',
    template: "'{name}' cannot be used in an initial value: use literals, params, consts and now",
  },
  /** A prime on something that has no next value. */
  TTH2014: {
    name: 'invalid-prime',
    severity: 'error',
    template: "'{name}' has no next value: only variables, consts and state can be primed",
  },
  /** `version` in an expression: the engine maintains it and the model does not hold it. */
  TTH2015: {
    name: 'version-in-expression',
    severity: 'error',
    template:
      "'version' cannot be used in expressions: the engine adds one on every accepted transition, a built-in guarantee the model checks",
  },
  /** Time arithmetic other than `now + duration`. */
  TTH2016: {
    name: 'time-arithmetic',
    severity: 'error',
    template: 'a time can only be computed as now + a duration',
  },
  /** `forall`/`exists` over an opaque type: the model has N ids, the runtime unboundedly many. */
  TTH2017: {
    name: 'quantifier-over-opaque-type',
    severity: 'error',
    template:
      "'{quantifier}' over the opaque type '{type}': at runtime '{type}' has unboundedly many ids, in the model only its {size} model values, so the model and the engine would disagree",
  },
  /** enabled() of a transition whose guard reads a set of ids from the event: no finite search. */
  TTH2018: {
    name: 'enabled-over-set-of-ids',
    severity: 'error',
    template:
      "enabled({transition}) cannot be decided: its require clauses read '{field}' of event '{event}', a set of {type} ids, and no finite search covers the sets of ids a payload can carry at runtime (the model would search only sets of its model values)",
  },
  /** enabled() of a transition whose guard reads a field unbounded at runtime. */
  TTH2020: {
    name: 'enabled-over-unbounded-field',
    severity: 'error',
    template:
      "enabled({transition}) cannot be decided: its require clauses read '{field}' of event '{event}', a {type} with a model range, and no finite search covers the values it can carry at runtime (the model would search only {range})",
  },
  /** A `model lo..hi` where it has no meaning, or below what its type allows. */
  TTH2021: {
    name: 'bad-model-range',
    severity: 'error',
    template: "'{name}': {detail}",
  },
  /** A map or sequence type where they are not supported, or with keys, values or elements
   *  they cannot have. */
  TTH2022: {
    name: 'bad-collection-type',
    severity: 'error',
    template: "'{name}': {detail}",
  },
  /** Something a model checker enumerates with more values than it builds (IR rule 9). */
  TTH2019: {
    name: 'too-many-values',
    severity: 'error',
    template:
      '{what} has {count} values in the model, more than the {limit} a model checker enumerates (TLC builds it as one set): narrow the type or lower the model values',
  },

  // ---- states ----
  /** No state is marked `initial`. */
  TTH3001: {
    name: 'no-initial-state',
    severity: 'error',
    template: "no initial state: mark one state 'initial'",
  },
  /** More than one state is marked `initial`. */
  TTH3002: {
    name: 'multiple-initial-states',
    severity: 'error',
    template: "more than one initial state: '{name}' and '{other}'",
  },
  /** A transition lists a terminal state as a source (terminal states are absorbing). */
  TTH3003: {
    name: 'transition-from-terminal',
    severity: 'error',
    template: "transition '{transition}' leaves the terminal state '{name}', which is absorbing",
  },
  /** A state no path of transitions reaches from the initial state. */
  TTH3004: {
    name: 'unreachable-state',
    severity: 'warning',
    template: "state '{name}' cannot be reached from the initial state '{initial}'",
  },
  /** A non-terminal state with no outgoing transition. */
  TTH3005: {
    name: 'dead-end-state',
    severity: 'warning',
    template:
      "state '{name}' has no outgoing transition: mark it 'terminal' if the machine is meant to stop there",
  },
  /** No terminal state to move to when an invariant fails (seed §10). */
  TTH3006: {
    name: 'no-violation-state',
    severity: 'error',
    template:
      "the machine has no terminal state to move to when an invariant fails: declare one, or refuse such a step with 'on violation -> reject'",
  },
  /** Several terminal states and no `on violation -> STATE` to choose one. */
  TTH3007: {
    name: 'ambiguous-violation-state',
    severity: 'error',
    template:
      "several terminal states ({names}): say which one an invariant failure moves to with 'on violation -> STATE', or refuse such a step with 'on violation -> reject'",
  },
  /** `on violation -> STATE` names a non-terminal state, or appears twice. */
  TTH3008: { name: 'invalid-violation-state', severity: 'error', template: '{detail}' },
  /** A state both `initial` and `terminal`. */
  TTH3009: {
    name: 'initial-terminal-state',
    severity: 'error',
    template: "state '{name}' is both initial and terminal: the machine could never move",
  },

  // ---- transitions ----
  /** A transition without `reason` (seed I5: every transition is reason-coded). */
  TTH4001: {
    name: 'missing-reason',
    severity: 'error',
    template: "transition '{name}' has no 'reason' clause (every transition is reason-coded)",
  },
  /** Two `reason` clauses on one transition. */
  TTH4002: {
    name: 'duplicate-reason-clause',
    severity: 'error',
    template: "transition '{name}' has more than one 'reason' clause",
  },
  /** One variable assigned twice in a transition's `set`. */
  TTH4003: {
    name: 'double-assignment',
    severity: 'error',
    template: "'{name}' is assigned twice in transition '{transition}'",
  },
  /** Two transitions from one state on one event whose guards may both hold. */
  TTH4004: {
    name: 'possibly-overlapping-guards',
    severity: 'warning',
    template:
      "transitions '{first}' and '{second}' both leave '{state}' on '{event}' and their guards are not provably disjoint: the model check decides determinism",
  },
  /** A state listed twice in one transition's sources. */
  TTH4005: {
    name: 'duplicate-source',
    severity: 'warning',
    template: "state '{name}' is listed twice in the sources of '{transition}'",
  },
  /** `refuse E in S`, where a transition handles E in S: the refusal would never apply. */
  TTH4006: {
    name: 'refusal-never-applies',
    severity: 'error',
    template:
      "'{event}' is handled in '{state}' by transition '{transition}': a refusal there never applies (a failing require clause names its own reason)",
  },
  /** `refuse E in S` for a terminal S, which rejects every event with TERMINATED. */
  TTH4007: {
    name: 'refusal-in-terminal-state',
    severity: 'error',
    template:
      "'{state}' is terminal: it rejects every event with TERMINATED, so it cannot refuse '{event}'",
  },
  /** Two refusals of one event in one state. */
  TTH4008: {
    name: 'duplicate-refusal',
    severity: 'error',
    template: "'{event}' in '{state}' is refused twice",
  },
  /** `otherwise` on a transition that no earlier transition on its event precedes. */
  TTH4009: {
    name: 'otherwise-without-alternative',
    severity: 'warning',
    template:
      "'{name}' is marked 'otherwise', but no transition declared before it handles '{event}' in its states: it is an ordinary transition",
  },
  /** `fairness weak each clock`: `each` is per payload, and the clock has none. */
  TTH4010: {
    name: 'each-clock',
    severity: 'error',
    template:
      "'each' makes fairness hold for every payload of a transition's event; the clock has no payloads: write 'fairness {strength} clock'",
  },
  /** `each` on a transition whose event has no fields: one payload, so `each` changes nothing. */
  TTH4011: {
    name: 'each-without-fields',
    severity: 'warning',
    template:
      "'each' has no effect on '{name}': its event '{event}' has no fields, so it has one payload",
  },
  /** More strong fairness conditions than TLC checks in reasonable time (each payload of a
   *  `strong each` counts). */
  TTH4012: {
    name: 'many-strong-fairness-conditions',
    severity: 'warning',
    template:
      "{count} strong fairness conditions (each payload of a 'strong each' counts one): TLC's liveness check grows exponentially in them and is impractical past {limit}; 'tether check --explorer' handles them",
  },

  // ---- unused ----
  TTH5001: {
    name: 'unused-variable',
    severity: 'warning',
    template: "variable '{name}' is never read",
  },
  TTH5002: { name: 'unused-param', severity: 'warning', template: "param '{name}' is never used" },
  TTH5003: {
    name: 'unused-event',
    severity: 'warning',
    template: "event '{name}' triggers no transition: every '{name}' will be rejected",
  },
  TTH5004: { name: 'unused-type', severity: 'warning', template: "type '{name}' is never used" },
  TTH5005: {
    name: 'unused-reason',
    severity: 'warning',
    template: "reason '{name}' is never used",
  },
  TTH5006: {
    name: 'unused-definition',
    severity: 'warning',
    template: "definition '{name}' is never used",
  },

  // ---- model analysis (check, generate: they explore the model) ----
  /** A require clause that holds in every reachable state where it is evaluated. */
  TTH6001: {
    name: 'dead-require-clause',
    severity: 'warning',
    template:
      "this require clause of '{transition}' never fails in a reachable state: it can never reject with {reason}",
  },
} as const satisfies Record<string, CatalogEntry>;

/** Every diagnostic code, as a literal union. */
export type DiagnosticCode = keyof typeof CATALOG;

export const DIAGNOSTIC_CODES = Object.keys(CATALOG) as DiagnosticCode[];

/** The `{name}` placeholders of a template, as a union of their names. */
export type Placeholders<TTemplate extends string> =
  TTemplate extends `${string}{${infer TName}}${infer TRest}` ? TName | Placeholders<TRest> : never;

/** The placeholders of one code's template. */
export type ArgNames<TCode extends DiagnosticCode> = Placeholders<
  (typeof CATALOG)[TCode]['template']
>;

/**
 * The arguments a code's template needs: exactly its placeholders, each a string (none for a
 * template without placeholders). A missing, extra or misspelt key at a call site is a compile
 * error. For a union of codes every member's placeholders are needed, so a code known only at
 * run time cannot get another code's arguments.
 */
export type DiagnosticArgs<TCode extends DiagnosticCode> = [ArgNames<TCode>] extends [never]
  ? { readonly [key: string]: never }
  : { readonly [K in ArgNames<TCode>]: string };

/** Fills a code's template; a placeholder without an argument is left visible. */
export function formatMessage<TCode extends DiagnosticCode>(
  code: TCode,
  args: DiagnosticArgs<TCode>,
): string {
  const values: Readonly<Record<string, string | undefined>> = args;
  return CATALOG[code].template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
