// Fuzzing the checks after a step (generator/emit-ts/simplify.ts): random specs (random require
// clauses, assignments, target, ensure, invariant and step property over ids, nullable ids,
// nullable times and integers, sets, ranges, enums, booleans, quantifiers and enabled()), then
// random snapshots and payloads on which the transition is taken. The specialised checks must
// fail exactly when the IR interpreter's full ones do, and every value they type non-null
// (what the generated engine asserts, emit-ts/ts-expr.ts) must be non-null. `npm test` runs a bounded number of specs; `npm run
// fuzz` many more (TETHER_FUZZ_RUNS).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { specialiseStepChecks } from '../../generator/emit-ts/simplify.ts';
import { STATE_SLOT, VERSION_SLOT } from '../../generator/semantics/compile.ts';
import { Runtime } from '../../generator/semantics/runtime.ts';
import { makeSet, type Value } from '../../generator/semantics/values.ts';

const RUNS = Number(process.env['TETHER_FUZZ_RUNS'] ?? 150);

// Guards over two ids, searched by enabled(pick<i>): exists x, y in Id.
const PICKS = [
  'event.x not in held',
  'event.x == cur',
  'event.y != event.x',
  'event.y in {event.x}',
  '(event.y != event.x => event.y not in {event.x})',
  'event.x in held union {event.x}',
  'event.x in held and event.y not in held',
];

// Boolean formulas as text. `pre` may read the event (require clauses, ensures, steps); `post`
// may use primes (steps).
const ATOMS = [
  'state == A',
  'state in {A, B}',
  'state != C',
  'cur == null',
  'cur != null',
  'lit',
  'not lit',
  'k < 2',
  'k == 0',
  'k >= 1',
  'c == RED',
  'c != BLUE',
  'size(held) <= 1',
  'held subset held',
  'exists x in held: x != cur',
  'exists m in Color: m == c',
  'enabled(go)',
  'enabled(back)',
  'exists i in 0..3: i == k',
  // A spec cannot quantify over Id (TTH2017): these reach the simplifier's quantifiers over
  // ids through enabled() of the PICK transitions below (exists x, y in Id: guard).
  ...PICKS.flatMap((_, i) => [`enabled(pick${i})`, `not enabled(pick${i})`]),
  'exp != null and now < exp',
  'exp == null or now >= exp',
  'exp != null => now <= exp',
  'exp != null',
  'n != null',
  'n != null and n < k',
  'n == null or n + 1 <= 3',
  'forall i in 0..2: exp != null => now < exp',
];
const EVENT_ATOMS = [
  'event.ok',
  'not event.ok',
  'event.id in held',
  'event.id not in held',
  'cur == event.id',
  'cur != event.id',
  'event.id != null',
];
const STEP_ATOMS = [
  "state' == B",
  "state' != state",
  "cur' == cur",
  "cur' != null",
  "held subset held'",
  "held' == held",
  "k' >= k",
  "lit' == lit",
  "c' == c",
  "(cur != null and cur' != null) => cur' == cur",
  "held' != held => state' == A",
  "exp' != null => now < exp'",
  "exp' != null and now <= exp'",
  "(n != null and n' != null) => n' >= n",
];

const formula = (atoms: readonly string[]): fc.Arbitrary<string> =>
  fc.letrec<{ f: string }>((tie) => ({
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...atoms),
      fc
        .tuple(tie('f'), fc.constantFrom('and', 'or', '=>'), tie('f'))
        .map(([a, op, b]) => `(${a} ${op} ${b})`),
      tie('f').map((a) => `not (${a})`),
    ),
  })).f;

const ASSIGNMENTS = [
  'cur = event.id',
  'cur = null',
  'held = held union {event.id}',
  'held = {}',
  'k = 1',
  'k = if event.ok then 0 else k',
  'lit = event.ok',
  'lit = not lit',
  'c = BLUE',
  'exp = now + T',
  'exp = null',
  'exp = if event.ok then now + T else exp',
  'exp = if event.ok then now + T else null',
  'n = k',
  'n = null',
  'k = if n == null then k else n',
];

interface Spec {
  readonly target: string;
  readonly requires: readonly string[];
  readonly assignments: readonly string[];
  readonly ensure: string | null;
  readonly invariant: string;
  readonly step: string;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  target: fc.constantFrom('A', 'B', 'C'),
  requires: fc.array(formula([...ATOMS, ...EVENT_ATOMS]), { maxLength: 3 }),
  assignments: fc.subarray(ASSIGNMENTS, { maxLength: 4 }),
  ensure: fc.option(formula([...ATOMS, ...EVENT_ATOMS]), { nil: null }),
  invariant: formula(ATOMS),
  step: formula([...ATOMS, ...STEP_ATOMS]),
});

function specText(s: Spec): string {
  const names = new Set<string>();
  const sets = s.assignments.filter((a) => {
    const v = a.split(' ')[0]!;
    if (names.has(v)) return false;
    names.add(v);
    return true;
  });
  return [
    'machine F',
    'type Id model 2',
    'enum Color { RED, BLUE }',
    'param T: Duration model 2',
    'states { initial A  B  C  terminal Z }',
    'var cur: Id? = null',
    'var held: set<Id> = {}',
    'var k: 0..3 = 0',
    'var c: Color = RED',
    'var lit: Bool = false',
    'var exp: Time? = null',
    'var n: 0..3? = null',
    'event GO { id: Id, ok: Bool }',
    'event BACK { id: Id }',
    'event STOP {}',
    'accept { OK }',
    'reject { NO }',
    `transition go: A | B -> ${s.target} on GO`,
    '  reason OK',
    ...s.requires.map((r) => `  require ${r} else NO`),
    ...(sets.length ? [`  set ${sets.join(', ')}`] : []),
    ...(s.ensure ? [`  ensure ${s.ensure}`] : []),
    'transition back: B | C -> A on BACK',
    '  reason OK',
    '  require event.id not in held else NO',
    'transition stop: * -> Z on STOP',
    '  reason OK',
    'event PICK { x: Id, y: Id }',
    ...PICKS.flatMap((g, i) => [
      `transition pick${i}: C -> C on PICK`,
      '  reason OK',
      `  require ${g} else NO`,
    ]),
    `invariant inv: ${s.invariant}`,
    `step st: ${s.step}`,
  ].join('\n');
}

// Snapshots drawn from the types (ids: the model's two and one more).
const IDS = ['Id1', 'Id2', 'Id3'];
const snapshotArb = fc.record({
  state: fc.constantFrom('A', 'B', 'C', 'Z'),
  cur: fc.constantFrom(null, ...IDS),
  held: fc.subarray(IDS),
  k: fc.integer({ min: 0, max: 3 }),
  c: fc.constantFrom('RED', 'BLUE'),
  lit: fc.boolean(),
  exp: fc.constantFrom(null, -1000, 0, 1000),
  n: fc.constantFrom(null, 0, 1, 3),
});
const payloadArb = fc.tuple(fc.constantFrom(...IDS), fc.boolean());

describe('the checks after a step, specialised, against the full ones', () => {
  it('on random specs, snapshots and payloads', () => {
    let compared = 0;
    let violations = 0;
    fc.assert(
      fc.property(
        specArb,
        fc.array(fc.tuple(snapshotArb, payloadArb), { minLength: 20, maxLength: 20 }),
        (spec, cases) => {
          const compiled = compileSpec(specText(spec), 'fuzz.tether');
          fc.pre(compiled.ir !== null);
          const ir = compiled.ir!;
          const rt = new Runtime(ir, { T: 1000 });
          const go = ir.transitions.find((t) => t.name === 'go')!;
          const checks = specialiseStepChecks(ir, go).map((c) => ({
            ...c,
            test: c.onNext
              ? rt.compile(c.onNext, c.kind === 'invariant' ? null : 'go')
              : rt.compile(c.residual, 'go', { checkNonNull: true }),
          }));
          const slot = (n: string): number => rt.layout.slots.get(n)!;
          for (const [snap, [id, ok]] of cases) {
            const s: Value[] = new Array<Value>(rt.layout.size).fill(null);
            s[STATE_SLOT] = snap.state;
            s[VERSION_SLOT] = 0;
            s[slot('cur')] = snap.cur;
            s[slot('held')] = makeSet(snap.held);
            s[slot('k')] = snap.k;
            s[slot('c')] = snap.c;
            s[slot('lit')] = snap.lit;
            s[slot('exp')] = snap.exp;
            s[slot('n')] = snap.n;
            const o = rt.dispatch(s, { type: 'GO', payload: { id, ok } }, 0);
            if (!o.ok) continue;
            const n = rt.apply('go', s, [id, ok], 0);
            const failed = checks.filter((c) => {
              if (!c.onNext)
                return !c.test({ cur: s, next: n, event: [id, ok], bound: [], now: 0 });
              if (c.kind === 'step')
                return !c.test({ cur: s, next: n, event: null, bound: [], now: 0 });
              return !c.test({
                cur: n,
                next: null,
                event: c.kind === 'ensure' ? [id, ok] : null,
                bound: [],
                now: 0,
              });
            });
            compared++;
            if (o.violated !== null) violations++;
            expect(
              failed.length > 0,
              `${specText(spec)}\nin ${JSON.stringify(snap)} on GO ${id} ${ok}: the full checks say ${o.violated ?? 'none fails'}; the specialised ones say ${failed.map((c) => c.name).join(', ') || 'none fails'}`,
            ).toBe(o.violated !== null);
          }
        },
      ),
      { seed: Number(process.env['TETHER_PBT_SEED'] ?? 20261124), numRuns: RUNS },
    );
    expect(compared).toBeGreaterThan(RUNS);
    expect(violations).toBeGreaterThan(0);
    expect(violations).toBeLessThan(compared);
  }, 600_000);
});

describe('the non-null check the fuzz test relies on', () => {
  it('fails on a read the IR types non-null evaluated outside the test that proves it', () => {
    const { ir } = compileSpec(
      'machine M\nstates { initial A  terminal Z }\nvar exp: Time? = null\nevent GO {}\naccept { OK }\ntransition go: A -> Z on GO\n  reason OK\ninvariant i: exp != null => now < exp',
      'm.tether',
    );
    const rt = new Runtime(ir!, {});
    const guarded = ir!.invariants[0]!.expr;
    if (guarded.kind !== 'binary') throw new Error('expected exp != null => now < exp');
    const frame = { cur: rt.create({}, 0), next: null, event: null, bound: [], now: 0 };
    expect(rt.compile(guarded, null, { checkNonNull: true })(frame)).toBe(true);
    expect(() => rt.compile(guarded.right, null, { checkNonNull: true })(frame)).toThrow(
      /IR types time is null/,
    );
  });
});
