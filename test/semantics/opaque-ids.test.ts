// Model and engine read opaque ids alike (ir.ts, rule 8; issue 10, defect 1). A quantifier
// over an opaque type is refused (TTH2017), and so is enabled() over a payload carrying a set
// of ids (TTH2018); enabled() itself is decided identically: in the model the opaque fields
// range over the model values plus unheld ones, at runtime over the ids in scope plus a fresh
// one, and on every reachable state both say the same.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { emitTla } from '../../generator/emit-tla/emit.ts';
import { explore, exploreGraph } from '../../generator/explore/explore.ts';
import { unheldValues } from '../../generator/semantics/model.ts';
import { Runtime } from '../../generator/semantics/runtime.ts';
import { runTlcOn } from '../tlc/helpers.ts';
import { TLC_JAR } from '../tlc/tlc-available.ts';
import { ROOT, codes } from '../helpers.ts';

describe('quantifiers over an opaque type', () => {
  // The issue's 10-line spec: the model proved it (2 model values), the engine never could.
  const seen = `machine Seen
type Id model 2
states { initial A  terminal Z }
event ADD { id: Id }
accept { OK }
var seen: set<Id> = {}
transition add: A -> A on ADD
  reason OK
  set seen = seen union {event.id}
invariant all_seen: state == A => forall i in Id: i in seen`;

  it('are an error at the quantifier, with a note pointing to a set that holds the ids', () => {
    const c = compileSpec(seen, 'seen.tether');
    expect(codes(c)).toEqual(['TTH2017']);
    expect(c.ir).toBeNull();
    const d = c.diagnostics[0]!;
    expect(seen.slice(d.span.start.offset, d.span.end.offset)).toBe('forall i in Id: i in seen');
    expect(`${d.span.start.line}:${d.span.start.column}`).toBe('10:35');
    expect(d.message).toContain('unboundedly many ids');
    expect(d.related[0]!.message).toContain("'forall i in seen: ...'");
    expect(d.related[0]!.message).toContain("'exists x in Id: x not in seen' always holds");
  });

  it.each([
    ['exists', 'invariant q: exists n in Id: n not in seen'],
    ['nested, in a step', "step q: forall s in seen': exists n in Id: n == s"],
    ['in a temporal property', 'property q: eventually forall n in Id: n in seen'],
  ])('are refused %s too', (_, decl) => {
    const c = compileSpec(seen.replace(/invariant all_seen: .*/, decl), 'seen.tether');
    expect(codes(c)).toEqual(['TTH2017']);
  });

  it('stay allowed over sets of ids, enums, ranges and states', () => {
    const c = compileSpec(
      seen.replace(
        /invariant all_seen: .*/,
        'enum Mode { P, Q }\ninvariant q: (forall i in seen: i in seen) and (exists m in Mode: m == P) and (forall k in 0..2: k >= 0) and (exists s in {A, Z}: s == state)',
      ),
      'seen.tether',
    );
    expect(codes(c)).toEqual([]);
  });
});

/** A pool of tokens: a fresh token always exists at runtime; in the model only 2 are values. */
const pool = `machine Pool
type Token model 2
states { initial OPEN  terminal CLOSED }
event USE { token: Token }
event PAIR { a: Token, b: Token? }
event CLOSE {}
accept { USED, DONE }
reject { REUSED, SAME, UNUSED }
var used: set<Token> = {}
var last: Token? = null
transition use: OPEN -> OPEN on USE
  reason USED
  require event.token not in used else REUSED
  set used = used union {event.token}, last = event.token
transition pair: OPEN -> OPEN on PAIR
  reason USED
  require event.b != null else UNUSED
  require event.a != event.b else SAME
  require event.a not in used and event.b not in used else REUSED
  require last == null or event.a != last else SAME
  set used = used union {event.a}, last = event.b
transition again: OPEN -> OPEN on PAIR
  reason USED
  require event.b == null else UNUSED
  require event.a in used else UNUSED
transition close: OPEN -> CLOSED on CLOSE
  reason DONE
invariant can_use: state == OPEN => enabled(use)
invariant can_pair: state == OPEN => enabled(pair)
invariant can_repeat: enabled(again) == (state == OPEN and used != {})`;

describe('enabled() over opaque payload fields', () => {
  it('gives each opaque type as many unheld values as one searched event has fields of it', () => {
    const ir = compileSpec(pool, 'pool.tether').ir!;
    expect([...unheldValues(ir)]).toEqual([['Token', ['Token_Unheld1', 'Token_Unheld2']]]);
    const tla = emitTla(ir);
    expect(tla.cfg.content).toContain('Token_Unheld = {Token_Unheld1, Token_Unheld2}');
    expect(tla.module.content).toContain(
      '[a: (Token \\cup Token_Unheld), b: ((Token \\cup Token_Unheld) \\cup {Null})]',
    );
    // Never in a payload the model's actions take, nor in TypeOK.
    expect(tla.module.content).toMatch(
      /PAIR_Payloads ==\n {2}\[a: Token, b: \(Token \\cup \{Null\}\)\]/,
    );
  });

  it('holds in the model exactly where it holds at runtime (a fresh token always exists)', () => {
    const ir = compileSpec(pool, 'pool.tether').ir!;
    expect(explore(ir).result).toBe('pass');
  });

  it('is decided alike by the model and the IR interpreter on every reachable state', () => {
    const ir = compileSpec(pool, 'pool.tether').ir!;
    const graph = exploreGraph(ir);
    const runtime = new Runtime(ir, {});
    let differs = 0;
    let enabledSomewhere = 0;
    let disabledSomewhere = 0;
    for (const s of graph.states)
      for (const t of ['use', 'pair', 'again']) {
        const model = graph.model.isEnabled(t, s);
        // No times in this machine: a model state is a runtime snapshot as it is.
        if (model !== runtime.isEnabled(t, s, 0)) differs++;
        if (model) enabledSomewhere++;
        else disabledSomewhere++;
      }
    expect(differs).toBe(0);
    expect(enabledSomewhere).toBeGreaterThan(0);
    expect(disabledSomewhere).toBeGreaterThan(0);
  });

  it.skipIf(!TLC_JAR)('holds for TLC too', { timeout: 120_000 }, async () => {
    const ir = compileSpec(pool, 'pool.tether').ir!;
    const explorer = explore(ir);
    const tlc = await runTlcOn(ir, TLC_JAR!);
    expect({ result: tlc.result, states: tlc.distinctStates, depth: tlc.depth }).toEqual({
      result: 'pass',
      states: explorer.distinctStates,
      depth: explorer.depth,
    });
  });

  it('is an error when the guard reads a set of ids from the payload, and only then', () => {
    const bulk = (require: string) =>
      compileSpec(
        pool
          .replace(
            'event CLOSE {}',
            'event CLOSE {}\nevent BULK { tokens: set<Token>, token: Token }',
          )
          .replace(
            'transition close:',
            `transition bulk: OPEN -> OPEN on BULK\n  reason USED\n  require ${require} else REUSED\ninvariant can_bulk: enabled(bulk)\ntransition close:`,
          ),
        'pool.tether',
      );
    const c = bulk('size(event.tokens) > 2');
    expect(codes(c)).toEqual(['TTH2018']);
    expect(c.diagnostics[0]!.message).toContain(
      "enabled(bulk) cannot be decided: its require clauses read 'tokens' of event 'BULK'",
    );
    // A set the guard never reads cannot change what the search finds.
    expect(codes(bulk('event.token not in used'))).toEqual([]);
  });

  it(
    'finds what the engine does on the flagship once every nonce of the model is used',
    { timeout: 60_000 },
    async () => {
      // "With 3 nonces used no reattach is enabled": the model proved it on b47e0c1, while the
      // engine, which always has a fresh nonce, moved to the violation state.
      const text = `${readFileSync(`${ROOT}spec/session.tether`, 'utf8')}\ninvariant no_fourth: size(used_nonces) >= 3 => not enabled(reattach)\n`;
      const ir = compileSpec(text, 'spec/session.tether').ir!;
      const r = explore(ir);
      expect(r.result).toBe('fail');
      expect(r.violations.map((v) => v.property)).toContain('no_fourth');
      if (TLC_JAR)
        expect((await runTlcOn(ir, TLC_JAR)).violations.map((v) => v.property)).toContain(
          'no_fourth',
        );
    },
  );
});
