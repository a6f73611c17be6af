// IR rule 9 in the checker: what the model checkers could not represent or build is a located
// error of `lint` — a literal past TLC's integers (TTH0002), a range of more values than TLC's
// 32-bit intervals hold (TTH2010), and anything a checker enumerates with more values than
// it builds (TTH2019): a type's model values, a const's values, an event's payloads, a
// quantifier's range. Sizes are counted, not enumerated.

import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { renderCompact } from '../../generator/diagnostics/render.ts';
import { miniSpec } from '../helpers.ts';

const errors = (extra: string): string[] =>
  compileSpec(miniSpec(extra), 'm.tether')
    .diagnostics.filter((d) => d.severity === 'error')
    .map(renderCompact);

describe('model sizes', () => {
  it('refuses literals and model values past 2^31 - 1, where TLC cannot even parse them', () => {
    expect(errors('param Limit: Nat model 3000000000\ninvariant i: Limit >= 0')).toEqual([
      "m.tether:7:24: error TTH0002: integer literal '3000000000' is too large: the model's integers are TLC's, at most 2147483647",
    ]);
    expect(errors('var n: 0..3 = 0\ninvariant i: n * 2147483648 >= 0')).toHaveLength(1);
    expect(errors('var n: 0..2147483647 = 0\ninvariant i: n >= 0')).not.toContainEqual(
      expect.stringContaining('TTH0002'),
    );
  });

  it('refuses a range of more than 2^31 - 1 values, with literal or param bounds', () => {
    expect(errors('var n: 0..2147483647 = 0\ninvariant i: n >= 0')).toEqual([
      "m.tether:7:8: error TTH2010: invalid range: 0..2147483647 has 2147483648 values; TLC's ranges hold at most 2147483647",
    ]);
    expect(
      errors('param Hi: Int model 2147483647\nvar n: -1..Hi = 0\ninvariant i: n >= 0'),
    ).toEqual([
      "m.tether:8:8: error TTH2010: invalid range: -1..2147483647 has 2147483649 values; TLC's ranges hold at most 2147483647",
    ]);
    expect(errors('var n: 0..2147483646 = 0\ninvariant i: n >= 0')).toEqual([]);
  });

  it('refuses what a checker would build with more than 1,000,000 values', () => {
    expect(errors('type Id model 1000001\nconst c: Id\ninvariant i: c == c')).toEqual([
      "m.tether:7:15: error TTH2019: type 'Id' has 1,000,001 values in the model, more than the 1,000,000 a model checker enumerates (TLC builds it as one set): narrow the type or lower the model values",
    ]);
    expect(errors('const c: set<0..20>\ninvariant i: size(c) >= 0')).toEqual([
      "m.tether:7:10: error TTH2019: const 'c' has 2,097,152 values in the model, more than the 1,000,000 a model checker enumerates (TLC builds it as one set): narrow the type or lower the model values",
    ]);
    expect(errors('param Big: Nat model 5000000\ninvariant i: exists k in 0..Big: k == 3')).toEqual(
      [
        "m.tether:8:26: error TTH2019: the range of 'exists k' has 5,000,001 values in the model, more than the 1,000,000 a model checker enumerates (TLC builds it as one set): narrow the type or lower the model values",
      ],
    );
    expect(
      errors(
        'reject { NO }\nevent E { s: set<0..30>, b: Bool }\ntransition e: A -> Z on E\n  reason OK\n  require size(event.s) > 0 else NO',
      ),
    ).toContainEqual(
      expect.stringContaining(
        "error TTH2019: the set of payloads of event 'E' has 4,294,967,296 values",
      ),
    );
    // A range that is only tested (a variable's type) may be as wide as TLC's intervals.
    expect(errors('var n: 0..2000000000 = 0\ninvariant i: n >= 0')).toEqual([]);
    expect(errors('type Id model 1000000\nconst c: Id\ninvariant i: c == c')).toEqual([]);
  });
});
