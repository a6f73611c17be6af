// One bad spec per diagnostic code: the compact output must equal the recorded one, and the
// fixture must produce the code it is named after.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { renderCompact } from '../../generator/diagnostics/render.ts';
import { summary } from '../../generator/cli/output.ts';
import { fixturePath, listFixtures } from '../helpers.ts';

describe('diagnostic fixtures', () => {
  for (const fixture of listFixtures('diagnostics', '.tether')) {
    it(fixture, () => {
      const name = `test/fixtures/diagnostics/${fixture}`;
      const result = compileSpec(readFileSync(fixturePath('diagnostics', fixture), 'utf8'), name);
      expect(result.diagnostics.map((d) => d.code)).toContain(fixture.slice(0, 7));
      const rendered = [...result.diagnostics.map(renderCompact), summary(result.diagnostics, 1)].join('\n') + '\n';
      const expected = readFileSync(fixturePath('diagnostics', fixture.replace(/\.tether$/, '.expected')), 'utf8');
      expect(rendered).toBe(expected);
    });
  }
});
