// Checker rules beyond the one-fixture-per-code set: narrowing, guard disjointness,
// stage ordering, and what a clean spec must not report.

import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { codes, miniSpec } from '../helpers.ts';

const compile = (text: string) => compileSpec(text, 't.tether');

describe('null narrowing', () => {
  const withVar = (decl: string, inv: string) => compile(miniSpec(`${decl}\ninvariant i: ${inv}`));

  it.each([
    'n != null and n > 1',
    'n == null or n > 1',
    'n != null => n > 1',
    'not (n == null) and n > 1',
    'if n != null then n > 1 else false',
    'if n == null then false else n > 1',
  ])('accepts %s', (inv) => {
    expect(codes(withVar('var n: 0..3? = null', inv))).toEqual([]);
  });

  it.each([
    'n > 1',
    'n == null and n > 1',
    'n != null or n > 1',
    'if n != null then false else n > 1',
  ])('rejects %s', (inv) => {
    expect(codes(withVar('var n: 0..3? = null', inv))).toEqual(['TTH2002']);
  });

  it('carries require facts to later requires and to set, not to ensure', () => {
    const spec = (ensure: string) =>
      compile(`machine M
states { initial A  terminal Z }
event GO {}
accept { OK }
reject { NO }
var n: 0..3? = null
var m: 0..3 = 0
transition go: A -> Z on GO
  reason OK
  require n != null else NO
  require n > 0 else NO
  set m = n
  ensure ${ensure}`);
    expect(codes(spec('m >= 0'))).toEqual([]);
    expect(codes(spec('n > 0'))).toEqual(['TTH2002']);
  });
});

describe('guard disjointness', () => {
  const twoTransitions = (g1: string, g2: string, fields = 'x: Bool, y: Bool, k: 0..3, m: Mode') =>
    compile(`machine M
enum Mode { P, Q, R }
states { initial A  B  terminal Z }
event GO { ${fields} }
accept { OK }
reject { NO }
transition one: A -> B on GO
  reason OK
  require ${g1} else NO
transition two: A -> Z on GO
  reason OK
  require ${g2} else NO
transition done: B -> Z on GO
  reason OK
  require event.x or event.y or event.k == 0 or event.m == P else NO`);

  it.each([
    ['event.x', 'not event.x'],
    ['event.k < 2', 'event.k >= 2'],
    ['event.k > 2', '2 >= event.k'],
    ['event.m == P', 'event.m == Q'],
    ['event.m != P', 'event.m == P'],
    ['event.x and event.y', 'not event.y'],
    ['event.x or event.y', 'not event.x and not event.y'],
    ['event.x => event.y', 'event.x and not event.y'],
    ['if event.x then event.y else false', 'not event.y'],
    // Membership in a literal set of constants is equality with one of them (issue 10, defect 9).
    ['event.m in {Q, R}', 'event.m == P'],
    ['P == event.m', 'event.m in {Q, R}'],
    ['event.m not in {P}', 'event.m == P'],
    ['event.m in {P}', 'event.m not in {P, Q}'],
    ['event.m in {P, Q}', 'event.m in {R}'],
    ['event.k in {0, 1}', 'event.k in {2, 3}'],
    ['event.k in {}', 'true'],
    ['event.x in {true}', 'event.x == false'],
    ['event.k == -0', 'event.k != 0'],
  ])('proves %s / %s disjoint', (g1, g2) => {
    expect(codes(twoTransitions(g1, g2))).toEqual([]);
  });

  it.each([
    ['event.x', 'event.y'],
    ['event.k < 2', 'event.k < 3'],
    ['event.m != P', 'event.m != Q'],
    ['event.m in {P, Q}', 'event.m in {Q, R}'],
    ['event.m not in {P}', 'event.m not in {Q}'],
    ['event.k in {0, 1}', 'event.k == -1 + 2'],
    ['event.k == 0', 'event.k == -0'],
  ])('warns on %s / %s', (g1, g2) => {
    expect(codes(twoTransitions(g1, g2))).toEqual(['TTH4004']);
  });

  it('warns when one transition has no guard at all', () => {
    expect(codes(twoTransitions('event.x', 'true'))).toEqual(['TTH4004']);
  });
});

describe('reachability', () => {
  const spec = (violation: string) =>
    compile(`machine M
states { initial A  B  terminal Z  terminal FAULT }
${violation}
event GO {}
accept { OK }
var n: 0..1 = 0
transition go: A -> B on GO
  reason OK
transition done: B -> Z on GO
  reason OK
invariant small: n <= 1`);

  it('counts the violation state as reached: any step can move there (issue 10, defect 9)', () => {
    expect(codes(spec('on violation -> FAULT'))).toEqual([]);
  });

  it('still warns on a terminal state that is not the violation state', () => {
    const c = spec('on violation -> Z');
    expect(codes(c)).toEqual(['TTH3004']);
    expect(c.diagnostics[0]!.message).toContain("'FAULT'");
  });

  it('does not count the violation state as reached when no transition leaves a reached state', () => {
    const c = compile(`machine M
states { initial A  B  terminal FAULT }
event GO {}
accept { OK }
transition b: B -> A on GO
  reason OK`);
    expect(codes(c).sort()).toEqual(['TTH3004', 'TTH3004', 'TTH3005']);
  });
});

describe('stages', () => {
  it('reports every error of a stage at once', () => {
    const c = compile(
      miniSpec('transition a: NOPE -> Z on NOPE_EVENT\n  reason NOPE_REASON\ninvariant i: nope'),
    );
    expect(codes(c).sort()).toEqual(['TTH1002', 'TTH1003', 'TTH1004', 'TTH1007']);
  });

  it('does not run the type stage after a name error', () => {
    const c = compile(miniSpec('invariant i: nope + true'));
    expect(codes(c)).toEqual(['TTH1003']);
  });

  it('produces no IR when there are errors, and an IR with warnings only', () => {
    expect(compile(miniSpec('invariant i: nope')).ir).toBeNull();
    const warned = compile(miniSpec('var n: 0..3 = 0'));
    expect(codes(warned)).toEqual(['TTH5001']);
    expect(warned.ir).not.toBeNull();
  });
});

describe('types', () => {
  const inv = (decls: string, body: string) =>
    codes(compile(miniSpec(`${decls}\ninvariant i: ${body}`)));
  it.each([
    ['param D: Duration model 1\nvar t: Time = now', 'now + D >= t'],
    ['param D: Duration model 1\nvar t: Time = now + D', 't <= now'],
    ['var s: set<0..3> = {}', 'size(s union {1, 2}) <= 3'],
    ['var s: set<0..3> = {}', 's subset {0, 1} or s == {}'],
    ['enum E { P, Q }\nvar e: E = P', 'e in {P, Q}'],
    // A duration scaled by an integer, either way round (README, "Expressions").
    ['param D: Duration model 1\nvar n: 0..3 = 0\nvar t: Time = now', 't <= now + D * (n + 1)'],
    ['param D: Duration model 1\nvar t: Time = now', 't <= now + 2 * D + D'],
  ])('accepts %s / %s', (decls, body) => {
    expect(inv(decls, body)).toEqual([]);
  });

  it.each([
    ['param D: Duration model 1\nvar t: Time = now', 't - D <= now', 'TTH2001'],
    ['param D: Duration model 1\nvar t: Time = now\nvar u: Time = now', 't <= u', 'TTH2008'],
    ['var s: set<0..3> = {}', 'size(s) == true', 'TTH2001'],
    ['enum E { P, Q }\nvar e: E = P', 'e == 1', 'TTH2001'],
    ['type Id model 2\nvar a: Id? = null', 'a in {a}', 'TTH2002'],
    ['var b: Bool = true', 'b + 1 > 0', 'TTH2001'],
    ['param D: Duration model 1\nvar t: Time = now', 't <= now + D * D', 'TTH2001'],
    ['param D: Duration model 1\nvar t: Time = now', 't * 2 <= now', 'TTH2001'],
    ['param D: Duration model 1\nvar t: Time = now', 't <= now + D * true', 'TTH2001'],
  ])('rejects %s / %s', (decls, body, code) => {
    expect(inv(decls, body)).toContain(code);
  });
});

describe('the flagship spec', () => {
  it('is clean', async () => {
    const { readFileSync } = await import('node:fs');
    const c = compileSpec(readFileSync('spec/session.tether', 'utf8'), 'spec/session.tether');
    expect(c.diagnostics).toEqual([]);
    expect(c.ir?.states.map((s) => s.name)).toEqual([
      'BIRTH',
      'ATTACHED',
      'VOLATILE',
      'RECOVERING',
      'DEGRADED',
      'TERMINATED',
    ]);
  });
});
