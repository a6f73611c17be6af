// `def` (README, "Definitions"): a use means its body with each param read as its argument
// (a `use` node holds that body), so the IR of a spec with definitions, each use read as its
// body, is the IR of the spec written out by hand; TLA+ alone prints the operators (IrDef).
// A quantifier inside a definition is renamed when an argument reads a variable of its name.

import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { inlineUses, type IrExpr, type IrMachine } from '../../generator/lower/ir.ts';
import { codes } from '../helpers.ts';

const HEAD = `machine M
type Peer model 2
states { initial A  terminal Z }
var n: 0..3 = 0
var peers: set<Peer> = {}
event GO { who: Peer, k: 0..3 }
accept { OK }
reject { NO, FAR }
`;

function ir(text: string): IrMachine {
  const c = compileSpec(text, 'm.tether');
  expect(c.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([]);
  return c.ir!;
}

/** The IR without source locations, which differ between the two texts, and with each use
 *  of a definition read as its body (what it means), the definitions left out. */
const semantics = (m: IrMachine): unknown =>
  JSON.parse(
    JSON.stringify({ ...m, source: '', defs: [] }, (k, v: unknown) =>
      k === 'loc' ? undefined : isUse(v) ? inlineUses(v) : v,
    ),
  );
const isUse = (v: unknown): v is IrExpr =>
  typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'use';

describe('def', () => {
  it('lowers to the IR of the same spec written out', () => {
    const withDefs = ir(`${HEAD}
def near(x: Int): Bool = x >= n and x < n + 2
def known(p: Peer): Bool = p in peers
def room: Bool = size(peers) < 2
def bump: Int = if n < 3 then n + 1 else n
transition go: A -> Z on GO
  reason OK
  require known(event.who) or room else NO
  require near(event.k) else FAR
  set n = bump
  ensure known(event.who) or room
invariant i: forall p in peers: known(p)
`);
    const written = ir(`${HEAD}
transition go: A -> Z on GO
  reason OK
  require event.who in peers or size(peers) < 2 else NO
  require event.k >= n and event.k < n + 2 else FAR
  set n = if n < 3 then n + 1 else n
  ensure event.who in peers or size(peers) < 2
invariant i: forall p in peers: p in peers
`);
    expect(semantics(withDefs)).toEqual(semantics(written));
    // The definitions, each after the ones it uses, params read as bound names; each use
    // holds its arguments for the TLA+ operator's application.
    expect(withDefs.defs.map((d) => [d.name, d.params.map((p) => p.name)])).toEqual([
      ['near', ['x']],
      ['known', ['p']],
      ['room', []],
      ['bump', []],
    ]);
    expect(withDefs.defs[0]!.body).toMatchObject({
      kind: 'binary',
      op: 'and',
      left: { kind: 'binary', op: '>=', left: { kind: 'bound', name: 'x' } },
    });
    const near = withDefs.transitions[0]!.requires[1]!.cond;
    expect(near).toMatchObject({
      kind: 'use',
      def: 'near',
      args: [{ kind: 'field', name: 'k' }],
      body: { kind: 'binary', op: 'and', left: { left: { kind: 'field', name: 'k' } } },
    });
  });

  it('orders the definitions so that each comes after those it uses', () => {
    const m = ir(`${HEAD}
def both(p: Peer): Bool = known(p) and room
def known(p: Peer): Bool = p in peers
def room: Bool = size(peers) < 2
def either(p: Peer): Bool = ok(both(p))
def ok(b: Bool): Bool = b
transition go: A -> Z on GO
  reason OK
invariant i: forall p in peers: either(p)
`);
    expect(m.defs.map((d) => d.name)).toEqual(['known', 'room', 'both', 'ok', 'either']);
  });

  it("renames a definition's quantifier that would capture its argument's variable", () => {
    const m = ir(`${HEAD}
def allKnown(s: set<Peer>): Bool = forall p in s: p in peers
transition go: A -> Z on GO
  reason OK
invariant i: forall p in peers: allKnown({p})
invariant j: forall q in peers: allKnown({q})
`);
    const [i, j] = m.invariants;
    // i: the inner variable is renamed (p_1), so {p} still reads the outer p.
    expect(JSON.stringify(i!.expr)).toContain('"variable":"p_1"');
    expect(JSON.stringify(i!.expr)).toMatch(
      /"kind":"setLit","elements":\[\{"kind":"bound","name":"p"/,
    );
    // j: nothing to avoid, the definition's own name is kept.
    expect(JSON.stringify(j!.expr)).toContain('"variable":"p"');
    expect(JSON.stringify(j!.expr)).not.toContain('p_1');
  });

  it('is refused where it would mean something else', () => {
    const errors = (extra: string): string[] =>
      // HEAD's unused variables and reasons (TTH5001, TTH5005) left out
      codes(
        compileSpec(`${HEAD}transition go: A -> Z on GO\n  reason OK\n${extra}`, 'm.tether'),
      ).filter((c) => c !== 'TTH5001' && c !== 'TTH5005');
    expect(errors('def f: Bool = g\ndef g: Bool = f\ninvariant i: f')).toContain('TTH1014');
    expect(errors('def f(x: Int): Bool = x > 0\ninvariant i: f')).toContain('TTH2012');
    expect(errors('def f: Bool = n > 0\ninvariant i: f(1)')).toContain('TTH2012');
    expect(errors('def f(x: Int): Bool = x > 0\ninvariant i: f(1, 2)')).toContain('TTH2012');
    expect(errors('def f(x: Int): Bool = x > 0\ninvariant i: f(true)')).toContain('TTH2001');
    expect(errors('def f: Int = n\nvar m: 0..3 = f\ninvariant i: m == f')).toContain('TTH2013');
    expect(errors("def f: Bool = n' > n\ninvariant i: f")).toContain('TTH2005');
    expect(errors('def f: Bool = event.k > 0\ninvariant i: f')).toContain('TTH1010');
    expect(errors('def f: Bool = enabled(go)\ninvariant i: f')).toContain('TTH2011');
    expect(errors('def f: Bool = 3\ninvariant i: f')).toContain('TTH2001');
    expect(errors('def f: Bool = true')).toEqual(['TTH5006']);
    // A constant definition is an initial value like any literal expression.
    expect(errors('def three: Int = 1 + 2\nvar m: 0..3 = three\ninvariant i: m <= three')).toEqual(
      [],
    );
  });
});
