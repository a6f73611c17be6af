// The module graph of generator/: every .ts/.mjs file, its static imports and re-exports
// (`import type` included), relative ones resolved to files. Read by imports.test.ts, which
// holds issue 11 item 6: no import cycles, and nothing outside generator/cli/ imports it.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** A module graph: each file (a path relative to the root, `/`-separated) to the files it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** A relative specifier that names no file. */
export interface Unresolved {
  readonly file: string;
  readonly specifier: string;
}

const SCANNED = ['.ts', '.mts', '.mjs'];
const TRIED = ['', '.ts', '.mts', '.mjs', '.js', '/index.ts'];

/** Every file under `dir` whose name ends in one of `extensions`, sorted. */
function filesUnder(dir: string, extensions: readonly string[]): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path, extensions));
    else if (extensions.some((ext) => name.endsWith(ext)) && !name.endsWith('.d.ts'))
      found.push(path);
  }
  return found;
}

/**
 * The module specifiers a source file names: `import … from`, `import type … from`, bare
 * `import '…'`, `export … from`, `import x = require('…')`, and `import('…')` with a literal
 * argument (in code or in a type).
 */
export function moduleSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      found.push(node.moduleSpecifier.text);
    else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    )
      found.push(node.moduleReference.expression.text);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      found.push(node.arguments[0].text);
    else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    )
      found.push(node.argument.literal.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const slashed = (path: string): string => path.split(sep).join('/');

/**
 * The graph of the files under `root/dir`, keyed by path relative to `root`. Edges go to
 * files anywhere under `root` (an import that leaves `dir` is kept, so a caller can see it);
 * a relative specifier that names no file is listed in `unresolved`.
 */
export function importGraph(
  root: string,
  dir: string,
): { graph: ImportGraph; unresolved: Unresolved[]; packages: ImportGraph } {
  const graph = new Map<string, string[]>();
  const packages = new Map<string, string[]>();
  const unresolved: Unresolved[] = [];
  for (const path of filesUnder(join(root, dir), SCANNED)) {
    const file = slashed(relative(root, path));
    const targets = new Set<string>();
    const named = new Set<string>();
    for (const specifier of moduleSpecifiers(path, readFileSync(path, 'utf8'))) {
      if (!specifier.startsWith('.')) {
        if (!specifier.startsWith('node:')) named.add(packageName(specifier));
        continue;
      }
      const base = resolve(dirname(path), specifier);
      const hit = TRIED.map((ext) => base + ext).find((p) => existsSync(p) && statSync(p).isFile());
      if (hit === undefined) unresolved.push({ file, specifier });
      else targets.add(slashed(relative(root, hit)));
    }
    graph.set(file, [...targets].sort());
    packages.set(file, [...named].sort());
  }
  return { graph, unresolved, packages };
}

/** The package a bare specifier names: `a` of `a/b`, `@s/a` of `@s/a/b`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

/** Every module `start` imports, directly or not, itself included, sorted. */
export function reachableFrom(graph: ImportGraph, start: string): string[] {
  const seen = new Set([start]);
  const todo = [start];
  for (let file = todo.pop(); file !== undefined; file = todo.pop())
    for (const target of graph.get(file) ?? [])
      if (!seen.has(target)) {
        seen.add(target);
        todo.push(target);
      }
  return [...seen].sort();
}

/** The strongly connected components of `graph` with a cycle in them (Tarjan's algorithm). */
export function cyclicComponents(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return components;
}

/** The shortest cycle through `start` inside `members`, as a chain `[start, …, start]`. */
function shortestCycle(graph: ImportGraph, members: ReadonlySet<string>, start: string): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path: string[] = [];
        for (let u = v; u !== start; u = parent.get(u)!) path.unshift(u);
        return [start, ...path, start];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/**
 * The import cycles of `graph`: for each cyclic component, the shortest cycle through each
 * of its files, each printed once (a cycle found from two of its files is the same cycle).
 */
export function importCycles(graph: ImportGraph): string[][] {
  const cycles = new Map<string, string[]>();
  for (const component of cyclicComponents(graph)) {
    const members = new Set(component);
    for (const start of component) {
      const cycle = shortestCycle(graph, members, start);
      const ring = cycle.slice(0, -1);
      const first = ring.indexOf([...ring].sort()[0]!);
      const key = [...ring.slice(first), ...ring.slice(0, first)].join(' ');
      if (!cycles.has(key)) cycles.set(key, cycle);
    }
  }
  return [...cycles.values()];
}

/** A cycle as a chain, `a → b → a`. */
export const showChain = (chain: readonly string[]): string => chain.join(' → ');
