// The guard disjointness analysis (check/report-overlapping-guards.ts) against brute force:
// random guards over finite event fields; whenever the pass stays silent (it proved the two
// guards disjoint), no payload may satisfy both. Soundness is the point: a pass that called
// overlapping guards disjoint would hide a determinism bug until the model check.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { codes, pbtOptions } from '../helpers.ts';

/** A payload: m is an enum member (P, Q, R), k and j in 0..3, x a Bool. */
interface Payload {
  readonly m: string;
  readonly k: number;
  readonly j: number;
  readonly x: boolean;
}

/** A guard: its text in the language and its value on a payload. */
interface Guard {
  readonly text: string;
  readonly holds: (p: Payload) => boolean;
}

const MEMBERS = ['P', 'Q', 'R'];
const PAYLOADS: Payload[] = MEMBERS.flatMap((m) =>
  [0, 1, 2, 3].flatMap((k) =>
    [0, 1, 2, 3].flatMap((j) => [false, true].map((x) => ({ m, k, j, x }))),
  ),
);

/** Comparisons of the two fields, either way round: `<` is a strict order. */
const ORDER: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
};

const member = fc.constantFrom(...MEMBERS);
const memberSet = fc.uniqueArray(member, { maxLength: 3 });
const int = fc.integer({ min: 0, max: 3 });
const intText = (k: number, negZero: boolean): string => (k === 0 && negZero ? '-0' : String(k));

const atom: fc.Arbitrary<Guard> = fc.oneof(
  fc.tuple(member, fc.boolean(), fc.boolean()).map(([c, flip, eq]) => ({
    text: flip ? `${c} ${eq ? '==' : '!='} event.m` : `event.m ${eq ? '==' : '!='} ${c}`,
    holds: (p: Payload) => (p.m === c) === eq,
  })),
  fc.tuple(memberSet, fc.boolean()).map(([cs, positive]) => ({
    text: `event.m ${positive ? 'in' : 'not in'} {${cs.join(', ')}}`,
    holds: (p: Payload) => cs.includes(p.m) === positive,
  })),
  fc.tuple(int, fc.boolean(), fc.boolean()).map(([c, eq, negZero]) => ({
    text: `event.k ${eq ? '==' : '!='} ${intText(c, negZero)}`,
    holds: (p: Payload) => (p.k === c) === eq,
  })),
  fc.tuple(fc.uniqueArray(int, { maxLength: 3 }), fc.boolean()).map(([cs, positive]) => ({
    text: `event.k ${positive ? 'in' : 'not in'} {${cs.join(', ')}}`,
    holds: (p: Payload) => cs.includes(p.k) === positive,
  })),
  int.map((c) => ({ text: `event.k < ${c}`, holds: (p: Payload) => p.k < c })),
  fc.tuple(fc.constantFrom(...Object.keys(ORDER)), fc.boolean()).map(([op, flip]) => ({
    text: flip ? `event.j ${op} event.k` : `event.k ${op} event.j`,
    holds: (p: Payload) => (flip ? ORDER[op]!(p.j, p.k) : ORDER[op]!(p.k, p.j)),
  })),
  fc.constant({ text: 'event.x', holds: (p: Payload) => p.x }),
  fc.boolean().map((b) => ({ text: `event.x == ${b}`, holds: (p: Payload) => p.x === b })),
  fc.boolean().map((b) => ({ text: `event.x in {${b}}`, holds: (p: Payload) => p.x === b })),
);

const guard: fc.Arbitrary<Guard> = fc.letrec<{ g: Guard }>((tie) => ({
  g: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    tie('g').map((a) => ({ text: `not (${a.text})`, holds: (p: Payload) => !a.holds(p) })),
    fc.tuple(tie('g'), tie('g'), fc.constantFrom('and', 'or', '=>')).map(([a, b, op]) => ({
      text: `(${a.text}) ${op} (${b.text})`,
      holds: (p: Payload) =>
        op === 'and'
          ? a.holds(p) && b.holds(p)
          : op === 'or'
            ? a.holds(p) || b.holds(p)
            : !a.holds(p) || b.holds(p),
    })),
  ),
})).g;

const twoTransitions = (g1: string, g2: string): string => `machine M
enum Mode { P, Q, R }
states { initial A  B  terminal Z }
event GO { m: Mode, k: 0..3, j: 0..3, x: Bool }
accept { OK }
reject { NO }
transition one: A -> B on GO
  reason OK
  require ${g1} else NO
transition two: A -> Z on GO
  reason OK
  require ${g2} else NO
transition done: B -> Z on GO
  reason OK`;

describe('guard disjointness against brute force', () => {
  it('never calls overlapping guards disjoint', () => {
    let proved = 0;
    fc.assert(
      fc.property(guard, guard, (a, b) => {
        const c = compileSpec(twoTransitions(a.text, b.text), 't.tether');
        expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        if (codes(c).includes('TTH4004')) return;
        proved++;
        const both = PAYLOADS.find((p) => a.holds(p) && b.holds(p));
        expect(
          both,
          `'${a.text}' and '${b.text}' both hold for ${JSON.stringify(both)}`,
        ).toBeUndefined();
      }),
      pbtOptions(400),
    );
    // The property is not vacuous: the pass proves a good share of the pairs disjoint.
    expect(proved).toBeGreaterThan(20);
  });

  it('proves the issue-10 guards disjoint: membership against equality', () => {
    const spec = (g1: string, g2: string) =>
      compileSpec(
        `machine M
enum Ack { ALL, PARTIAL, UNACCEPTABLE }
states { initial A  B  terminal Z }
event ACK { ack: Ack }
accept { OK }
reject { NO }
transition partial: A -> B on ACK
  reason OK
  require ${g1} else NO
transition all: A -> Z on ACK
  reason OK
  require ${g2} else NO
transition done: B -> Z on ACK
  reason OK`,
        't.tether',
      );
    expect(codes(spec('event.ack in {UNACCEPTABLE, PARTIAL}', 'event.ack == ALL'))).toEqual([]);
    expect(codes(spec('ALL == event.ack', 'event.ack in {UNACCEPTABLE, PARTIAL}'))).toEqual([]);
    expect(codes(spec('event.ack not in {ALL}', 'event.ack == ALL'))).toEqual([]);
    expect(codes(spec('event.ack in {ALL, PARTIAL}', 'event.ack == ALL'))).toEqual(['TTH4004']);
  });

  it('knows < is a strict order: a < b excludes b < a and a == b, not a <= b', () => {
    const spec = (g1: string, g2: string) => codes(compileSpec(twoTransitions(g1, g2), 't.tether'));
    expect(spec('event.k < event.j', 'event.k > event.j')).toEqual([]);
    expect(spec('event.k < event.j', 'event.j < event.k')).toEqual([]);
    expect(spec('event.k < event.j', 'event.j == event.k')).toEqual([]);
    expect(spec('event.k > event.j', 'event.k <= event.j')).toEqual([]);
    expect(spec('event.k < event.j', 'event.k <= event.j')).toEqual(['TTH4004']);
    expect(spec('event.k != event.j', 'event.k > event.j')).toEqual(['TTH4004']);
  });
});
