// Golden files for the parser (AST) and lowering (IR): input next to expected output.
// Update with `npx vitest run -u` after a deliberate change, and review the diff.

import { describe, expect, it } from 'vitest';
import { compileFile } from '../helpers.ts';

const GOLDEN = ['test/fixtures/golden/constructs.tether', 'spec/session.tether'];

describe('goldens', () => {
  for (const spec of GOLDEN) {
    const base = spec
      .split('/')
      .pop()!
      .replace(/\.tether$/, '');
    it(`${spec}: AST`, async () => {
      const { ast, diagnostics } = compileFile(spec);
      expect(diagnostics).toEqual([]);
      await expect(`${JSON.stringify(ast, null, 1)}\n`).toMatchFileSnapshot(
        `../fixtures/golden/${base}.ast.json`,
      );
    });
    it(`${spec}: IR`, async () => {
      const { ir } = compileFile(spec);
      expect(ir).not.toBeNull();
      await expect(`${JSON.stringify(ir, null, 1)}\n`).toMatchFileSnapshot(
        `../fixtures/golden/${base}.ir.json`,
      );
    });
  }

  it('compiles deterministically', () => {
    const a = JSON.stringify(compileFile('spec/session.tether').ir);
    const b = JSON.stringify(compileFile('spec/session.tether').ir);
    expect(a).toBe(b);
  });
});
