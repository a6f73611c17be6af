// The catalog: unique codes and names, codes grouped by stage, and a fixture for every code.

import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG, DIAGNOSTIC_CODES, formatMessage } from '../../generator/diagnostics/catalog.ts';
import { fixturePath, listFixtures } from '../helpers.ts';

describe('diagnostic catalog', () => {
  it('has unique codes and unique names', () => {
    const names = DIAGNOSTIC_CODES.map((c) => CATALOG[c].name);
    expect(new Set(DIAGNOSTIC_CODES).size).toBe(DIAGNOSTIC_CODES.length);
    expect(new Set(names).size).toBe(names.length);
  });

  it('uses the TTH<stage><nnn> shape and kebab-case names', () => {
    for (const code of DIAGNOSTIC_CODES) {
      expect(code).toMatch(/^TTH[0-6]\d{3}$/);
      expect(CATALOG[code].name).toMatch(/^[a-z]+(-[a-z]+)*$/);
    }
  });

  it('has a bad-spec fixture and an expected output for every code', () => {
    const fixtures = listFixtures('diagnostics', '.tether');
    for (const code of DIAGNOSTIC_CODES) {
      const fixture = fixtures.find((f) => f.startsWith(`${code}-${CATALOG[code].name}.`));
      expect(fixture, `fixture for ${code} (${CATALOG[code].name})`).toBeDefined();
      expect(
        existsSync(fixturePath('diagnostics', fixture!.replace(/\.tether$/, '.expected'))),
      ).toBe(true);
    }
    // ...and no fixture for a code that does not exist.
    for (const f of fixtures) expect(DIAGNOSTIC_CODES).toContain(f.slice(0, 7));
  });

  it('has no braces in a template but {word} placeholders, the ones the types read', () => {
    for (const code of DIAGNOSTIC_CODES)
      expect(CATALOG[code].template.replace(/\{\w+\}/g, ''), code).not.toMatch(/[{}]/);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('TTH1002', { name: 'X' })).toBe("undefined state 'X'");
    // The types reject a missing argument; at run time the placeholder stays visible.
    // @ts-expect-error -- 'name' is missing
    expect(formatMessage('TTH1002', {})).toBe("undefined state '{name}'");
  });
});
