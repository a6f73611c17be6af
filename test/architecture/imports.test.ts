// Issue 11 item 6: the modules under generator/ form no import cycle, and nothing outside
// generator/cli/ imports from it (the CLI is the top layer; library code does not reach up).

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  importCycles,
  importGraph,
  moduleSpecifiers,
  packageName,
  reachableFrom,
  showChain,
} from './import-graph.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { graph, unresolved, packages } = importGraph(root, 'generator');

describe('the import graph of generator/', () => {
  it('reads every module and resolves every relative import', () => {
    expect(graph.has('generator/cli/main.ts')).toBe(true);
    expect(graph.has('generator/cli/bin.mjs')).toBe(true);
    expect(graph.get('generator/cli/bin.mjs')).toContain('generator/cli/entry.ts');
    expect(graph.get('generator/cli/entry.ts')).toContain('generator/cli/main.ts');
    expect(unresolved).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(graph).map(showChain)).toEqual([]);
  });

  it('has no import of generator/cli/ from outside it', () => {
    const upward = [...graph]
      .filter(([file]) => !file.startsWith('generator/cli/'))
      .flatMap(([file, targets]) =>
        targets.filter((t) => t.startsWith('generator/cli/')).map((t) => `${file} → ${t}`),
      );
    expect(upward).toEqual([]);
  });
});

// Issue 11 item 3: the generated suites load the model (generated/<machine>.ir.json), they do
// not compile the spec: nothing the suite runtime imports, directly or not, is the parser, the
// checker, the front end, the TLA+ emitter or their packages.
describe('the runtime of the generated suites', () => {
  const runtime = reachableFrom(graph, 'generator/conformance/harness.ts');
  const front = (f: string): boolean =>
    f === 'generator/frontend.ts' ||
    f.startsWith('generator/check/') ||
    // parse/ast.ts is types only (the IR's operators are the AST's); the rest is the parser.
    (f.startsWith('generator/parse/') && f !== 'generator/parse/ast.ts') ||
    f === 'generator/emit-tla/emit.ts' ||
    f === 'generator/emit-tla/view-model.ts';

  it('loads the IR artifact and the engine-side modules', () => {
    expect(runtime).toContain('generator/ir-json/load.ts');
    expect(runtime).toContain('generator/explore/explore.ts');
    expect(runtime.length).toBeGreaterThan(20);
  });

  it('imports no module of the front end or the TLA+ emitter', () => {
    expect(runtime.filter(front)).toEqual([]);
    // The same test on the CLI, which does compile: it finds them.
    expect(reachableFrom(graph, 'generator/cli/main.ts').filter(front).length).toBeGreaterThan(5);
  });

  it('imports none of the packages that compile: peggy, handlebars, ts-morph', () => {
    const used = new Set(runtime.flatMap((f) => packages.get(f) ?? []));
    expect([...used].filter((p) => ['peggy', 'handlebars', 'ts-morph'].includes(p))).toEqual([]);
    expect(used).toContain('fast-check');
    expect(packageName('@scope/pkg/deep')).toBe('@scope/pkg');
    expect(packageName('handlebars/runtime')).toBe('handlebars');
  });
});

// The checks above can fail: the same functions on graphs made to break them.
describe('the checker', () => {
  it('lists every kind of static specifier, `import type` included', () => {
    const text = [
      "import a from './a.ts';",
      "import type { B } from './b.ts';",
      "import { type C } from './c.ts';",
      "import './d.ts';",
      "export { e } from './e.ts';",
      "export type * from './f.ts';",
      "type G = typeof import('./g.ts');",
      "const h = await import('./h.ts');",
      "const s = 'not an import';",
    ].join('\n');
    expect(moduleSpecifiers('x.ts', text)).toEqual([
      './a.ts',
      './b.ts',
      './c.ts',
      './d.ts',
      './e.ts',
      './f.ts',
      './g.ts',
      './h.ts',
    ]);
  });

  it('prints each cycle as a chain', () => {
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c', 'a']],
      ['c', ['a']],
      ['d', ['d', 'a']],
      ['e', ['a']],
    ]);
    expect(importCycles(cyclic).map(showChain)).toEqual(['a → b → a', 'c → a → b → c', 'd → d']);
  });

  it('finds no cycle in a graph without one', () => {
    const acyclic = new Map([
      ['a', ['b', 'c']],
      ['b', ['c']],
      ['c', []],
    ]);
    expect(importCycles(acyclic)).toEqual([]);
  });
});
