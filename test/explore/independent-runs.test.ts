// A check's result depends only on its spec, never on what was checked before in the same
// process: no module of the checker keeps mutable state between runs (the liveness checker
// once reused component marks across specs, so a spec that holds failed after others).

import { readFileSync, readdirSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { explore } from '../../generator/explore/explore.ts';
import { ROOT } from '../helpers.ts';
import { irOf } from '../tlc/helpers.ts';

const statuses = (spec: string): string =>
  explore(irOf(spec))
    .properties.map((p) => `${p.name}: ${p.status}`)
    .join(', ');

describe('checking several specs in one process', () => {
  it('gives each spec the result it has alone (the first explore of this file)', () => {
    // This order made the explorer's component marks collide: finish-fair held alone and
    // failed as "A <-> B forever" after the other two.
    const finish = 'test/fixtures/results/finish-fair.tether';
    const alone = statuses(finish);
    expect(alone).toContain('reaches_z: holds');
    const between = [
      'test/fixtures/models/strong-fairness.tether',
      'test/fixtures/results/clock-loop.tether',
    ].map(statuses);
    expect(statuses(finish)).toBe(alone);
    // And the others in reverse order give what they gave before.
    expect(
      ['test/fixtures/results/clock-loop.tether', 'test/fixtures/models/strong-fairness.tether']
        .map(statuses)
        .reverse(),
    ).toEqual(between);
  });
});

/** Top-level declarations of a module that hold mutable state: `let`/`var`, or a `const`
 *  bound to a fresh mutable collection or literal without a readonly type or `as const`. */
function moduleStateOf(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    const line = (n: ts.Node): string =>
      `${file.slice(ROOT.length)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
    if (!(list.flags & ts.NodeFlags.Const)) {
      found.push(
        `${line(statement)}: a module-level ${list.flags & ts.NodeFlags.Let ? 'let' : 'var'}`,
      );
      continue;
    }
    for (const d of list.declarations) {
      const init = d.initializer;
      if (!init) continue;
      const typed = d.type !== undefined && /^(readonly |Readonly)/.test(d.type.getText(source));
      const asConst = ts.isAsExpression(init) && init.type.getText(source) === 'const';
      const mutable =
        ts.isArrayLiteralExpression(init) ||
        ts.isObjectLiteralExpression(init) ||
        (ts.isNewExpression(init) &&
          /^(Map|Set|WeakMap|Array|\w+Array)$/.test(init.expression.getText(source)));
      if (mutable && !typed && !asConst)
        found.push(`${line(d)}: module-level mutable ${d.name.getText(source)}`);
    }
  }
  return found;
}

describe('the checker keeps no state between runs', () => {
  const dirs = ['generator/explore', 'generator/semantics', 'generator/tlc', 'generator/check'];
  const files = dirs.flatMap((d) =>
    readdirSync(`${ROOT}${d}`)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `${ROOT}${d}/${f}`),
  );
  it('scans the checker modules', () => {
    expect(files.length).toBeGreaterThan(30);
  });
  it('has no module-level let, var or mutable collection', () => {
    expect(files.flatMap(moduleStateOf)).toEqual([]);
  });
  it('recognises module state (the scan can fail)', () => {
    const probe = `${ROOT}test/fixtures/results/module-state.ts.txt`;
    expect(moduleStateOf(probe).map((s) => s.replace(/^.*:\d+: /, ''))).toEqual([
      'a module-level let',
      'module-level mutable cache',
      'module-level mutable marks',
    ]);
  });
});
