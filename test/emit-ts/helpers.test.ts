// The runtime helpers' table (emit-ts/helpers.ts): what it says each helper uses is what the
// helper's text calls, and an engine holds the helpers its code calls and no other.

import { describe, expect, it } from 'vitest';
import { HELPER_NAMES, HELPER_TEXT, helperUses } from '../../generator/emit-ts/helpers.ts';
import { irOf } from '../tlc/helpers.ts';

/** The helpers a piece of code names: not in a comment or a string, nor as a property
 *  (`s.range` is no use of range) or a method a class declares (PersistentSet's `union`). */
const named = (code: string, except = ''): string[] => {
  const bare = code
    .replace(/\/\*[^]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, "''")
    .replace(/^( {2}(?:static |\*)?)[A-Za-z_$][\w$]*(?=(?:<[^>\n]*>)?\([^\n]*\{$)/gm, '$1');
  return HELPER_NAMES.filter((h) => h !== except && new RegExp(`(?<![.\\w$])${h}\\b`).test(bare));
};

describe('runtime helpers', () => {
  it('the table lists, for each helper, the helpers its text uses', () => {
    for (const h of HELPER_NAMES)
      expect([...helperUses(h)].sort(), h).toEqual(named(HELPER_TEXT.get(h)!, h).sort());
    // The table is not empty of uses (so the comparison above can fail).
    expect(HELPER_NAMES.some((h) => helperUses(h).length > 0)).toBe(true);
  });

  it('an engine holds exactly the helpers its code names', async () => {
    const { emitEngine } = await import('../../generator/emit-ts/engine.ts');
    for (const spec of ['spec/session.tether', 'test/fixtures/golden/constructs.tether']) {
      const { content } = emitEngine(irOf(spec));
      const declared = HELPER_NAMES.filter((h) => content.includes(HELPER_TEXT.get(h)!));
      // What the engine names outside the helpers' own text.
      let rest = content;
      for (const h of declared) rest = rest.replace(HELPER_TEXT.get(h)!, '');
      const used = new Set(named(rest));
      for (const h of declared) for (const u of helperUses(h)) used.add(u);
      expect(declared, spec).toEqual(HELPER_NAMES.filter((h) => used.has(h)));
      expect(declared.length, spec).toBeGreaterThan(0);
    }
  }, 60_000);
});
