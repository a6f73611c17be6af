// One bad spec per diagnostic code: the compact output must equal the recorded one, and the
// fixture must produce the code it is named after. TTH6xxx findings need the model explored
// (check and generate report them), so their fixtures run that analysis too. No message may
// keep a `{name}` of its template unfilled.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { CATALOG } from '../../generator/diagnostics/catalog.ts';
import { renderCompact } from '../../generator/diagnostics/render.ts';
import { summary } from '../../generator/cli/output.ts';
import { conformanceOutput } from '../../generator/conformance/output.ts';
import { sortDiagnostics } from '../../generator/diagnostics/types.ts';
import { fixturePath, listFixtures } from '../helpers.ts';

describe('diagnostic fixtures', () => {
  for (const fixture of listFixtures('diagnostics', '.tether')) {
    it(fixture, () => {
      const name = `test/fixtures/diagnostics/${fixture}`;
      const result = compileSpec(readFileSync(fixturePath('diagnostics', fixture), 'utf8'), name);
      const model =
        fixture.startsWith('TTH6') && result.ir && result.ast
          ? conformanceOutput(result.ir).diagnostics
          : [];
      const diagnostics = sortDiagnostics([...result.diagnostics, ...model]);
      expect(diagnostics.map((d) => d.code)).toContain(fixture.slice(0, 7));
      // Every placeholder was filled: none of its template's `{name}`s is left in a message.
      for (const d of diagnostics)
        for (const placeholder of CATALOG[d.code].template.match(/\{\w+\}/g) ?? [])
          expect(d.message, `${d.code} in ${fixture}`).not.toContain(placeholder);
      const rendered =
        [...diagnostics.map(renderCompact), summary(diagnostics, 1)].join('\n') + '\n';
      const expected = readFileSync(
        fixturePath('diagnostics', fixture.replace(/\.tether$/, '.expected')),
        'utf8',
      );
      expect(rendered).toBe(expected);
    });
  }
});
