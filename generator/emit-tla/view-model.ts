// IR → the view model of the TLA+ module and its cfg. Every decision lives here; the
// templates (templates/*.hbs) only lay the view out. The module is the model of
// semantics/model.ts, written for TLC: same variables, same initial states, one action per
// transition, the clock's Tick, and a Done step that lets terminal states end a behaviour.

import {
  neverNegative,
  payloadType,
  showTarget,
  someNode,
  type IrExpr,
  type IrMachine,
  type IrTemporal,
  usesKind,
} from '../lower/ir.ts';
import { isTimeType as isTime, type IrBound, type IrType } from '../lower/types.ts';
import { VERSION_MODULUS, opaqueValues, unheldValues } from '../semantics/model.ts';
import { enabledTransitions } from '../lower/enabled.ts';
import { BUILTIN } from '../explore/builtin.ts';
import { TlaNaming } from '../names/tla.ts';
import {
  NULL,
  tlaExpr,
  tlaString,
  tlaTemporal,
  type ExprContext,
  type TlaNames,
} from './tla-expr.ts';

/** The state constraint of the model's bounds (names/tla.ts keeps spec names off it). */
export const MODEL_BOUNDS = 'ModelBounds';
export interface Definition {
  readonly comment: readonly string[];
  readonly head: string;
  readonly body: readonly string[];
}

export interface ModuleView {
  readonly header: readonly string[];
  readonly moduleName: string;
  /** The standard modules it EXTENDS (Sequences only for a machine with sequences). */
  readonly extends: string;
  readonly constants: readonly { readonly name: string; readonly comment: string }[];
  readonly variables: readonly { readonly name: string; readonly comment: string }[];
  readonly definitions: readonly Definition[];
}

export interface CfgView {
  readonly header: readonly string[];
  /** `op` is `=` for a value, `<-` to substitute a definition of the module. */
  readonly constants: readonly {
    readonly name: string;
    readonly op: '=' | '<-';
    readonly value: string;
  }[];
  readonly invariants: readonly string[];
  readonly properties: readonly string[];
  /** State constraints: the model's bounds (IR rule 10), when it has any. */
  readonly constraints: readonly string[];
}

/** What race/tla.ts needs to write the race module of `check --concurrent` over this one:
 *  per transition, the snapshot it stores as a record computed from the current variables
 *  (the same assignments as its step), and the naming, to allocate names no definition has. */
export interface RaceView {
  readonly naming: TlaNaming;
  /** Every name the machine's module defines or declares. */
  readonly defined: ReadonlySet<string>;
  /** The variables, in the order of `vars`. */
  readonly vars: readonly string[];
  readonly transitions: readonly {
    readonly where: string;
    readonly name: string;
    readonly payloads: string;
    readonly sources: string;
    readonly guard: string;
    /** `[state |-> …, version |-> …, …]`: the snapshot the transition makes. */
    readonly next: string;
  }[];
}

/** An IR the TLA+ module cannot model (a bug: the checker refuses such specs). */
export class TlaEmitError extends Error {
  override readonly name = 'TlaEmitError';
}

function bullets(op: '/\\' | '\\/', items: readonly string[], indent = '  '): string[] {
  if (items.length === 0) return [`${indent}${op === '/\\' ? 'TRUE' : 'FALSE'}`];
  return items.map((i) => `${indent}${op} ${i}`);
}

export function buildViews(ir: IrMachine): {
  module: ModuleView;
  cfg: CfgView;
  race: RaceView;
} {
  // Every TLA+ name comes from one table (names/tla.ts): spec names escaped where TLA+
  // gives them a meaning, derived and bound names allocated so that none meets another.
  const naming = new TlaNaming(ir);
  const tlaName = (n: string): string => naming.name(n);
  const names: TlaNames = {
    name: tlaName,
    field: (n) => naming.field(n),
    enabled: (t) => naming.enabled(t),
    bind: (n, enclosing) => naming.bind(n, enclosing),
    typeSet: (t) => typeSet(t),
  };
  const ctx: ExprContext = { names, primeVars: false };
  const primed: ExprContext = { names, primeVars: true };
  const ex = (e: IrExpr): string => tlaExpr(e, ctx);

  /** A range bound or capacity: a literal, or a param's name. */
  function bound(b: IrBound | null): string {
    if (!b) throw new TlaEmitError('a sequence variable has no capacity');
    return b.kind === 'literal'
      ? b.value < 0
        ? `(${b.value})`
        : String(b.value)
      : tlaName(b.name);
  }

  function typeSet(t: IrType): string {
    switch (t.kind) {
      case 'bool':
        return 'BOOLEAN';
      case 'int': {
        if (!t.range) throw new TlaEmitError('an unbounded integer has no TLA+ model set');
        return `(${bound(t.range.lo)}..${bound(t.range.hi)})`;
      }
      case 'enum':
      case 'opaque':
        return tlaName(t.name);
      case 'state':
        return 'States';
      case 'set':
        return `(SUBSET ${typeSet(t.element)})`;
      case 'map':
      case 'seq':
        // TypeOK tests a map or a sequence on its own; no set of them is ever built.
        throw new TlaEmitError(`a ${t.kind} type has no TLA+ model set here`);
      case 'nullable':
        return `(${typeSet(t.inner)} \\cup {${NULL}})`;
      case 'time':
        return `(Int \\cup {${NULL}})`;
      case 'duration':
      case 'null':
      case 'unknown':
        throw new TlaEmitError(`type ${t.kind} has no TLA+ model set`);
      default: {
        const unreachable: never = t;
        return unreachable;
      }
    }
  }

  const slots = [
    ...ir.consts.map((c) => ({ name: c.name, type: c.type, isConst: true, v: null })),
    ...ir.vars.map((v) => ({ name: v.name, type: v.type, isConst: false, v })),
  ];
  /** A slot's TypeOK set: a variable with a model range holds any integer of its type. */
  const slotTypeSet = (s: (typeof slots)[number]): string =>
    s.v?.model ? (neverNegative(s.v) ? 'Nat' : 'Int') : typeSet(s.type);
  const allVars = ['state', 'version', ...slots.map((s) => tlaName(s.name))];
  const timeVars = slots.filter((s) => isTime(s.type)).map((s) => tlaName(s.name));
  const at = (loc: { line: number; column: number }): string =>
    `${ir.source}:${loc.line}:${loc.column}`;
  const payloads = (event: string): string => naming.payloads(event);
  const stateSet = (states: readonly string[]): string => `{${states.map(tlaString).join(', ')}}`;
  const unchanged = (assigned: ReadonlySet<string>, extra: readonly string[] = []): string => {
    const rest = allVars.filter((v) => !assigned.has(v) && !extra.includes(v));
    return rest.length === 0 ? 'TRUE' : `UNCHANGED <<${rest.join(', ')}>>`;
  };

  const defs: Definition[] = [];
  const def = (comment: string[], head: string, body: string[]): void =>
    void defs.push({ comment, head, body });

  // ---- sets ----
  def(["The machine's states; terminal states absorb events and time."], 'States ==', [
    `  ${stateSet(ir.states.map((s) => s.name))}`,
  ]);
  def([], 'TerminalStates ==', [
    `  ${stateSet(ir.states.filter((s) => s.terminal).map((s) => s.name))}`,
  ]);
  for (const e of ir.enums)
    def([`enum ${e.name}`], `${tlaName(e.name)} ==`, [`  ${stateSet(e.members)}`]);
  def(
    ['The model counts version modulo 2: enough to see that every transition moves it.'],
    'VersionModulus ==',
    [`  ${VERSION_MODULUS}`],
  );
  def(['Times are relative to now; a time that has passed is TimePassed.'], 'TimePassed ==', [
    '  -1',
  ]);
  def([], 'Dec(t) ==', [
    `  IF t = ${NULL} THEN ${NULL} ELSE IF t > TimePassed THEN t - 1 ELSE TimePassed`,
  ]);
  def([], 'Clamp(t) ==', [
    `  IF t = ${NULL} THEN ${NULL} ELSE IF t < TimePassed THEN TimePassed ELSE t`,
  ]);
  if (usesKind(ir, 'map')) {
    // A map is a function over the keys it holds: m[k] is null when k is not one of them.
    def(['Maps: functions over the keys they hold.'], 'EmptyMap ==', [
      `  [mx \\in {} |-> ${NULL}]`,
    ]);
    def([], 'MapGet(mp, mk) ==', [`  IF mk \\in DOMAIN mp THEN mp[mk] ELSE ${NULL}`]);
    def([], 'MapPut(mp, mk, mv) ==', [
      '  [mx \\in DOMAIN mp \\cup {mk} |-> IF mx = mk THEN mv ELSE mp[mx]]',
    ]);
    def([], 'MapRemove(mp, mk) ==', ['  [mx \\in DOMAIN mp \\ {mk} |-> mp[mx]]']);
  }
  if (usesKind(ir, 'seq')) {
    // head(s) is null, tail(s) empty, for an empty s (Head and Tail are undefined there).
    def(['Sequences: head and tail of an empty one.'], 'SeqHead(mp) ==', [
      `  IF mp = <<>> THEN ${NULL} ELSE Head(mp)`,
    ]);
    def([], 'SeqTail(mp) ==', ['  IF mp = <<>> THEN <<>> ELSE Tail(mp)']);
    def([], 'SeqHas(mp, mx) ==', ['  \\E mk \\in 1..Len(mp): mp[mk] = mx']);
    def([], 'SeqCount(mp, mx) ==', ['  Cardinality({mk \\in 1..Len(mp): mp[mk] = mx})']);
  }
  // Definitions, each after those it uses (lower.ts): an operator whose params are bound
  // names free of every module-level one (SANY refuses one that shadows a name).
  for (const d of ir.defs) {
    const params = new Map<string, string>();
    for (const p of d.params) params.set(p.name, naming.bind(p.name, params.values()));
    const name = tlaName(d.name);
    def(
      [`${ir.source}:${d.loc.line}:${d.loc.column} def ${d.name}`],
      params.size === 0 ? `${name} ==` : `${name}(${[...params.values()].join(', ')}) ==`,
      [`  ${tlaExpr(d.body, { ...ctx, bound: params })}`],
    );
  }
  for (const e of ir.events)
    def([`${ir.source}:${e.loc.line}:${e.loc.column} event ${e.name}`], `${payloads(e.name)} ==`, [
      e.fields.length === 0
        ? '  {<<>>}'
        : `  [${e.fields.map((f) => `${naming.field(f.name)}: ${typeSet(payloadType(f))}`).join(', ')}]`,
    ]);
  // ir.ts rule 8: enabled() searches the payloads with each opaque field also ranging over the
  // type's unheld model values, which no state or event holds (semantics/model.ts).
  const unheld = unheldValues(ir);
  const searched = enabledTransitions(ir);
  const searchedEvents = new Set(
    ir.transitions.filter((t) => searched.has(t.name)).map((t) => t.event),
  );
  const searchedPayloads = new Map<string, string>();
  const searchedSet = (t: IrType): string => {
    const inner = t.kind === 'nullable' ? t.inner : t;
    if (inner.kind !== 'opaque' || !unheld.has(inner.name)) return typeSet(t);
    const ids = `(${tlaName(inner.name)} \\cup ${naming.unheld(inner.name)})`;
    return t.kind === 'nullable' ? `(${ids} \\cup {${NULL}})` : ids;
  };
  for (const e of ir.events)
    if (
      searchedEvents.has(e.name) &&
      e.fields.some((f) => searchedSet(payloadType(f)) !== typeSet(payloadType(f)))
    ) {
      searchedPayloads.set(e.name, naming.enabledPayloads(e.name));
      def(
        [
          `the payloads enabled() searches for event ${e.name}: ids also range over the unheld model values`,
        ],
        `${naming.enabledPayloads(e.name)} ==`,
        [
          `  [${e.fields.map((f) => `${naming.field(f.name)}: ${searchedSet(payloadType(f))}`).join(', ')}]`,
        ],
      );
    }
  def([], 'vars ==', [`  <<${allVars.join(', ')}>>`]);

  // TLC's cfg cannot write a negative number: such params get their value from a definition.
  for (const p of ir.params)
    if (typeof p.modelValue === 'number' && p.modelValue < 0)
      def(
        [
          `the model value of param ${p.name} (substituted in the cfg: it cannot write negative numbers)`,
        ],
        `${naming.modelValue(p.name)} ==`,
        [`  ${p.modelValue}`],
      );

  // ---- TypeOK, Init ----
  def(
    ['Every variable holds a value of its declared type.'],
    `${BUILTIN.typeOk} ==`,
    bullets('/\\', [
      'state \\in States',
      'version \\in 0..(VersionModulus - 1)',
      ...slots.map((s) =>
        s.type.kind === 'map'
          ? // a function over some of the keys, to values (no set of all maps is built)
            `DOMAIN ${tlaName(s.name)} \\subseteq ${typeSet(s.type.key)} /\\ ${tlaName(s.name)} \\in [DOMAIN ${tlaName(s.name)} -> ${typeSet(s.type.value)}]`
          : s.type.kind === 'seq'
            ? // at most N elements, each of the type (an append past N breaks this)
              `Len(${tlaName(s.name)}) <= ${bound(s.type.capacity)} /\\ ${tlaName(s.name)} \\in [1..Len(${tlaName(s.name)}) -> ${typeSet(s.type.element)}]`
            : `${tlaName(s.name)} \\in ${slotTypeSet(s)}`,
      ),
    ]),
  );
  // IR rule 10: the model keeps the states where each variable with a model range is in it.
  const bounded = ir.vars.filter((v) => v.model);
  if (bounded.length > 0)
    def(
      [
        "The model's bounds (var ... model lo..hi): TLC explores only the states within them,",
        'and checks the invariants of the states just past them (a CONSTRAINT).',
      ],
      `${MODEL_BOUNDS} ==`,
      bullets(
        '/\\',
        bounded.map((v) => `${tlaName(v.name)} \\in ${typeSet({ kind: 'int', range: v.model })}`),
      ),
    );
  const initial = ir.states.find((s) => s.initial)!;
  def(
    ['Consts range over every value; variables start at their initial values (now = 0).'],
    'Init ==',
    bullets('/\\', [
      `state = ${tlaString(initial.name)}`,
      'version = 0',
      ...ir.consts.map((c) => `${tlaName(c.name)} \\in ${typeSet(c.type)}`),
      ...ir.vars.map(
        (v) => `${tlaName(v.name)} = ${isTime(v.type) ? `Clamp(${ex(v.init)})` : ex(v.init)}`,
      ),
    ]),
  );

  // ---- transitions ----
  const raceTransitions: RaceView['transitions'][number][] = [];
  for (const t of ir.transitions) {
    const n = tlaName(t.name);
    const where = `${at(t.loc)} transition ${t.name}: ${t.sources.join(' | ')} -> ${showTarget(t)} on ${t.event}`;
    def(
      [where, 'its require clauses, in order'],
      `${naming.guard(t.name)}(event) ==`,
      bullets(
        '/\\',
        t.requires.map((r) => ex(r.cond)),
      ),
    );
    const assigned = new Set([
      'state',
      'version',
      ...t.assignments.map((a) => tlaName(a.variable)),
    ]);
    const isTimeVar = (v: string): boolean => timeVars.includes(tlaName(v));
    // What the step assigns, each variable once: its step and its race record say the same.
    const values = new Map<string, string>([
      ...t.assignments.map(
        (a) =>
          [
            tlaName(a.variable),
            isTimeVar(a.variable) ? `Clamp(${ex(a.value)})` : ex(a.value),
          ] as const,
      ),
      // `-> stay` keeps the state (ir.ts, rule 6).
      ['state', t.target === null ? 'state' : tlaString(t.target)],
      ['version', `(version + ${t.versionStep}) % VersionModulus`],
    ]);
    def(
      [],
      `${naming.step(t.name)}(event) ==`,
      bullets('/\\', [
        `state \\in ${stateSet(t.sources)}`,
        // TLC evaluates a conjunction inside an action one conjunct per stack frame (its
        // Tool.getNextStates), so a long guard would overflow its stack; an IF's condition is
        // evaluated as one state predicate, whatever its length.
        `IF ${naming.guard(t.name)}(event) THEN TRUE ELSE FALSE`,
        ...[...values].map(([v, value]) => `${v}' = ${value}`),
        unchanged(assigned),
      ]),
    );
    raceTransitions.push({
      where,
      name: n,
      payloads: payloads(t.event),
      sources: stateSet(t.sources),
      guard: naming.guard(t.name),
      next: `[${allVars.map((v) => `${v} |-> ${values.get(v) ?? v}`).join(', ')}]`,
    });
    def([], `${n} ==`, [`  \\E event \\in ${payloads(t.event)}: ${naming.step(t.name)}(event)`]);
    def([], `${naming.enabled(t.name)} ==`, [
      `  state \\in ${stateSet(t.sources)} /\\ \\E event \\in ${searchedPayloads.get(t.event) ?? payloads(t.event)}: ${naming.guard(t.name)}(event)`,
    ]);
  }

  // ---- environment ----
  def(
    ['The clock: every non-null time moves one tick towards the past, outside terminal states.'],
    'Tick ==',
    timeVars.length === 0
      ? ['  FALSE']
      : bullets('/\\', [
          'state \\notin TerminalStates',
          `(${timeVars.map((v) => `(${v} # ${NULL} /\\ ${v} > TimePassed)`).join(' \\/ ')})`,
          ...timeVars.map((v) => `${v}' = Dec(${v})`),
          unchanged(new Set(timeVars)),
        ]),
  );
  def(['A terminal state ends the behaviour: it stutters, and is no deadlock.'], 'Done ==', [
    '  state \\in TerminalStates /\\ UNCHANGED vars',
  ]);
  def(
    [],
    'Next ==',
    bullets('\\/', [...ir.transitions.map((t) => tlaName(t.name)), 'Tick', 'Done']),
  );
  // `each` is fair to every payload on its own (ir.ts, IrFairness): one conjunct per payload.
  const fairness = ir.fairness.map((f) => {
    const fair = `${f.strength === 'weak' ? 'WF' : 'SF'}_vars`;
    const target = f.target;
    if (target.kind === 'clock') return `${fair}(Tick)`;
    if (!target.each) return `${fair}(${tlaName(target.name)})`;
    const event = ir.transitions.find((t) => t.name === target.name)!.event;
    return `(\\A event \\in ${payloads(event)}: ${fair}(${naming.step(target.name)}(event)))`;
  });
  def(['The spec, with the declared fairness.'], 'Spec ==', [
    `  Init /\\ [][Next]_vars${fairness.map((f) => ` /\\ ${f}`).join('')}`,
  ]);

  // ---- the spec's properties ----
  // TLC evaluates an invariant that reads no variable once, before its search, and stops
  // with a configuration error if it is FALSE; `state = state` makes it a state predicate,
  // checked in every state (the first initial state fails it, as in the explorer).
  for (const i of ir.invariants)
    def(
      [
        `${at(i.loc)} invariant ${i.name}${readsState(i.expr) ? '' : ' (reads no variable: checked in every state)'}`,
      ],
      `${tlaName(i.name)} ==`,
      [`  ${readsState(i.expr) ? '' : 'state = state /\\ '}${ex(i.expr)}`],
    );
  for (const s of ir.steps)
    def(
      [`${at(s.loc)} step ${s.name}: holds on every transition (a clock tick is not one)`],
      `${tlaName(s.name)} ==`,
      [`  [][(Tick \\/ ${ex(s.expr)})]_vars`],
    );
  // TLC checks a property's `[]P` conjuncts (P a state predicate) as invariants during its
  // search, named by P's text, and stops at the first one that fails; a label makes the
  // property one formula to TLC (its SpecProcessor splits only conjunctions and boxes),
  // checked by liveness on the complete graph like every other property, as in the explorer.
  // A property with no temporal operator holds of a behaviour whose initial state satisfies
  // it: TLC checks it in the initial states, but refuses a conjunct that is a bare variable
  // ("cannot be used as a property"); labelled, it is one formula too.
  for (const p of ir.properties) {
    const label = hasInvariantPart(p.formula)
      ? ' (labelled: TLC checks it whole, after its search)'
      : p.formula.kind === 'predicate'
        ? ' (a state predicate, labelled: TLC checks it whole, in the initial states)'
        : null;
    def([`${at(p.loc)} property ${p.name}${label ?? ''}`], `${tlaName(p.name)} ==`, [
      `  ${label ? `${tlaName(p.name)}:: ` : ''}${tlaTemporal(p.formula, ctx)}`,
    ]);
  }

  // ---- built-in guarantees ----
  const pairs: string[] = [];
  for (const d of ir.dispatch)
    for (let i = 0; i < d.candidates.length; i++)
      for (let j = i + 1; j < d.candidates.length; j++)
        pairs.push(
          `state = ${tlaString(d.state)} => \\A event \\in ${payloads(d.event)}: ~(${naming.guard(d.candidates[i]!)}(event) /\\ ${naming.guard(d.candidates[j]!)}(event))`,
        );
  def(
    ['Determinism: for any state and event payload, at most one transition is enabled.'],
    `${BUILTIN.deterministic} ==`,
    bullets('/\\', pairs),
  );
  def(
    ['Seed §5 / I3: every step is a clock tick or adds one to version.'],
    `${BUILTIN.versionIncrements} ==`,
    ["  [][(Tick \\/ version' = (version + 1) % VersionModulus)]_vars"],
  );
  def(['Terminal states absorb: nothing changes once in one.'], `${BUILTIN.terminalAbsorbing} ==`, [
    '  [][(state \\in TerminalStates => (UNCHANGED vars))]_vars',
  ]);
  for (const t of ir.transitions.filter((x) => x.ensures.length > 0))
    def(
      [`${at(t.loc)} the ensure clauses of ${t.name}, on the new state`],
      `${naming.ensures(t.name)} ==`,
      [
        `  [][(\\A event \\in ${payloads(t.event)}: ${naming.step(t.name)}(event) => (${t.ensures.map((e) => tlaExpr(e.cond, primed)).join(' /\\ ')}))]_vars`,
      ],
    );

  // Unique by construction (names/tla.ts); a clash here is a bug in the naming, not the spec.
  const heads = new Set<string>([
    ...allVars,
    ...ir.params.map((p) => tlaName(p.name)),
    ...ir.types.map((t) => tlaName(t.name)),
    ...[...unheld.keys()].map((t) => naming.unheld(t)),
    NULL,
  ]);
  for (const d of defs) {
    const name = d.head.replace(/\(.*$/, '').replace(/ ==$/, '');
    if (heads.has(name))
      throw new Error(`internal: '${name}' is defined twice in the TLA+ module of ${ir.source}`);
    heads.add(name);
  }

  const header = [
    `Generated by \`tether generate\` from ${ir.source}. DO NOT EDIT:`,
    'edit the spec and run `tether generate`.',
  ];
  const module: ModuleView = {
    header,
    moduleName: naming.module,
    extends: usesKind(ir, 'seq') ? 'Integers, FiniteSets, Sequences' : 'Integers, FiniteSets',
    constants: [
      ...ir.params.map((p) => ({ name: tlaName(p.name), comment: `param ${p.name}` })),
      ...ir.types.map((t) => ({
        name: tlaName(t.name),
        comment: `type ${t.name}: a set of model values`,
      })),
      ...[...unheld.keys()].map((t) => ({
        name: naming.unheld(t),
        comment: `model values of ${t} that no state or event holds: enabled() searches them too (rule 8)`,
      })),
      { name: NULL, comment: 'a model value: the absent value' },
    ],
    variables: [
      { name: 'state', comment: 'the machine state' },
      { name: 'version', comment: 'the version, modulo VersionModulus' },
      ...ir.consts.map((c) => ({ name: tlaName(c.name), comment: `const ${c.name}` })),
      ...ir.vars.map((v) => ({
        name: tlaName(v.name),
        comment: `var ${v.name}${isTime(v.type) ? ' (relative to now)' : ''}`,
      })),
    ],
    definitions: defs,
  };
  const cfg: CfgView = {
    header,
    constants: [
      ...ir.params.map((p) =>
        typeof p.modelValue === 'number' && p.modelValue < 0
          ? { name: tlaName(p.name), op: '<-' as const, value: naming.modelValue(p.name) }
          : {
              name: tlaName(p.name),
              op: '=' as const,
              value:
                typeof p.modelValue === 'boolean'
                  ? p.modelValue
                    ? 'TRUE'
                    : 'FALSE'
                  : String(p.modelValue),
            },
      ),
      ...ir.types.map((t) => ({
        name: tlaName(t.name),
        op: '=' as const,
        value: `{${opaqueValues(ir, t.name).join(', ')}}`,
      })),
      ...[...unheld].map(([t, values]) => ({
        name: naming.unheld(t),
        op: '=' as const,
        value: `{${values.join(', ')}}`,
      })),
      { name: NULL, op: '=' as const, value: NULL },
    ],
    invariants: [
      BUILTIN.typeOk,
      ...ir.invariants.map((i) => tlaName(i.name)),
      BUILTIN.deterministic,
    ],
    properties: [
      ...ir.steps.map((s) => tlaName(s.name)),
      BUILTIN.versionIncrements,
      BUILTIN.terminalAbsorbing,
      ...ir.transitions.filter((t) => t.ensures.length > 0).map((t) => naming.ensures(t.name)),
      ...ir.properties.map((p) => tlaName(p.name)),
    ],
    constraints: bounded.length > 0 ? [MODEL_BOUNDS] : [],
  };
  return {
    module,
    cfg,
    race: { naming, defined: heads, vars: allVars, transitions: raceTransitions },
  };
}

/** Whether an expression reads a TLA+ variable (state, a const or a var; `enabled` reads state). */
function readsState(e: IrExpr): boolean {
  return someNode(
    e,
    (x) => x.kind === 'var' || x.kind === 'const' || x.kind === 'state' || x.kind === 'enabled',
  );
}

/** Whether TLC would check a part of the property as an invariant: a conjunct `[]P` with P
 *  free of temporal operators. */
function hasInvariantPart(f: IrTemporal): boolean {
  if (f.kind === 'binary' && f.op === 'and')
    return hasInvariantPart(f.left) || hasInvariantPart(f.right);
  return f.kind === 'always' && isStatePredicate(f.body);
}

function isStatePredicate(f: IrTemporal): boolean {
  return (
    f.kind === 'predicate' ||
    (f.kind === 'binary' && isStatePredicate(f.left) && isStatePredicate(f.right))
  );
}
