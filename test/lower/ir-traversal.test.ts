// generator/lower/ir.ts: mapChildren is the IR's traversal (childrenOf and someNode are built
// on it) and lists every kind. One sample per kind says which sub-expressions that kind has;
// the table is keyed by every kind, so a new kind is a compile error here until its sample
// (and its children) are written, as it is in mapChildren until it is handled.

import { describe, expect, it } from 'vitest';
import {
  childrenOf,
  mapChildren,
  someNode,
  type IrDomain,
  type IrExpr,
} from '../../generator/lower/ir.ts';
import { BOOL, INT, STATE, TIME, type IrType } from '../../generator/lower/types.ts';

const int = (value: number): IrExpr => ({ kind: 'int', value, type: INT });
const SET_OF_INT: IrType = { kind: 'set', element: INT };

interface Sample<TKind extends IrExpr['kind']> {
  readonly node: Extract<IrExpr, { kind: TKind }>;
  /** The direct sub-expressions, in order. */
  readonly children: readonly IrExpr[];
}
type Samples = { readonly [K in IrExpr['kind']]: Sample<K> };

const a = int(1);
const b = int(2);
const c = int(3);
const quantifier = (domain: IrDomain): Extract<IrExpr, { kind: 'quantifier' }> => ({
  kind: 'quantifier',
  quantifier: 'exists',
  variable: 'x',
  domain,
  body: c,
  type: BOOL,
});

const SAMPLES: Samples = {
  bool: { node: { kind: 'bool', value: true, type: BOOL }, children: [] },
  int: { node: { kind: 'int', value: 7, type: INT }, children: [] },
  null: { node: { kind: 'null', type: { kind: 'null' } }, children: [] },
  stateLit: { node: { kind: 'stateLit', name: 'Idle', type: STATE }, children: [] },
  enumLit: {
    node: { kind: 'enumLit', enum: 'Color', member: 'Red', type: { kind: 'enum', name: 'Color' } },
    children: [],
  },
  var: { node: { kind: 'var', name: 'n', primed: false, type: INT }, children: [] },
  const: { node: { kind: 'const', name: 'k', primed: true, type: INT }, children: [] },
  param: { node: { kind: 'param', name: 'N', type: INT }, children: [] },
  state: { node: { kind: 'state', primed: false, type: STATE }, children: [] },
  now: { node: { kind: 'now', type: TIME }, children: [] },
  field: { node: { kind: 'field', name: 'f', type: INT }, children: [] },
  bound: { node: { kind: 'bound', name: 'x', type: INT }, children: [] },
  enabled: { node: { kind: 'enabled', transition: 't', type: BOOL }, children: [] },
  setLit: { node: { kind: 'setLit', elements: [a, b, c], type: SET_OF_INT }, children: [a, b, c] },
  seqLit: {
    node: { kind: 'seqLit', elements: [a, b], type: { kind: 'seq', element: INT, capacity: null } },
    children: [a, b],
  },
  emptyMap: {
    node: { kind: 'emptyMap', type: { kind: 'map', key: INT, value: INT } },
    children: [],
  },
  index: {
    node: { kind: 'index', map: a, key: b, type: { kind: 'nullable', inner: INT } },
    children: [a, b],
  },
  not: { node: { kind: 'not', operand: a, type: BOOL }, children: [a] },
  neg: { node: { kind: 'neg', operand: a, type: INT }, children: [a] },
  call: { node: { kind: 'call', fn: 'size', args: [a], type: INT }, children: [a] },
  binary: { node: { kind: 'binary', op: '+', left: a, right: b, type: INT }, children: [a, b] },
  if: {
    node: { kind: 'if', cond: a, then: b, otherwise: c, type: INT },
    children: [a, b, c],
  },
  // A quantifier's domain comes first; its other domains are below.
  quantifier: { node: quantifier({ kind: 'range', lo: a, hi: b }), children: [a, b, c] },
  // A definition's use: its body (the arguments are in it where it reads them).
  use: { node: { kind: 'use', def: 'f', args: [a], body: b, type: INT }, children: [b] },
};

const samples = Object.values(SAMPLES) as readonly Sample<IrExpr['kind']>[];

describe('mapChildren (lower/ir.ts)', () => {
  it.each(samples.map((s) => [s.node.kind, s] as const))(
    'finds exactly the sub-expressions of %s',
    (_, { node, children }) => {
      const found = childrenOf(node);
      expect(found).toHaveLength(children.length);
      found.forEach((x, i) => expect(x).toBe(children[i]));
    },
  );

  it.each(samples.map((s) => [s.node.kind, s] as const))(
    'maps exactly the sub-expressions of %s, and returns a leaf itself',
    (_, { node, children }) => {
      const mapped = mapChildren(node, (x) => ({ kind: 'neg', operand: x, type: INT }));
      if (children.length === 0) expect(mapped).toBe(node);
      else {
        expect(mapped.kind).toBe(node.kind);
        expect(childrenOf(mapped)).toEqual(
          children.map((x) => ({ kind: 'neg', operand: x, type: INT })),
        );
      }
    },
  );

  it("maps a definition's arguments with its body, so that both stay one expression", () => {
    const use: IrExpr = { kind: 'use', def: 'f', args: [a], body: b, type: INT };
    const mapped = mapChildren(use, (x) => (x === a ? c : x));
    expect(mapped).toEqual({ ...use, args: [c] });
  });

  it("reaches a quantifier's set domain, and has none in a type domain", () => {
    expect(childrenOf(quantifier({ kind: 'set', set: a }))).toEqual([a, c]);
    expect(childrenOf(quantifier({ kind: 'type', type: INT }))).toEqual([c]);
  });

  it('lets someNode see every node of a tree, however deep', () => {
    const now: IrExpr = { kind: 'now', type: TIME };
    const inner: IrExpr = { kind: 'if', cond: a, then: b, otherwise: now, type: TIME };
    const deep: IrExpr = {
      kind: 'not',
      operand: quantifier({ kind: 'set', set: inner }),
      type: BOOL,
    };
    expect(someNode(deep, (x) => x === now)).toBe(true);
    expect(someNode(deep, (x) => x.kind === 'enabled')).toBe(false);
  });
});
