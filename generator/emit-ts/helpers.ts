// The engine's runtime helpers as the emitter includes them: each helper's text, taken from
// runtime-helpers.ts (a module tsc checks), and one table of what each helper uses of the
// others. The emitter records the helpers its code needs as it prints it (ts-expr.ts, the
// engine-*.ts sections) and includes exactly those and what they use, in the module's order.

import { readFileSync } from 'node:fs';
import type * as Runtime from './runtime-helpers.ts';

/** A runtime helper: an export of runtime-helpers.ts. */
export type HelperName = keyof typeof Runtime;

/** What each helper's body uses of the other helpers (test/emit-ts/helpers.test.ts checks the
 *  table against the bodies). Its order is runtime-helpers.ts's, the order of every engine. */
const USES: { readonly [K in HelperName]: readonly HelperName[] } = {
  freshAmong: [],
  TrieNode: ['TrieLeaf'],
  TrieLeaf: [],
  trieHash: [],
  trieSlot: [],
  trieFind: ['TrieNode', 'TrieLeaf', 'trieSlot'],
  triePut: ['TrieNode', 'TrieLeaf', 'trieSlot', 'trieUnchain', 'trieSplit'],
  trieUnchain: ['TrieLeaf'],
  trieSplit: ['TrieNode', 'TrieLeaf'],
  trieRemove: ['TrieNode', 'trieSlot', 'trieUnchain'],
  trieLeaves: ['TrieNode', 'TrieLeaf'],
  PersistentSet: [
    'TrieNode',
    'trieHash',
    'trieFind',
    'triePut',
    'trieRemove',
    'trieLeaves',
    'keysOf',
  ],
  keysOf: [],
  EMPTY_SET: ['TrieNode', 'PersistentSet'],
  persistent: ['PersistentSet'],
  adjoin: ['persistent'],
  union: ['persistent'],
  intersect: ['PersistentSet'],
  minus: ['PersistentSet', 'persistent'],
  isSubset: [],
  setEquals: ['isSubset'],
  isSetValue: ['PersistentSet'],
  deepEquals: ['isSetValue', 'hasDeep'],
  hasDeep: ['isSetValue', 'deepEquals'],
  adjoinDeep: ['hasDeep'],
  unionDeep: ['adjoinDeep'],
  setOfDeep: ['adjoinDeep'],
  intersectDeep: ['hasDeep'],
  minusDeep: ['hasDeep'],
  isSubsetDeep: ['hasDeep'],
  setEqualsDeep: ['isSubsetDeep'],
  PersistentMap: ['TrieNode', 'trieHash', 'trieFind', 'triePut', 'trieRemove', 'trieLeaves'],
  EMPTY_MAP: ['TrieNode', 'PersistentMap'],
  persistentMap: ['PersistentMap'],
  mapKeys: ['PersistentSet', 'PersistentMap'],
  mapPut: ['persistentMap'],
  mapRemove: ['persistentMap'],
  mapEquals: [],
  seqEquals: [],
  every: [],
  some: [],
  range: [],
  subsets: ['union'],
  storedMembers: [],
  storedEntries: ['storedMembers'],
  storedKey: [],
};

/** The helpers in the module's order. */
export const HELPER_NAMES = Object.keys(USES) as readonly HelperName[];

/** The helpers `name` uses. */
export const helperUses = (name: HelperName): readonly HelperName[] => USES[name];

/** Whether `name` is a helper's. */
export const isHelper = (name: string): name is HelperName => Object.hasOwn(USES, name);

/** Whether the helper is a constant (not a function). */
export const isConstantHelper = (name: HelperName): boolean =>
  /^(?:\/\*\*[^]*?\*\/\n)?const /.test(HELPER_TEXT.get(name)!);

/** Each helper's text as an engine holds it: runtime-helpers.ts after its marker, one
 *  declaration with its comments, without `export` and the `// prettier-ignore` lines. */
export const HELPER_TEXT: ReadonlyMap<HelperName, string> = (() => {
  const pieces = readFileSync(new URL('./runtime-helpers.ts', import.meta.url), 'utf8')
    .split('\n// ---- helpers ----\n')[1]!
    .replace(/^\/\/ prettier-ignore\n/gm, '')
    .replace(/^export /gm, '')
    .trimEnd()
    .split('\n\n');
  const named = pieces.map((p) => {
    const name = /^(?:\/\*\*[^]*?\*\/\n)?(?:function\*?|const|class) (\w+)/.exec(p)?.[1];
    if (name === undefined || !isHelper(name))
      throw new Error(`runtime-helpers.ts: a piece declares no helper of the table:\n${p}`);
    return [name, p] as const;
  });
  if (named.map(([n]) => n).join(' ') !== HELPER_NAMES.join(' '))
    throw new Error('runtime-helpers.ts: its helpers are not the table of helpers.ts, in order');
  return new Map(named);
})();
