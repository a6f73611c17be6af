// Reading TLC's -tool output, from outputs recorded with TLC v1.8.0 (no TLC needed here).

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MSG,
  ToolOutputParser,
  TlcOutputError,
  describeExitCode,
  readBackToState,
} from '../../generator/tlc/parse-output.ts';
import { interpretTlc } from '../../generator/tlc/read-run.ts';
import { parseTlaValue, tlaToValue, TlaValueError } from '../../generator/tlc/tla-value.ts';
import { BOOL, INT, type IrType } from '../../generator/lower/types.ts';
import { EMPTY_MAP, makeMap, valueEquals } from '../../generator/semantics/values.ts';
import { fixturePath } from '../helpers.ts';
import { AGREEMENT_SPECS, type RecordedFigures } from './agreement-specs.ts';
import { irOf } from './helpers.ts';

const recorded = JSON.parse(readFileSync(fixturePath('tlc-figures.json'), 'utf8')) as Record<
  string,
  RecordedFigures
>;
const outputs = readdirSync(fixturePath('tlc-output'));

function parse(text: string) {
  const p = new ToolOutputParser();
  p.push(text);
  return p.end();
}

describe('TLC -tool output', () => {
  for (const spec of AGREEMENT_SPECS) {
    const base = spec.replace(/^.*\//, '').replace(/\.tether$/, '');
    const file = outputs.find((f) => f.startsWith(`${base}.exit-`))!;
    it(`${file} reads as recorded`, () => {
      const exit = Number(/exit-(\d+)/.exec(file)![1]);
      const messages = parse(readFileSync(fixturePath('tlc-output', file), 'utf8'));
      const r = interpretTlc(irOf(spec), messages, exit);
      const expected = recorded[spec]!;
      if (expected.result === 'pass') {
        expect(r).toMatchObject({
          checker: 'tlc',
          result: 'pass',
          distinctStates: expected.distinctStates,
          depth: expected.depth,
        });
        expect(r.properties.every((p) => p.status === 'holds')).toBe(true);
      } else {
        expect(r.result).toBe('fail');
        const trace = r.violations[0]!.trace;
        expect(trace.steps[0]!.action).toBeNull();
        expect(trace.steps.length).toBeGreaterThan(0);
        // One run decides what the recorded figures say, except the temporal properties its
        // one counterexample does not break (tether check runs TLC again on those).
        // A run that stopped at a temporal property's `[]P` part (exit 12), or at a property
        // that is a state predicate in an initial state (2108), decides nothing else either
        // (tether check runs TLC again without it).
        const stoppedAtTemporal =
          (exit === 12 || messages.some((m) => m.code === MSG.propertyViolatedInitial)) &&
          r.violations.every((v) => v.kind === 'temporal');
        for (const p of r.properties) {
          const want = expected.statuses[p.name];
          if (
            (p.kind === 'temporal' || stoppedAtTemporal) &&
            p.status === 'unchecked' &&
            want !== 'unchecked'
          )
            continue;
          expect(`${p.name}: ${p.status}`).toBe(`${p.name}: ${want}`);
        }
      }
    });
  }

  it('recovers transitions, payloads and spec locations in a trace', () => {
    const file = outputs.find((f) => f.startsWith('missing-nonce-check.'))!;
    const ir = irOf('test/fixtures/seeded/missing-nonce-check.tether');
    const r = interpretTlc(ir, parse(readFileSync(fixturePath('tlc-output', file), 'utf8')), 13);
    const steps = r.violations[0]!.trace.steps;
    const handshake = steps.find((s) => s.action === 'handshake')!;
    expect(handshake.event?.name).toBe('HANDSHAKE');
    expect(Object.keys(handshake.event!.payload).sort()).toEqual(['handshake_valid', 'transport']);
    expect(handshake.loc).toEqual(ir.transitions.find((t) => t.name === 'handshake')!.loc);
    // The defect: the last step reattaches with a nonce that was already spent.
    const last = steps.at(-1)!;
    expect(last.action).toBe('reattach');
    expect(steps.at(-2)!.state['used_nonces']).toContain(last.event!.payload['nonce']);
  });

  it('names the broken temporal property and marks a stuttering end', () => {
    const file = outputs.find((f) => f.startsWith('weak-fairness.'))!;
    const r = interpretTlc(
      irOf('test/fixtures/models/weak-fairness.tether'),
      parse(readFileSync(fixturePath('tlc-output', file), 'utf8')),
      13,
    );
    expect(r.violations[0]!.property).toBe('eventually_on');
    const t = r.violations[0]!.trace;
    expect(t.stutters || t.loopStart !== null).toBe(true);
  });

  it('reads the state of "violated by the initial state" (2107) as a 1-state counterexample', () => {
    // TLC prints the state in the message itself, and no state message (2217) follows.
    for (const [base, property] of [
      ['tlc-initial-state-violation', 'starts_on'],
      // An invariant that reads no variable: the module makes it a state predicate, so TLC
      // checks it on the initial state instead of stopping before its search (exit 151).
      ['tlc-constant-invariant', 'never'],
    ] as const) {
      const text = readFileSync(fixturePath('tlc-output', `${base}.exit-12.out`), 'utf8');
      expect(text).toMatch(
        new RegExp(`^Invariant ${property} is violated by the initial state:$`, 'm'),
      );
      const r = interpretTlc(irOf(`test/fixtures/pipeline-found/${base}.tether`), parse(text), 12);
      expect(r.violations.map((v) => [v.property, v.kind])).toEqual([[property, 'invariant']]);
      const steps = r.violations[0]!.trace.steps;
      expect(steps).toHaveLength(1);
      expect(steps[0]).toMatchObject({
        action: null,
        event: null,
        state: { state: 'A', version: 0 },
      });
    }
    const lit = interpretTlc(
      irOf('test/fixtures/pipeline-found/tlc-initial-state-violation.tether'),
      parse(
        readFileSync(fixturePath('tlc-output', 'tlc-initial-state-violation.exit-12.out'), 'utf8'),
      ),
      12,
    );
    expect(lit.violations[0]!.trace.steps[0]!.state['lit']).toBe(false);
  });

  it('names the property whose `[]P` part TLC finds broken during its search, and decides nothing else', () => {
    // The module labels the property, so TLC reports it as a temporal violation (2116, exit
    // 12) instead of an invariant named by P's position, which Tether could not read.
    const text = readFileSync(fixturePath('tlc-output', 'always-conjunct.exit-12.out'), 'utf8');
    expect(text).not.toMatch(/^Invariant .* is violated/m);
    const r = interpretTlc(irOf('test/fixtures/results/always-conjunct.tether'), parse(text), 12);
    expect(r.violations.map((v) => [v.property, v.kind])).toEqual([['bounded', 'temporal']]);
    expect(r.violations[0]!.trace.steps.map((s) => s.state['n'])).toEqual([0, 2]);
    // The search stopped there: the other properties are left to a run without it.
    expect(r.properties.filter((p) => p.status === 'holds')).toEqual([]);
  });

  it('reads the loop start of a lasso from the number before "Back to state"', () => {
    // late-loop: 5 states, `4: Back to state: <back_step([id |-> Id1]) line 107, ...>`.
    const file = outputs.find((f) => f.startsWith('late-loop.'))!;
    const text = readFileSync(fixturePath('tlc-output', file), 'utf8');
    expect(text).toMatch(/^4: Back to state: <back_step\(\[id \|-> Id\d\]\) line \d+, col/m);
    const r = interpretTlc(irOf('test/fixtures/results/late-loop.tether'), parse(text), 13);
    const trace = r.violations[0]!.trace;
    expect(trace.steps).toHaveLength(5);
    expect(trace.loopStart).toBe(3);
    // The last state (B) steps back to state 4 (A), not to the initial state.
    expect(trace.steps[3]!.state['state']).toBe('A');
    expect(r.violations.map((v) => v.property)).toEqual(['reaches_done']);
    expect(r.properties.find((p) => p.name === 'seen_stays_nonempty')!.status).not.toBe('violated');
    // The same on a recorded lasso through the flagship (`13: Back to state: <Tick line 359 ...>`).
    const flagship = interpretTlc(
      irOf('test/fixtures/seeded/unbounded-recovery.tether'),
      parse(
        readFileSync(
          fixturePath(
            'tlc-output',
            outputs.find((f) => f.startsWith('unbounded-recovery.'))!,
          ),
          'utf8',
        ),
      ),
      13,
    );
    expect(flagship.violations[0]!.trace.loopStart).toBe(12);
  });

  it.each([
    [
      '4: Back to state: <back_step([id |-> Id1]) line 107, col 3 to line 112, col 9 of module LateLoop>',
      5,
      3,
    ],
    [
      '1: Back to state: <power_toggle_step(<<>>) line 68, col 3 to line 73, col 9 of module Flicker>',
      2,
      0,
    ],
    ['13: Back to state: <Tick line 359, col 3 to line 364, col 86 of module Session>', 16, 12],
  ])('%s', (text, states, loopStart) => {
    expect(readBackToState(text, states)).toBe(loopStart);
  });

  it('refuses a back-to-state it cannot read or that leaves the trace', () => {
    expect(() =>
      readBackToState('Back to state: <Tick line 3, col 1 to line 4, col 2 of module M>', 5),
    ).toThrow(TlcOutputError);
    expect(() =>
      readBackToState('9: Back to state: <Tick line 3, col 1 to line 4, col 2 of module M>', 5),
    ).toThrow(/back to state 9 of a 5-state trace/);
    expect(() =>
      readBackToState('0: Back to state: <Tick line 3, col 1 to line 4, col 2 of module M>', 5),
    ).toThrow(TlcOutputError);
  });

  it('reports a SANY parse error as a failed run with its details', () => {
    const messages = parse(
      readFileSync(fixturePath('tlc-output', 'sany-error.exit-150.out'), 'utf8'),
    );
    expect(() => interpretTlc(irOf('test/fixtures/models/settles.tether'), messages, 150)).toThrow(
      TlcOutputError,
    );
    try {
      interpretTlc(irOf('test/fixtures/models/settles.tether'), messages, 150);
    } catch (e) {
      expect((e as TlcOutputError).message).toBe(
        'the TLA+ module does not parse (SANY reported errors)',
      );
      expect((e as TlcOutputError).details.join('\n')).toMatch(/Parse Error/);
    }
  });

  it('reports an evaluation error as a failed run', () => {
    const messages = parse(
      readFileSync(fixturePath('tlc-output', 'eval-error.exit-255.out'), 'utf8'),
    );
    expect(() => interpretTlc(irOf('test/fixtures/models/settles.tether'), messages, 255)).toThrow(
      /TLC failed/,
    );
  });

  it('maps every documented exit code to a message', () => {
    for (const code of [0, 10, 11, 12, 13, 14, 75, 76, 77, 150, 151, 152, 153, 255])
      expect(describeExitCode(code)).not.toMatch(/exited with code/);
    expect(describeExitCode(3)).toBe('TLC exited with code 3');
  });

  it('splits messages the same way whatever the chunking', () => {
    const text = readFileSync(
      fixturePath(
        'tlc-output',
        outputs.find((f) => f.startsWith('session.'))!,
      ),
      'utf8',
    );
    const whole = parse(text);
    const p = new ToolOutputParser();
    for (let i = 0; i < text.length; i += 7) p.push(text.slice(i, i + 7));
    expect(p.end()).toEqual(whole);
  });
});

describe('TLA+ values', () => {
  it.each([
    ['3', 3],
    ['-1', -1],
    ['"BIRTH"', 'BIRTH'],
    ['TRUE', true],
    ['Null', null],
    ['TransportId1', 'TransportId1'],
    ['{Nonce2, Nonce1}', ['Nonce1', 'Nonce2']],
    ['{}', []],
    ['[a |-> 1, b |-> {TRUE}]', { record: { a: 1, b: [true] } }],
    ['<<>>', { tuple: [] }],
    [
      '(Id1 :> 1 @@ Id2 :> 3)',
      {
        fcn: [
          ['Id1', 1],
          ['Id2', 3],
        ],
      },
    ],
    ['(Id1 :> "RED")', { fcn: [['Id1', 'RED']] }],
  ])('%s', (text, value) => {
    expect(parseTlaValue(text)).toEqual(value);
  });
  it('rejects what it cannot read', () => {
    expect(() => parseTlaValue('[a |-> ')).toThrow();
    expect(() => parseTlaValue('1 2')).toThrow();
    expect(() => parseTlaValue('(Id1 :> 1 @@)')).toThrow();
    expect(() => parseTlaValue('(Id1 1)')).toThrow();
  });
  // TLC prints a function by its domain; a map reads the same from every form.
  const colorMap: IrType = { kind: 'map', key: { kind: 'enum', name: 'Color' }, value: INT };
  const slotMap: IrType = { kind: 'map', key: { kind: 'int', range: null }, value: BOOL };
  const idMap: IrType = { kind: 'map', key: { kind: 'opaque', name: 'Id' }, value: INT };
  it.each([
    ['<<>>', colorMap, EMPTY_MAP],
    [
      '[GREEN |-> 2, RED |-> 1]',
      colorMap,
      makeMap([
        ['RED', 1],
        ['GREEN', 2],
      ]),
    ],
    [
      '<<TRUE, FALSE>>',
      slotMap,
      makeMap([
        [1, true],
        [2, false],
      ]),
    ],
    [
      '(Id2 :> 3 @@ Id1 :> 1)',
      idMap,
      makeMap([
        ['Id1', 1],
        ['Id2', 3],
      ]),
    ],
    ['{<<>>}', { kind: 'set', element: colorMap } as IrType, [EMPTY_MAP]],
  ])('%s as a map', (text, type, value) => {
    expect(valueEquals(tlaToValue(parseTlaValue(text), type), value)).toBe(true);
  });
  it('refuses a record where a scalar or a set is expected', () => {
    expect(() => tlaToValue(parseTlaValue('[a |-> 1]'), INT)).toThrow(TlaValueError);
    expect(() => tlaToValue(parseTlaValue('{1}'), colorMap)).toThrow(TlaValueError);
  });
});
