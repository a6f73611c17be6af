// Prints a SpecDraft (spec-draft.ts) as the text of a well-typed spec: every expression site
// interprets its own choices against what is in scope there (the checker's rules: nullable
// values only after a `!= null` guard (TTH2002), times only as now + a duration (TTH2016) and
// compared with now on one side (TTH2008), ranges on variables, no `version`, enabled() only
// in invariants and properties, primes only in steps, event fields only in transitions), and
// keeps the model small (domains bounded, so a model has at most a few thousand states).
// One declaration or clause per line: the harness drops violated properties line by line.

import { STAY, type Choices, type SpecDraft } from './spec-draft.ts';
import { NameBook, PLAIN, POOL } from './names.ts';

/** Constructs the printer can leave out (TETHER_PIPELINE_AVOID), to get past a known defect
 *  while it is being fixed elsewhere; by default every construct is generated. Remove an
 *  entry's use once its defect is fixed.
 *  - `collisions`: only plain names (issue 10, defects 2, 3, 13, 14);
 *  - `temporal`: no temporal properties and no fairness (defects 4, 5, 6, 8);
 *  - `time-in-checks`: time comparisons only in require clauses and assignments, not in the
 *    checks after a step (ensures, invariants, steps: defect 7);
 *  - `enabled`: no enabled() (its model semantics over opaque fields, defect 1);
 *  - `constant-properties`: every invariant, step and temporal predicate reads the state
 *    (TLC refuses a constant invariant that is false, and names a constant `always p` by
 *    its text: found by this harness);
 *  - `initial-violations` (pipeline.ts): no TLC run while the explorer finds a violation in an
 *    initial state (Tether reads no counterexample from TLC there: found by this harness);
 *  - found by this harness, each making the engine fail strict tsc: `empty-set` (no `{}` in
 *    expressions, TS2345), `literal-comparisons` (no comparison of two literals, TS2367),
 *    `unused-bound` (every quantifier body reads its variable, TS6133), `const-init` (no
 *    initial value reads a const, TS2339);
 *  - `ensure-events`: no ensure reads the event (TLC's counterexample of an ensure can name a
 *    payload for which it holds: found by this harness);
 *  - `maps`: no map variables (and so no map expressions). */
export const AVOIDABLE = [
  'collisions',
  'temporal',
  'time-in-checks',
  'enabled',
  'constant-properties',
  'initial-violations',
  'empty-set',
  'literal-comparisons',
  'unused-bound',
  'const-init',
  'ensure-events',
  'maps',
] as const;

/** A printed spec. */
export interface PrintedSpec {
  readonly text: string;
}

type Ty =
  | { readonly k: 'bool' }
  | {
      readonly k: 'int';
      readonly lo: number;
      readonly hi: number;
      readonly text: string;
      /** An event field or a variable unbounded at runtime, lo..hi in the model (`Nat model 0..2`). */
      readonly model?: true;
    }
  | { readonly k: 'enum'; readonly name: string; readonly members: readonly string[] }
  | { readonly k: 'id'; readonly name: string; readonly size: number }
  | { readonly k: 'set'; readonly el: Ty }
  /** `map<K, V>`: keys an enum, a range (0..1 or 0..2) or a type; only a variable's type. */
  | { readonly k: 'map'; readonly key: Ty; readonly val: Ty }
  | { readonly k: 'time' }
  | { readonly k: 'state' }
  | { readonly k: 'opt'; readonly inner: Ty };

type MapTy = Extract<Ty, { k: 'map' }>;

const BOOL: Ty = { k: 'bool' };
const INT: Ty = { k: 'int', lo: -3, hi: 3, text: 'Int' };
const STATE: Ty = { k: 'state' };
const TIME: Ty = { k: 'time' };

function sameTy(a: Ty, b: Ty): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'enum':
    case 'id':
      return a.name === (b as typeof a).name;
    case 'set':
      return sameTy(a.el, (b as typeof a).el);
    case 'opt':
      return sameTy(a.inner, (b as typeof a).inner);
    case 'map':
      return sameTy(a.key, (b as typeof a).key) && sameTy(a.val, (b as typeof a).val);
    default:
      return true;
  }
}

/** The same type, ranges included (a map's keys and values keep to their ranges). */
const exactTy = (a: Ty, b: Ty): boolean => tyText(a) === tyText(b);

function tyText(t: Ty): string {
  switch (t.k) {
    case 'bool':
      return 'Bool';
    case 'int':
      return t.text;
    case 'enum':
    case 'id':
      return t.name;
    case 'set':
      return `set<${tyText(t.el)}>`;
    case 'map':
      return `map<${tyText(t.key)}, ${tyText(t.val)}>`;
    case 'time':
      return 'Time';
    case 'state':
      return 'State';
    case 'opt':
      return `${tyText(t.inner)}?`;
  }
}

/** How many model values a type has (times: ticks from now up to the longest duration). */
function domainSize(t: Ty, maxDuration: number): number {
  switch (t.k) {
    case 'bool':
      return 2;
    case 'int':
      return t.hi - t.lo + 1;
    case 'enum':
      return t.members.length;
    case 'id':
      return t.size;
    case 'set':
      return 2 ** domainSize(t.el, maxDuration);
    case 'map':
      return (domainSize(t.val, maxDuration) + 1) ** domainSize(t.key, maxDuration);
    case 'time':
      return maxDuration + 2;
    case 'state':
      return 8;
    case 'opt':
      return domainSize(t.inner, maxDuration) + 1;
  }
}

/** Reads an expression site's choices; past the end every choice is 0 (the simplest). */
class Chooser {
  #i = 0;
  constructor(private readonly xs: Choices) {}
  next(): number {
    return this.#i < this.xs.length ? this.xs[this.#i++]! : 0;
  }
  pick(n: number): number {
    const v = this.next();
    return n <= 1 ? 0 : v % n;
  }
  /** One of the available options (null ones are not), by weight; the first must be available. */
  choose<T>(options: readonly (readonly [number, () => T] | null | false)[]): T {
    const live = options.filter((o): o is readonly [number, () => T] => Boolean(o));
    if (live.length === 0)
      throw new Error('the spec printer has no option here (a bug of the printer)');
    const total = live.reduce((a, [w]) => a + w, 0);
    let r = this.next() % total;
    for (const [w, f] of live) {
      if (r < w) return f();
      r -= w;
    }
    return live[0]![1]();
  }
}

type Site = 'init' | 'require' | 'set' | 'ensure' | 'invariant' | 'step' | 'property';

/** A value the site can name: a variable (or its next value), const, param, field, bound
 *  variable or `state`. `key` is the narrowing key of a nullable ref. */
interface Ref {
  readonly text: string;
  readonly ty: Ty;
  readonly key: string;
}

interface Scope {
  readonly site: Site;
  readonly refs: readonly Ref[];
  /** Keys known non-null here. */
  readonly narrowed: ReadonlySet<string>;
  /** The enclosing quantifiers' variables: literals spelled like one (states, enum members,
   *  params, `now`) are hidden by it. */
  readonly hidden: ReadonlySet<string>;
  /** The durations here: the Duration params and, in a transition, its event's Duration
   *  fields (`event.ttl`, a model range of ticks). */
  readonly durations: readonly string[];
}

/** A boolean expression and the keys it proves non-null when true. */
interface Bool {
  readonly t: string;
  readonly facts: readonly string[];
}

const plain = (t: string): Bool => ({ t, facts: [] });

/** The model bounds that keep one spec's pipeline run to a few seconds. */
const MAX_STATE_PRODUCT = 1536;
const MAX_PAYLOADS = 36;

interface TransitionInfo {
  readonly name: string;
  readonly event: string;
}

class Printer {
  readonly book: NameBook;
  readonly lines: string[] = [];
  machine = '';
  readonly types: Ty[] = [];
  readonly enums: Extract<Ty, { k: 'enum' }>[] = [];
  readonly params: { name: string; kind: string; model: number }[] = [];
  readonly durations: { name: string; model: number }[] = [];
  states: string[] = [];
  terminals: string[] = [];
  readonly consts: Ref[] = [];
  readonly vars: Ref[] = [];
  readonly events: { name: string; fields: Ref[]; durations: string[]; payloads: number }[] = [];
  accept: string[] = [];
  reject: string[] = [];
  readonly transitions: TransitionInfo[] = [];
  /** The definitions require clauses use, declared after everything else (a use may come
   *  before its declaration). */
  readonly defLines: string[] = [];

  constructor(
    readonly d: SpecDraft,
    readonly avoid: ReadonlySet<string>,
  ) {
    this.book = new NameBook(avoid.has('collisions') ? 0 : d.collisions);
  }

  line(text: string): void {
    this.lines.push(text);
  }

  get maxDuration(): number {
    return this.durations.reduce((a, p) => Math.max(a, p.model), 0);
  }

  get allStates(): string[] {
    return [...this.states, ...this.terminals];
  }

  print(): PrintedSpec {
    const d = this.d;
    const b = this.book;
    this.machine = b.name('machine', 'machine', d.machine);
    this.line(`machine ${this.machine}`);
    for (const t of d.types) {
      const name = b.name('type', 'value', t.name);
      this.types.push({ k: 'id', name, size: t.model ?? 2 });
      this.line(t.model === null ? `type ${name}` : `type ${name} model ${t.model}`);
    }
    for (const e of d.enums) {
      const name = b.name('enum', 'value', e.name);
      const members = e.members.map((m) => b.name('member', 'value', m));
      this.enums.push({ k: 'enum', name, members });
      this.line(`enum ${name} { ${members.join(', ')} }`);
    }
    for (const p of d.params) {
      const name = b.name('param', 'value', p.name);
      const model = p.kind === 'Bool' ? (p.model ? 'true' : 'false') : String(p.model);
      this.params.push({ name, kind: p.kind, model: p.model });
      if (p.kind === 'Duration') this.durations.push({ name, model: p.model });
      this.line(`param ${name}: ${p.kind} model ${model}`);
    }
    this.states = d.states.map((s) => b.name('state', 'value', s));
    this.terminals = d.terminals.map((s) => b.name('terminal', 'value', s));
    this.line(
      `states { initial ${this.states.join(' ')} ${this.terminals.map((s) => `terminal ${s}`).join(' ')} }`,
    );
    if (this.terminals.length === 0 || d.violation.reject) this.line('on violation -> reject');
    else if (this.terminals.length > 1 || d.violation.explicit)
      this.line(`on violation -> ${this.terminals[d.violation.pick % this.terminals.length]!}`);

    // Consts and variables, within the model's state budget.
    let product = 1;
    const fits = (t: Ty): boolean => {
      const size = domainSize(t, Math.max(this.maxDuration, 1));
      if (product * size > MAX_STATE_PRODUCT) return false;
      product *= size;
      return true;
    };
    for (const c of d.consts) {
      const t = this.constType(new Chooser(c.type));
      if (!fits(t)) continue;
      const name = b.name('const', 'value', c.name);
      this.consts.push({ text: name, ty: t, key: name });
      this.line(`const ${name}: ${tyText(t)}`);
    }
    const pendingVars: { name: string; ty: Ty; init: Choices }[] = [];
    for (const v of d.vars) {
      const t = this.varType(new Chooser(v.type));
      if (!fits(t)) continue;
      if (t.k === 'time' || (t.k === 'opt' && t.inner.k === 'time')) this.ensureDuration();
      pendingVars.push({ name: b.name('var', 'value', v.name), ty: t, init: v.init });
    }
    for (const v of pendingVars) {
      this.vars.push({ text: v.name, ty: v.ty, key: v.name });
      this.line(`var ${v.name}: ${tyText(v.ty)} = ${this.initValue(v.ty, new Chooser(v.init))}`);
    }

    // Events: fields within the payload budget; a selector field where transitions share one.
    const sharing = new Map<number, number>();
    for (const t of d.transitions)
      if (t.disjoint)
        sharing.set(t.event % d.events.length, (sharing.get(t.event % d.events.length) ?? 0) + 1);
    const selectors = new Map<number, string>();
    d.events.forEach((e, ei) => {
      const name = b.name('event', 'event', e.name);
      const fields: Ref[] = [];
      const durations: string[] = [];
      const declared: string[] = [];
      let payloads = 1;
      for (const f of e.fields) {
        const c = new Chooser(f.type);
        // A Duration field: any duration at runtime, 1..2 ticks in the model (README, "Events").
        if (c.pick(8) === 0) {
          if (payloads * 2 > MAX_PAYLOADS) continue;
          payloads *= 2;
          const fname = b.name('field', `field:${name}`, f.name);
          durations.push(`event.${fname}`);
          declared.push(`${fname}: Duration model 1..2`);
          continue;
        }
        const t = this.fieldType(c);
        const size = domainSize(t, 1);
        if (payloads * size > MAX_PAYLOADS) continue;
        payloads *= size;
        const fname = b.name('field', `field:${name}`, f.name);
        fields.push({ text: `event.${fname}`, ty: t, key: `event.${fname}` });
        declared.push(`${fname}: ${tyText(t)}`);
      }
      const shared = sharing.get(ei) ?? 0;
      if (shared > 1) {
        const sel = b.name('selector', `field:${name}`, e.selector);
        selectors.set(ei, sel);
        fields.push({
          text: `event.${sel}`,
          ty: { k: 'int', lo: 0, hi: shared - 1, text: `0..${shared - 1}` },
          key: `event.${sel}`,
        });
        declared.push(`${sel}: 0..${shared - 1}`);
      }
      this.events.push({ name, fields, durations, payloads: payloads * Math.max(shared, 1) });
      this.line(`event ${name} { ${declared.join(', ')} }`);
    });
    const escapeEvent = d.escape.present ? b.name('event', 'event', d.escape.event) : null;
    if (escapeEvent) this.line(`event ${escapeEvent} {}`);
    this.accept = d.accept.map((r) => b.name('accept', 'reason', r));
    this.reject = d.reject.map((r) => b.name('reject', 'reason', r));
    this.line(`accept { ${this.accept.join(', ')} }`);
    this.line(`reject { ${this.reject.join(', ')} }`);

    // Transitions: names first (enabled() and fairness may name any of them).
    const names = d.transitions.map((t) => b.name('transition', 'transition', t.name));
    d.transitions.forEach((t, i) =>
      this.transitions.push({
        name: names[i]!,
        event: this.events[t.event % this.events.length]!.name,
      }),
    );
    const escapeName = d.escape.present ? b.name('transition', 'transition', d.escape.name) : null;
    if (escapeName) this.transitions.push({ name: escapeName, event: escapeEvent! });
    const slots = new Map<number, number>();
    d.transitions.forEach((t, i) => {
      const ei = t.event % this.events.length;
      const selector = t.disjoint ? selectors.get(ei) : undefined;
      const slot = slots.get(ei) ?? 0;
      if (t.disjoint) slots.set(ei, slot + 1);
      this.printTransition(
        t,
        names[i]!,
        ei,
        selector === undefined ? null : { field: selector, slot },
      );
    });
    if (escapeName) {
      this.line(
        `transition ${escapeName}: * -> ${this.terminals.length === 0 ? this.states[0]! : this.terminals[d.escape.target % this.terminals.length]!} on ${escapeEvent!}`,
      );
      this.line(`  reason ${this.accept[0]!}`);
    }
    // Refusals: `in *` (every state without a transition on the event), one per event.
    const refused = new Set<string>();
    for (const r of d.refusals) {
      const event = this.events[r.event % this.events.length]!.name;
      if (refused.has(event)) continue;
      refused.add(event);
      this.line(`refuse ${event} in * else ${this.reject[r.reason % this.reject.length]!}`);
    }

    // Properties: invariants, steps, temporal properties, fairness.
    for (const inv of d.invariants) {
      const name = b.name('property', 'property', inv.name);
      this.line(
        `invariant ${name}: ${this.stateLevel(this.bool(new Chooser(inv.body), this.scope('invariant'), 3).t)}`,
      );
    }
    for (const st of d.steps) {
      const name = b.name('property', 'property', st.name);
      this.line(
        `step ${name}: ${this.stateLevel(this.bool(new Chooser(st.body), this.scope('step'), 2).t)}`,
      );
    }
    for (const p of this.avoid.has('temporal') ? [] : d.properties) {
      const name = b.name('property', 'property', p.name);
      const pe = this.stateLevel(this.bool(new Chooser(p.p), this.scope('property'), 2).t);
      const qe = this.stateLevel(this.bool(new Chooser(p.q), this.scope('property'), 2).t);
      const forms = [
        `always ${pe}`,
        `eventually ${pe}`,
        `always eventually ${pe}`,
        `eventually always ${pe}`,
        `${pe} ~> ${qe}`,
        `always (${pe} => eventually ${qe})`,
        `always (${pe} => always ${qe})`,
        `always ${pe} and eventually ${qe}`,
      ];
      this.line(`property ${name}: ${forms[p.form % forms.length]!}`);
    }
    const targets = ['clock', ...this.transitions.map((t) => t.name)];
    const payloadsOf = (t: string): number => {
      const event = this.transitions.find((x) => x.name === t)?.event;
      return this.events.find((e) => e.name === event)?.payloads ?? 1;
    };
    let strong = 0;
    for (const f of this.avoid.has('temporal') ? [] : d.fairness) {
      // `each` is per payload: the clock has none (TTH4010), so it is left out.
      let from = f.each && targets.length > 1 ? targets.slice(1) : targets;
      let names = [...new Set(f.targets.map((i) => from[i % from.length]!))];
      // TLC's liveness check is exponential in strong fairness conditions (TTH4012): a few.
      const conditions = f.each ? names.reduce((n, t) => n + payloadsOf(t), 0) : names.length;
      if (f.strong && f.each && strong + conditions > 8) {
        from = targets;
        names = [...new Set(f.targets.map((i) => from[i % from.length]!))];
      }
      if (f.strong) strong += from === targets ? names.length : conditions;
      const each = from === targets ? '' : 'each ';
      this.line(`fairness ${f.strong ? 'strong' : 'weak'} ${each}${names.join(', ')}`);
    }
    for (const line of this.defLines) this.line(line);

    return { text: `${this.lines.join('\n')}\n` };
  }

  /** With `constant-properties` avoided, a predicate that reads no state is made to. */
  stateLevel(body: string): string {
    if (!this.avoid.has('constant-properties')) return body;
    const names = [
      'state',
      'enabled',
      ...this.vars.map((v) => v.text),
      ...this.consts.map((c) => c.text),
    ];
    const reads = names.some((n) =>
      new RegExp(`(^|[^A-Za-z0-9_.])${n.replace(/[$]/g, '\\$')}($|[^A-Za-z0-9_])`).test(body),
    );
    return reads ? body : `(state == state and ${body})`;
  }

  /** The transitions enabled() may name: none whose event carries a set of ids or a field
   *  with a model range (no finite search covers those payloads at runtime: TTH2018,
   *  TTH2020). */
  get decidable(): readonly TransitionInfo[] {
    const setsOfIds = new Set(
      this.events
        .filter((e) =>
          e.fields.some(
            (f) => (f.ty.k === 'set' && f.ty.el.k === 'id') || (f.ty.k === 'int' && f.ty.model),
          ),
        )
        .map((e) => e.name),
    );
    return this.transitions.filter((t) => !setsOfIds.has(t.event));
  }

  /** Times need a duration to be `now + d`: add a Duration param if the draft has none. */
  ensureDuration(): void {
    if (this.durations.length > 0) return;
    const name = this.book.plain('param', new Set(this.book.given));
    this.book.given.push(name);
    this.durations.push({ name, model: 2 });
    this.params.push({ name, kind: 'Duration', model: 2 });
    this.line(`param ${name}: Duration model 2`);
  }

  // ---- types ----

  rangeType(c: Chooser): Ty {
    const nat = this.params.filter((p) => p.kind === 'Nat');
    return c.choose<Ty>([
      [3, () => ({ k: 'int', lo: 0, hi: 2, text: '0..2' })],
      [2, () => ({ k: 'int', lo: 0, hi: 1, text: '0..1' })],
      [1, () => ({ k: 'int', lo: -1, hi: 1, text: '-1..1' })],
      nat.length > 0 && [
        2,
        () => {
          const p = nat[c.pick(nat.length)]!;
          return { k: 'int', lo: 0, hi: p.model, text: `0..${p.name}` };
        },
      ],
    ]);
  }

  scalarType(c: Chooser, withTypes: boolean): Ty {
    return c.choose<Ty>([
      [3, () => BOOL],
      [3, () => this.rangeType(c)],
      this.enums.length > 0 && [3, () => this.enums[c.pick(this.enums.length)]!],
      withTypes && this.types.length > 0 && [3, () => this.types[c.pick(this.types.length)]!],
    ]);
  }

  constType(c: Chooser): Ty {
    return c.choose<Ty>([
      [2, () => this.scalarType(c, true)],
      this.types.length > 0 && [3, () => this.types[c.pick(this.types.length)]!],
    ]);
  }

  varType(c: Chooser): Ty {
    const hasConstOf = (t: Ty): boolean => this.consts.some((k) => sameTy(k.ty, t));
    return c.choose<Ty>([
      [4, () => this.scalarType(c, false)],
      // Unbounded at runtime, kept to 0..2 by the model (IR rule 10: states past it are cut).
      [1, () => ({ k: 'int', lo: 0, hi: 2, text: 'Nat model 0..2', model: true })],
      [3, () => ({ k: 'opt', inner: this.scalarType(c, true) })],
      this.types.length > 0 && [
        3,
        () => ({ k: 'set', el: this.types[c.pick(this.types.length)]! }),
      ],
      [
        1,
        () => ({
          k: 'set',
          el: c.choose<Ty>([
            [1, () => ({ k: 'int', lo: 0, hi: 2, text: '0..2' })],
            this.enums.length > 0 && [2, () => this.enums[c.pick(this.enums.length)]!],
            [1, () => BOOL],
          ]),
        }),
      ],
      [2, () => TIME],
      [2, () => ({ k: 'opt', inner: TIME })],
      !this.avoid.has('maps') && [4, () => this.mapType(c)],
      !this.avoid.has('const-init') &&
        this.types.some(hasConstOf) && [
          1,
          () => this.types.filter(hasConstOf)[c.pick(this.types.filter(hasConstOf).length)]!,
        ],
    ]);
  }

  /** A map's type: a few keys (an enum, 0..1, 1..2, 0..2 or a type) and values, so that its
   *  (|V| + 1)^|K| values in the model stay few. */
  mapType(c: Chooser): MapTy {
    const key = c.choose<Ty>([
      [2, () => ({ k: 'int', lo: 0, hi: 1, text: '0..1' })],
      [1, () => ({ k: 'int', lo: 1, hi: 2, text: '1..2' })],
      [1, () => ({ k: 'int', lo: 0, hi: 2, text: '0..2' })],
      this.enums.length > 0 && [3, () => this.enums[c.pick(this.enums.length)]!],
      this.types.length > 0 && [3, () => this.types[c.pick(this.types.length)]!],
    ]);
    const val = c.choose<Ty>([
      [3, () => BOOL],
      [3, () => this.rangeType(c)],
      this.enums.length > 0 && [2, () => this.enums[c.pick(this.enums.length)]!],
      this.types.length > 0 && [2, () => this.types[c.pick(this.types.length)]!],
      domainSize(key, 1) <= 2 && [1, () => STATE],
    ]);
    return { k: 'map', key, val };
  }

  fieldType(c: Chooser): Ty {
    return c.choose<Ty>([
      [4, () => this.scalarType(c, true)],
      // Unbounded at runtime, a few values in the model (never nullable: `T? model` is no type).
      [1, () => ({ k: 'int', lo: 0, hi: 2, text: 'Nat model 0..2', model: true })],
      [1, () => ({ k: 'int', lo: -1, hi: 1, text: 'Int model -1..1', model: true })],
      [2, () => ({ k: 'opt', inner: this.scalarType(c, true) })],
      this.types.length > 0 && [
        1,
        () => ({ k: 'set', el: this.types[c.pick(this.types.length)]! }),
      ],
    ]);
  }

  // ---- scopes ----

  scope(site: Site, event: number | null = null, narrowed: readonly string[] = []): Scope {
    const refs: Ref[] = [];
    if (site !== 'init') {
      refs.push({ text: 'state', ty: STATE, key: 'state' });
      refs.push(...this.vars);
    }
    refs.push(...this.consts);
    for (const p of this.params)
      if (p.kind === 'Bool') refs.push({ text: p.name, ty: BOOL, key: p.name });
      else if (p.kind === 'Nat' || p.kind === 'Int')
        refs.push({ text: p.name, ty: INT, key: p.name });
    if (site === 'step')
      for (const r of [{ text: 'state', ty: STATE, key: 'state' }, ...this.vars, ...this.consts])
        refs.push({ text: `${r.text}'`, ty: r.ty, key: `${r.key}'` });
    if (event !== null) refs.push(...this.events[event]!.fields);
    const durations = [
      ...this.durations.map((d) => d.name),
      ...(event !== null ? this.events[event]!.durations : []),
    ];
    return { site, refs, narrowed: new Set(narrowed), hidden: new Set(), durations };
  }

  /** The ref's type where it is used: a narrowed nullable ref is its inner type. */
  tyOf(r: Ref, s: Scope): Ty {
    return r.ty.k === 'opt' && s.narrowed.has(r.key) ? r.ty.inner : r.ty;
  }

  /** The refs in scope, with the map reads `m[k]` that narrow (nullable unless narrowed). */
  refsOf(s: Scope, want: (t: Ty) => boolean): Ref[] {
    return [...s.refs, ...this.accesses(s)].filter((r) => want(this.tyOf(r, s)));
  }

  /** `m[k]` for every map m in scope and key k in keyRefs. */
  accesses(s: Scope): Ref[] {
    const out: Ref[] = [];
    for (const m of s.refs)
      if (m.ty.k === 'map')
        for (const k of this.keyRefs(m.ty.key, s))
          out.push({
            text: `${m.text}[${k.text}]`,
            ty: { k: 'opt', inner: m.ty.val },
            key: `${m.key}[${k.key}]`,
          });
    return out;
  }

  /** The keys of a map's key type that narrow `m[k]` (a name, a field or an integer literal),
   *  each inside the type: its enum's visible members, its range's literals, the refs of
   *  exactly its type (a range's only of the same range). */
  keyRefs(key: Ty, s: Scope): { text: string; key: string }[] {
    const literals =
      key.k === 'enum'
        ? this.visible(s, key.members)
        : key.k === 'int'
          ? Array.from({ length: key.hi - key.lo + 1 }, (_, i) => String(key.lo + i))
          : [];
    const refs = s.refs.filter((r) => exactTy(this.tyOf(r, s), key));
    return [...literals.map((t) => ({ text: t, key: t })), ...refs];
  }

  /** A key of a map (the caller checked that keyRefs has one). */
  mapKey(key: Ty, c: Chooser, s: Scope): string {
    const keys = this.keyRefs(key, s);
    return keys[c.pick(keys.length)]!.text;
  }

  /** A value a map holds: a range's kept inside it. */
  mapValue(val: Ty, c: Chooser, s: Scope): string {
    if (val.k !== 'int') return this.value(val, c, s, 0);
    const same = this.refsOf(s, (x) => exactTy(x, val));
    return c.choose<string>([
      [3, () => this.literalIn(val, c)],
      same.length > 0 && [2, () => same[c.pick(same.length)]!.text],
    ]);
  }

  /** A map expression of type t: `{}`, a map of exactly its type, put, remove, if. `{}` is
   *  written only where it is `bare` (not as put's or remove's map: the checker types it as
   *  a set there, TTH2001). */
  mapExpr(t: MapTy, c: Chooser, s: Scope, depth: number, bare = true): string {
    const same = this.refsOf(s, (x) => exactTy(x, t));
    const key = this.keyRefs(t.key, s).length > 0;
    return c.choose<string>([
      ((bare && !this.avoid.has('empty-set')) || same.length === 0) && [1, () => '{}'],
      same.length > 0 && [4, () => same[c.pick(same.length)]!.text],
      depth > 0 &&
        key &&
        this.can(t.val, s) && [
          4,
          () =>
            `put(${this.mapExpr(t, c, s, depth - 1, false)}, ${this.mapKey(t.key, c, s)}, ${this.mapValue(t.val, c, s)})`,
        ],
      depth > 0 &&
        key && [
          2,
          () => `remove(${this.mapExpr(t, c, s, depth - 1, false)}, ${this.mapKey(t.key, c, s)})`,
        ],
      depth > 0 && [
        1,
        () =>
          `(if ${this.bool(c, s, 0).t} then ${this.mapExpr(t, c, s, depth - 1, bare)} else ${this.mapExpr(t, c, s, depth - 1, bare)})`,
      ],
    ]);
  }

  /** A set clause's assignment to the map variable m: `m[k] = v` (one assignment to m), a
   *  counter kept in its range, remove, `{}` or any map expression. */
  mapAssignment(m: Ref, t: MapTy, c: Chooser, s: Scope): string {
    const key = this.keyRefs(t.key, s).length > 0;
    return c.choose<string>([
      [2, () => `${m.text} = ${this.mapExpr(t, c, s, 2)}`],
      key &&
        this.can(t.val, s) && [
          5,
          () => `${m.text}[${this.mapKey(t.key, c, s)}] = ${this.mapValue(t.val, c, s)}`,
        ],
      key &&
        t.val.k === 'int' && [
          2,
          () => {
            const [lo, hi] = (t.val as Extract<Ty, { k: 'int' }>).text.split('..');
            const at = `${m.text}[${this.mapKey(t.key, c, s)}]`;
            return `${at} = if ${at} != null and ${at} < ${hi!} then ${at} + 1 else ${lo!}`;
          },
        ],
      key && [3, () => `${m.text} = remove(${m.text}, ${this.mapKey(t.key, c, s)})`],
      !this.avoid.has('empty-set') && [1, () => `${m.text} = {}`],
    ]);
  }

  visible(s: Scope, names: readonly string[]): string[] {
    return names.filter((n) => !s.hidden.has(n));
  }

  /** Can a value of type t be written here? */
  can(t: Ty, s: Scope): boolean {
    switch (t.k) {
      case 'bool':
      case 'int':
        return true;
      case 'enum':
        return (
          this.visible(s, t.members).length > 0 || this.refsOf(s, (x) => sameTy(x, t)).length > 0
        );
      case 'id':
        return this.refsOf(s, (x) => sameTy(x, t)).length > 0;
      case 'set':
      case 'map':
        return true;
      case 'state':
        return this.visible(s, this.allStates).length > 0;
      case 'time':
      case 'opt':
        return true;
    }
  }

  // ---- expressions ----

  bool(c: Chooser, s: Scope, depth: number): Bool {
    const leaf = depth <= 0;
    const r = (w: number, f: () => string): readonly [number, () => Bool] => [w, () => plain(f())];
    const boolRefs = this.refsOf(s, (t) => t.k === 'bool');
    const optRefs = this.refsOf(s, (t) => t.k === 'opt');
    const enumRefs = this.refsOf(s, (t) => t.k === 'enum');
    const idRefs = this.refsOf(s, (t) => t.k === 'id');
    const setRefs = this.refsOf(s, (t) => t.k === 'set');
    const timeRefs = this.refsOf(s, (t) => t.k === 'time');
    const mapRefs = this.refsOf(s, (t) => t.k === 'map');
    const hasState =
      this.refsOf(s, (t) => t.k === 'state').length > 0 &&
      this.visible(s, this.allStates).length > 0;
    const now =
      !s.hidden.has('now') &&
      s.site !== 'init' &&
      !(this.avoid.has('time-in-checks') && s.site !== 'require' && s.site !== 'set');
    const sub = (narrow: readonly string[] = []): Scope =>
      narrow.length ? { ...s, narrowed: new Set([...s.narrowed, ...narrow]) } : s;
    return c.choose<Bool>([
      r(2, () => (c.pick(3) === 2 ? 'false' : 'true')),
      boolRefs.length > 0 && r(3, () => boolRefs[c.pick(boolRefs.length)]!.text),
      r(3, () => {
        const [a, op, b] = [
          this.int(c, s, depth - 1),
          ['==', '!=', '<', '<=', '>', '>='][c.pick(6)]!,
          this.int(c, s, depth - 1),
        ];
        const literals = /^-?\d+$/.test(a) && /^-?\d+$/.test(b);
        return literals && this.avoid.has('literal-comparisons') ? 'true' : `(${a} ${op} ${b})`;
      }),
      hasState &&
        r(3, () => {
          const st = this.refsOf(s, (t) => t.k === 'state');
          const ref = st[c.pick(st.length)]!.text;
          const names = this.visible(s, this.allStates);
          const one = names[c.pick(names.length)]!;
          return c.choose([
            [2, () => `(${ref} == ${one})`],
            [1, () => `(${ref} != ${one})`],
            [
              2,
              () => `(${ref} in {${[...new Set([one, names[c.pick(names.length)]!])].join(', ')}})`,
            ],
            st.length > 1 && [
              2,
              () => `(${st[0]!.text} ${c.pick(2) ? '==' : '!='} ${st[1]!.text})`,
            ],
          ]);
        }),
      enumRefs.length > 0 &&
        r(3, () => {
          const ref = enumRefs[c.pick(enumRefs.length)]!;
          const t = this.tyOf(ref, s);
          return `(${ref.text} ${c.pick(2) ? '!=' : '=='} ${this.value(t, c, s, depth - 1)})`;
        }),
      idRefs.length > 0 &&
        r(3, () => {
          const ref = idRefs[c.pick(idRefs.length)]!;
          const t = this.tyOf(ref, s);
          const same = this.refsOf(s, (x) => sameTy(x, t) || (x.k === 'opt' && sameTy(x.inner, t)));
          return `(${ref.text} ${c.pick(2) ? '!=' : '=='} ${same[c.pick(same.length)]!.text})`;
        }),
      r(3, () => {
        // membership: an element of a set's type in a set expression
        const sets = setRefs.map((x) => this.tyOf(x, s) as Extract<Ty, { k: 'set' }>);
        const el =
          sets.length > 0 && c.pick(4) !== 0
            ? sets[c.pick(sets.length)]!.el
            : this.scalarType(c, false);
        if (!this.can(el, s)) return 'true';
        return `(${this.value(el, c, s, depth - 1)} ${c.pick(3) === 0 ? 'not in' : 'in'} ${this.set(el, c, s, depth - 1)})`;
      }),
      setRefs.length > 0 &&
        r(3, () => {
          const ref = setRefs[c.pick(setRefs.length)]!;
          const el = (this.tyOf(ref, s) as Extract<Ty, { k: 'set' }>).el;
          return c.choose([
            [2, () => `(size(${ref.text}) ${['<=', '==', '>=', '<'][c.pick(4)]!} ${c.pick(3)})`],
            [2, () => `(${ref.text} subset ${this.set(el, c, s, depth - 1)})`],
            [1, () => `(${this.set(el, c, s, depth - 1)} subset ${ref.text})`],
            [1, () => `(${ref.text} ${c.pick(2) ? '!=' : '=='} ${this.set(el, c, s, depth - 1)})`],
          ]);
        }),
      optRefs.length > 0 &&
        r(3, () => `(${optRefs[c.pick(optRefs.length)]!.text} ${c.pick(2) ? '==' : '!='} null)`),
      mapRefs.length > 0 &&
        r(4, () => {
          const m = mapRefs[c.pick(mapRefs.length)]!;
          const t = m.ty as MapTy;
          const eq = c.pick(2) ? '!=' : '==';
          return c.choose([
            [2, () => `(size(${m.text}) ${['<=', '==', '>=', '<'][c.pick(4)]!} ${c.pick(3)})`],
            [
              2,
              () =>
                this.avoid.has('empty-set') ? `(size(${m.text}) ${eq} 0)` : `(${m.text} ${eq} {})`,
            ],
            this.keyRefs(t.key, s).length > 0 && [
              3,
              () =>
                `(${this.mapKey(t.key, c, s)} ${c.pick(3) === 0 ? 'not in' : 'in'} keys(${m.text}))`,
            ],
            [2, () => `(${m.text} ${eq} ${this.mapExpr(t, c, s, Math.max(depth, 1))})`],
          ]);
        }),
      now &&
        timeRefs.length > 0 &&
        r(3, () => {
          const t = timeRefs[c.pick(timeRefs.length)]!.text;
          // A duration, or one scaled by an integer (`Duration * Int`, either way round).
          const durs = s.durations.filter((d) => !s.hidden.has(d));
          const d = (): string => {
            const name = durs[c.pick(durs.length)]!;
            return [name, name, `${name} * 2`, `2 * ${name}`, `${name} * 0`][c.pick(5)]!;
          };
          const lhs = durs.length > 0 && c.pick(4) === 0 ? `now + ${d()}` : 'now';
          return c.choose([
            [2, () => `(${lhs} < ${t})`],
            [2, () => `(${lhs} >= ${t})`],
            [1, () => `(${t} ${['<', '<=', '>', '>=', '==', '!='][c.pick(6)]!} ${lhs})`],
          ]);
        }),
      (s.site === 'invariant' || s.site === 'property') &&
        !this.avoid.has('enabled') &&
        this.decidable.length > 0 &&
        r(2, () => `enabled(${this.decidable[c.pick(this.decidable.length)]!.name})`),
      !leaf && [2, () => plain(`(not ${this.bool(c, s, depth - 1).t})`)],
      !leaf && [
        5,
        (): Bool => {
          const op = ['and', 'or', '=>'][c.pick(3)]!;
          const a = this.bool(c, s, depth - 1);
          const b = this.bool(c, op === 'or' ? s : sub(a.facts), depth - 1);
          return {
            t: `(${a.t} ${op} ${b.t})`,
            facts: op === 'and' ? [...a.facts, ...b.facts] : [],
          };
        },
      ],
      // a null guard, then the guarded value as non-null
      !leaf &&
        optRefs.some((x) => !s.narrowed.has(x.key)) && [
          5,
          (): Bool => {
            const free = optRefs.filter((x) => !s.narrowed.has(x.key));
            const x = free[c.pick(free.length)]!;
            const body = this.bool(c, sub([x.key]), depth - 1);
            return c.choose<Bool>([
              [
                3,
                () => ({ t: `(${x.text} != null and ${body.t})`, facts: [x.key, ...body.facts] }),
              ],
              [1, () => plain(`(${x.text} == null or ${body.t})`)],
              [1, () => plain(`(${x.text} != null => ${body.t})`)],
              [
                1,
                () =>
                  plain(
                    `(if ${x.text} != null then ${body.t} else ${this.bool(c, s, depth - 1).t})`,
                  ),
              ],
            ]);
          },
        ],
      !leaf && [3, () => this.quantifier(c, s, depth)],
      !leaf && [
        1,
        () =>
          plain(
            `(if ${this.bool(c, s, depth - 1).t} then ${this.bool(c, s, depth - 1).t} else ${this.bool(c, s, depth - 1).t})`,
          ),
      ],
    ]);
  }

  quantifier(c: Chooser, s: Scope, depth: number): Bool {
    const nat = this.params.filter(
      (p) =>
        (p.kind === 'Nat' || p.kind === 'Int') &&
        !s.hidden.has(p.name) &&
        s.refs.some((r) => r.text === p.name),
    );
    const setRefs = this.refsOf(s, (t) => t.k === 'set');
    const mapRefs = this.refsOf(s, (t) => t.k === 'map');
    const enums = this.enums.filter((e) => !s.hidden.has(e.name));
    const states = this.visible(s, this.allStates);
    // Over `keys(m)`, `m[v]` is not null in the body.
    let map: Ref | null = null;
    // Quantifiers over an opaque type are not generated: their model and runtime meanings
    // differ (issue 10, defect 1); sets of ids (and keys of maps) are quantified instead.
    const [domain, el] = c.choose<[string, Ty]>([
      [3, () => [`${c.pick(2) - 1}..${c.pick(3)}`, INT]],
      nat.length > 0 && [2, () => [`0..${nat[c.pick(nat.length)]!.name}`, INT]],
      enums.length > 0 && [
        3,
        () => {
          const e = enums[c.pick(enums.length)]!;
          return [e.name, e];
        },
      ],
      setRefs.length > 0 && [
        4,
        () => {
          const ref = setRefs[c.pick(setRefs.length)]!;
          return [ref.text, (this.tyOf(ref, s) as Extract<Ty, { k: 'set' }>).el];
        },
      ],
      mapRefs.length > 0 && [
        4,
        () => {
          map = mapRefs[c.pick(mapRefs.length)]!;
          return [`keys(${map.text})`, (map.ty as MapTy).key];
        },
      ],
      [1, () => ['{true, false}', BOOL]],
      states.length > 1 && [1, () => [`{${states.slice(0, 2).join(', ')}}`, STATE]],
    ]);
    // The variable's name: plain, drawn to collide, or hiding a name in scope.
    const taken = [
      ...s.refs.map((r) => r.text.replace(/'$/, '')).filter((n) => !n.startsWith('event.')),
      ...this.allStates,
      ...this.enums.flatMap((e) => [e.name, ...e.members]),
      ...this.durations.map((p) => p.name),
    ];
    const collide = c.pick(100) >= 100 - (this.avoid.has('collisions') ? 0 : this.d.collisions * 2);
    const v = collide
      ? c.pick(2)
        ? POOL[c.pick(POOL.length)]!
        : taken[c.pick(taken.length)]!
      : PLAIN.bound[s.hidden.size % PLAIN.bound.length]!;
    // In the body the variable hides every ref and literal spelled like it, and what was
    // known of them (as the checker forgets it: `v`, `v[k]`, `m[v]`).
    const keyOf = map as Ref | null;
    const inner: Scope = {
      ...s,
      refs: [...s.refs.filter((r) => r.text.replace(/'$/, '') !== v), { text: v, ty: el, key: v }],
      narrowed: new Set([
        ...[...s.narrowed].filter(
          (k) => k !== v && !k.startsWith(`${v}[`) && !k.includes(`[${v}]`),
        ),
        ...(keyOf ? [`${keyOf.key}[${v}]`] : []),
      ]),
      hidden: new Set([...s.hidden, v]),
    };
    let body = this.bool(c, inner, depth - 1);
    if (
      this.avoid.has('unused-bound') &&
      !new RegExp(`(^|[^A-Za-z0-9_.])${v}($|[^A-Za-z0-9_])`).test(body.t)
    )
      body = plain(`(${v} == ${v} and ${body.t})`);
    return plain(`(${c.pick(2) ? 'exists' : 'forall'} ${v} in ${domain}: ${body.t})`);
  }

  int(c: Chooser, s: Scope, depth: number): string {
    const ints = this.refsOf(s, (t) => t.k === 'int');
    const sets = this.refsOf(s, (t) => t.k === 'set');
    const maps = this.refsOf(s, (t) => t.k === 'map');
    return c.choose<string>([
      [3, () => String([0, 1, 2, -1, 3][c.pick(5)]!)],
      ints.length > 0 && [5, () => ints[c.pick(ints.length)]!.text],
      sets.length > 0 && [1, () => `size(${sets[c.pick(sets.length)]!.text})`],
      maps.length > 0 && [2, () => `size(${maps[c.pick(maps.length)]!.text})`],
      depth > 0 && [
        2,
        () =>
          `(${this.int(c, s, depth - 1)} ${['+', '-', '*'][c.pick(3)]!} ${this.int(c, s, depth - 1)})`,
      ],
      depth > 0 && [1, () => `(-${this.int(c, s, depth - 1)})`],
      depth > 0 && [
        1,
        () =>
          `(if ${this.bool(c, s, depth - 1).t} then ${this.int(c, s, depth - 1)} else ${this.int(c, s, depth - 1)})`,
      ],
    ]);
  }

  set(el: Ty, c: Chooser, s: Scope, depth: number): string {
    const same = this.refsOf(s, (t) => t.k === 'set' && sameTy(t.el, el));
    const keyed = this.refsOf(s, (t) => t.k === 'map' && sameTy(t.key, el));
    const literal = this.can(el, s);
    return c.choose<string>([
      [2, () => (this.avoid.has('empty-set') && literal ? `{${this.value(el, c, s, 0)}}` : '{}')],
      same.length > 0 && [4, () => same[c.pick(same.length)]!.text],
      keyed.length > 0 && [3, () => `keys(${keyed[c.pick(keyed.length)]!.text})`],
      this.can(el, s) && [
        3,
        () =>
          `{${[...new Set([this.value(el, c, s, 0), ...(c.pick(2) ? [this.value(el, c, s, 0)] : [])])].join(', ')}}`,
      ],
      depth > 0 && [
        2,
        () =>
          `(${this.set(el, c, s, depth - 1)} ${['union', 'intersect', 'minus'][c.pick(3)]!} ${this.set(el, c, s, depth - 1)})`,
      ],
    ]);
  }

  /** A value of type t (the caller checked `can`). */
  value(t: Ty, c: Chooser, s: Scope, depth: number): string {
    const refs = this.refsOf(s, (x) => sameTy(x, t));
    const fromRef = refs.length > 0 && ([3, () => refs[c.pick(refs.length)]!.text] as const);
    switch (t.k) {
      case 'bool':
        return this.bool(c, s, Math.min(depth, 1)).t;
      case 'int':
        return this.int(c, s, Math.min(depth, 1));
      case 'enum': {
        const members = this.visible(s, t.members);
        return c.choose<string>([
          members.length > 0 && [3, () => members[c.pick(members.length)]!],
          fromRef,
          depth > 0 &&
            this.can(t, s) && [
              1,
              () =>
                `(if ${this.bool(c, s, 0).t} then ${this.value(t, c, s, 0)} else ${this.value(t, c, s, 0)})`,
            ],
        ]);
      }
      case 'id':
        return c.choose<string>([
          fromRef,
          depth > 0 && [
            1,
            () =>
              `(if ${this.bool(c, s, 0).t} then ${this.value(t, c, s, 0)} else ${this.value(t, c, s, 0)})`,
          ],
        ]);
      case 'set':
        return this.set(t.el, c, s, depth);
      case 'map':
        return this.mapExpr(t, c, s, depth);
      case 'state': {
        const names = this.visible(s, this.allStates);
        const st = this.refsOf(s, (x) => x.k === 'state');
        return c.choose<string>([
          [3, () => names[c.pick(names.length)]!],
          st.length > 0 && [1, () => st[c.pick(st.length)]!.text],
        ]);
      }
      case 'time':
        return this.time(c, s);
      case 'opt':
        return c.choose<string>([
          [2, () => 'null'],
          this.can(t.inner, s) && [3, () => this.value(t.inner, c, s, depth)],
          fromRef,
        ]);
    }
  }

  time(c: Chooser, s: Scope): string {
    const durs = s.durations.filter((d) => !s.hidden.has(d));
    return c.choose<string>([
      [1, () => 'now'],
      durs.length > 0 && [4, () => `now + ${durs[c.pick(durs.length)]!}`],
    ]);
  }

  /** The initial value of a variable: literals, params, consts and now only (TTH2013). */
  initValue(t: Ty, c: Chooser): string {
    const all = this.scope('init');
    const s = this.avoid.has('const-init')
      ? { ...all, refs: all.refs.filter((r) => !this.consts.includes(r)) }
      : all;
    switch (t.k) {
      case 'int':
        return this.literalIn(t, c);
      case 'opt':
        if (t.inner.k === 'int') return c.pick(2) ? this.literalIn(t.inner, c) : 'null';
        return this.value(t, c, s, 0);
      case 'set':
        return this.can(t.el, s) && c.pick(3) === 2 ? `{${this.value(t.el, c, s, 0)}}` : '{}';
      case 'map':
        return '{}';
      case 'bool': {
        const b = this.refsOf(s, (x) => x.k === 'bool');
        return c.choose<string>([
          [2, () => (c.pick(2) ? 'true' : 'false')],
          b.length > 0 && [1, () => b[c.pick(b.length)]!.text],
        ]);
      }
      default:
        return this.value(t, c, s, 0);
    }
  }

  /** An integer literal inside a range (the checker folds literals: TTH2003). */
  literalIn(t: Extract<Ty, { k: 'int' }>, c: Chooser): string {
    return String(t.lo + c.pick(Math.min(t.hi, 2) - t.lo + 1));
  }

  /** The new value of a range variable: mostly kept in range by construction. */
  rangeValue(v: Ref, t: Extract<Ty, { k: 'int' }>, c: Chooser, s: Scope): string {
    const hi = t.text.split('..')[1]!;
    const lo = String(t.lo);
    const same = this.refsOf(s, (x) => x.k === 'int' && x.text === t.text);
    return c.choose<string>([
      [3, () => this.literalIn(t, c)],
      [3, () => `if ${v.text} < ${hi} then ${v.text} + 1 else ${lo}`],
      [2, () => `if ${v.text} > ${lo} then ${v.text} - 1 else ${hi}`],
      same.length > 0 && [2, () => same[c.pick(same.length)]!.text],
      [1, () => `if ${this.bool(c, s, 1).t} then ${lo} else ${hi}`],
      [1, () => `${v.text} + ${1 + c.pick(2)}`], // may leave the range: TypeOK decides
    ]);
  }

  printTransition(
    t: SpecDraft['transitions'][number],
    name: string,
    ei: number,
    selector: { field: string; slot: number } | null,
  ): void {
    const event = this.events[ei]!;
    const srcs =
      t.sources === null
        ? '*'
        : [...new Set(t.sources.map((i) => this.states[i % this.states.length]!))].join(' | ');
    // The largest draw is `-> stay` (the state it fires in is kept).
    const target = t.target === STAY ? 'stay' : this.allStates[t.target % this.allStates.length]!;
    this.line(
      `transition ${name}: ${srcs} -> ${target} on ${event.name}${t.otherwise ? ' otherwise' : ''}`,
    );
    this.line(`  reason ${this.accept[t.reason % this.accept.length]!}`);
    const facts: string[] = [];
    const requires: string[] = [];
    for (const r of t.requires) {
      const c = new Chooser(r.cond);
      const cond =
        c.pick(5) === 0
          ? { t: this.defClause(c, ei), facts: [] }
          : this.requireCond(c, this.scope('require', ei, facts));
      facts.push(...cond.facts);
      requires.push(`  require ${cond.t} else ${this.reject[r.reason % this.reject.length]!}`);
    }
    if (selector)
      requires.splice(
        t.selectorAt % (requires.length + 1),
        0,
        `  require event.${selector.field} == ${selector.slot} else ${this.reject[0]!}`,
      );
    for (const r of requires) this.line(r);
    const assigned = new Set<number>();
    const sets: string[] = [];
    for (const a of t.sets) {
      if (this.vars.length === 0) break;
      const vi = a.variable % this.vars.length;
      if (assigned.has(vi)) continue;
      const v = this.vars[vi]!;
      const s = this.scope('set', ei, facts);
      const c = new Chooser(a.value);
      let value: string | null;
      if (v.ty.k === 'int') value = this.rangeValue(v, v.ty, c, s);
      else if (v.ty.k === 'opt' && v.ty.inner.k === 'int') {
        const inner = v.ty.inner;
        const same = this.refsOf(s, (x) => x.k === 'int' && x.text === inner.text);
        value = c.choose<string>([
          [2, () => 'null'],
          [3, () => this.literalIn(inner, c)],
          same.length > 0 && [2, () => same[c.pick(same.length)]!.text],
        ]);
      } else if (v.ty.k === 'map') {
        assigned.add(vi);
        sets.push(this.mapAssignment(v, v.ty, c, s));
        continue;
      } else if (v.ty.k === 'set') value = this.setUpdate(v, v.ty.el, c, s);
      else value = this.can(v.ty, s) ? this.value(v.ty, c, s, 1) : null;
      if (value === null) continue;
      assigned.add(vi);
      sets.push(`${v.text} = ${value}`);
    }
    if (sets.length > 0) this.line(`  set ${sets.join(', ')}`);
    if (t.ensure)
      this.line(
        `  ensure ${
          this.bool(
            new Chooser(t.ensure),
            this.scope(
              'ensure',
              this.avoid.has('ensure-events') ? null : ei,
              this.avoid.has('ensure-events') ? [] : facts.filter((f) => f.startsWith('event.')),
            ),
            2,
          ).t
        }`,
      );
  }

  /** A require clause through a definition (README, "Definitions"): a Bool over the state
   *  and, with a param, one of the event's fields passed as its argument. The body is the
   *  definition's own: no event, nothing narrowed by earlier clauses; its param, drawn to
   *  collide like a quantifier's variable, hides what is spelled like it. */
  defClause(c: Chooser, ei: number): string {
    const draft = (): { roll: number; how: number; pick: number } => ({
      roll: c.pick(100),
      how: c.pick(3),
      pick: c.pick(1 << 16),
    });
    const name = this.book.name('def', 'value', draft());
    const fields = this.events[ei]!.fields.filter((f) => f.ty.k !== 'set');
    const field = fields.length > 0 && c.pick(3) > 0 ? fields[c.pick(fields.length)]! : null;
    const base = this.scope('require');
    let param: string | null = null;
    let s: Scope = base;
    if (field) {
      param = this.book.name('bound', `def:${name}`, draft());
      const p = param;
      s = {
        ...base,
        refs: [
          ...base.refs.filter((r) => r.text.replace(/'$/, '') !== p),
          { text: p, ty: field.ty, key: p },
        ],
        hidden: new Set([p]),
      };
    }
    const body = this.bool(c, s, 2).t;
    // A param's type has no model range (TTH2021): `Nat model 0..2` is declared `Nat`.
    const paramType = (t: Ty): string =>
      t.k === 'int' && t.model ? t.text.replace(/ model .*$/, '') : tyText(t);
    this.defLines.push(
      `def ${name}${field ? `(${param!}: ${paramType(field.ty)})` : ''}: Bool = ${body}`,
    );
    return field ? `${name}(${field.text})` : name;
  }

  /** A require clause: sometimes just a null guard, which narrows the later clauses. */
  requireCond(c: Chooser, s: Scope): Bool {
    const opt = this.refsOf(s, (t) => t.k === 'opt');
    return c.choose<Bool>([
      [4, () => this.bool(c, s, 2)],
      opt.length > 0 && [
        1,
        () => {
          const x = opt[c.pick(opt.length)]!;
          return { t: `${x.text} != null`, facts: [x.key] };
        },
      ],
    ]);
  }

  setUpdate(v: Ref, el: Ty, c: Chooser, s: Scope): string {
    return c.choose<string>([
      [1, () => '{}'],
      this.can(el, s) && [4, () => `${v.text} union {${this.value(el, c, s, 0)}}`],
      this.can(el, s) && [2, () => `${v.text} minus {${this.value(el, c, s, 0)}}`],
      [2, () => this.set(el, c, s, 1)],
    ]);
  }
}

/** Prints a draft as spec text (with the means to drop some of its properties). */
export function printSpec(d: SpecDraft, avoid: ReadonlySet<string> = new Set()): PrintedSpec {
  return new Printer(d, avoid).print();
}
