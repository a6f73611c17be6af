// IR rule 9, domains: nothing enumerates a domain it does not need. TypeOK tests a variable's
// type; the initial states come one by one; what is iterated (payloads, quantifier domains)
// is built in a fixed order. And TLC's path does not depend on an explorer search: a model
// the explorer could not even start on before is checked by both, in a small heap.

import { describe, expect, it } from 'vitest';
import { Model } from '../../generator/semantics/model.ts';
import { powerSet, type Scalar } from '../../generator/semantics/values.ts';
import { compileSpec } from '../../generator/frontend.ts';
import { miniSpec, ROOT } from '../helpers.ts';
import { irOf } from '../tlc/helpers.ts';
import { TLC_JAR } from '../tlc/tlc-available.ts';
import { runBin } from './spawn-cli.ts';

const WIDE = 'test/fixtures/models/wide-domain.tether';
/** A heap far below what building a domain of 2^31 values would take. */
const SMALL_HEAP = ['--max-old-space-size=256'];

describe('model domains', () => {
  it('tests membership of a 2^31 - 1 value range without building it', () => {
    const model = new Model(irOf(WIDE));
    const d = model.slotDomains[model.layout.slots.get('n')!]!;
    expect(d.size).toBe(2 ** 31 - 1);
    expect([0, 12, 2147483646].map((v) => d.has(v))).toEqual([true, true, true]);
    expect([-1, 2147483647, 1.5, null, '3'].map((v) => d.has(v))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('enumerates what is iterated in the order the model always used (payloads, sets, nullables)', () => {
    const c = compileSpec(
      miniSpec(
        'enum Mode { X, Y, W }\ntype Id model 3\nconst c: set<Mode>\nconst d: Id?\ninvariant i: c == c and d == d',
      ),
      'm.tether',
    );
    const model = new Model(c.ir!);
    expect(model.domain({ kind: 'set', element: { kind: 'enum', name: 'Mode' } })).toEqual(
      powerSet(['X', 'Y', 'W'] as Scalar[]),
    );
    expect(model.domain({ kind: 'nullable', inner: { kind: 'opaque', name: 'Id' } })).toEqual([
      null,
      'Id1',
      'Id2',
      'Id3',
    ]);
    const sets = model.slotDomains[model.layout.slots.get('c')!]!;
    expect(sets.has(['W', 'X'])).toBe(true);
    expect(sets.has(['X', 'Z'])).toBe(false);
    // The initial states: every combination of the consts, the first varying slowest.
    expect(
      model
        .initialStates()
        .map((s) => [s[model.layout.slots.get('c')!], s[model.layout.slots.get('d')!]])
        .slice(0, 5),
    ).toEqual([
      [[], null],
      [[], 'Id1'],
      [[], 'Id2'],
      [[], 'Id3'],
      [['X'], null],
    ]);
  });

  it(
    'the explorer checks a variable of 2^31 - 1 values in a small heap',
    { timeout: 120_000 },
    async () => {
      const r = await runBin(['check', '--explorer', WIDE], { nodeArgs: SMALL_HEAP });
      expect(r.err).toBe('');
      expect(r.out).toMatch(
        /wide-domain\.tether: pass: 26 distinct states \(39 generated\), depth 14; all \d+ properties hold\n$/,
      );
      expect(r.code).toBe(0);
    },
  );

  it(
    'makes the initial states one by one: 10^12 of them stop at --max-states, not in memory',
    { timeout: 120_000 },
    async () => {
      const r = await runBin(
        [
          'check',
          '--explorer',
          '--max-states',
          '100',
          `${ROOT}test/fixtures/models/many-initial-states.tether`,
        ],
        { nodeArgs: SMALL_HEAP },
      );
      expect(r.err).toBe('');
      expect(r.out).toMatch(
        /many-initial-states\.tether: INCOMPLETE: 100 distinct states \(101 generated\), depth 1\n {2}\? stopped at --max-states 100/,
      );
      expect(r.code).toBe(1);
    },
  );

  it.skipIf(!TLC_JAR)(
    'TLC checks it without any explorer search first, in a small heap',
    { timeout: 120_000 },
    async () => {
      const r = await runBin(['check', '--tlc-jar', TLC_JAR!, WIDE], { nodeArgs: SMALL_HEAP });
      expect(r.err).toBe('');
      expect(r.out).toMatch(
        /^checker: TLC .*\n.*wide-domain\.tether: outputs not regenerated: not one of the project's specs .*\n.*wide-domain\.tether: pass: 26 distinct states \(\d+ generated\), depth 14; all \d+ properties hold\n$/,
      );
      expect(r.code).toBe(0);
    },
  );
});
