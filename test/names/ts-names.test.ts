// TypeScript names (generator/names/ts.ts): field names that are reserved words or the
// engine's own locals give an engine that strict tsc accepts, that loads, and whose
// parseEvent reads them from untrusted input; quantifier variables named like the engine's
// locals and helpers do not shadow them.

import { describe, expect, it } from 'vitest';
import { emitConformance } from '../../generator/conformance/emit.ts';
import { buildPlan } from '../../generator/conformance/plan.ts';
import { exploreGraph } from '../../generator/explore/explore.ts';
import { TS_GLOBALS, TS_VALUE_GLOBALS, camel } from '../../generator/names/ts.ts';
import { join } from 'node:path';
import ts from 'typescript';
import { ROOT } from '../helpers.ts';
import { irOfText, loadEngine } from './helpers.ts';

type ParseResult = { ok: true; event: Record<string, unknown> } | { ok: false; error: string };
interface Engine {
  parseEvent(raw: unknown): ParseResult;
  dispatch(
    s: unknown,
    e: unknown,
    now: number,
  ): { ok: boolean; reason: string; snapshot: Record<string, unknown> };
  [create: string]: unknown;
}

/** Defect 13: every one of these field names broke the engine (a reserved word as a local,
 *  or a local of parseEvent shadowed). */
const FIELDS = [
  'class',
  'new',
  'default',
  'let',
  'yield',
  'await',
  'interface',
  'package',
  'eval',
  'arguments',
  'input',
  'fail',
  'raw',
  'key',
  'version',
  'event_',
  'undefined',
  'item',
  'range',
  's',
  'now',
];
/** The fields the transitions read are Bool; the others have one value (0..0), so that the
 *  event has 32 payloads, not 2^21: a model checker builds that set (TTH2017). */
const BOOL_FIELDS = new Set(['class', 'new', 'default', 'input', 'fail']);

const spec = `machine Keys
states { initial A  B  terminal Z }
var seen: set<Tok> = {}
var s: Bool = false
var e: Bool = false
var range: 0..2 = 0
type Tok model 2
event GO { ${FIELDS.map((f) => `${f}: ${BOOL_FIELDS.has(f) ? 'Bool' : '0..0'}`).join(', ')} }
event PICK { item: set<Tok>, who: Tok, class: Tok? }
accept { OK }
reject { NO, NONE }
transition go: A -> B on GO
  reason OK
  require event.class and event.input and not event.fail else NO
  set s = event.new, e = event.default
transition pick: B -> B on PICK
  reason OK
  require event.class != null and event.who != event.class else NO
  set seen = seen union {event.who}
transition stop: * -> Z on GO
  reason OK
  require not event.class else NONE
// quantifier variables named like the engine's parameters, helpers and reserved words
invariant q: (forall s in 0..1: exists e in 0..1: s + e >= 0) and (forall now in 0..range: now >= 0)
  and (forall range in seen: range in seen) and (forall class in 0..2: exists every in 0..1: class >= every)
  and (forall n in seen: forall n in seen: n == n)
invariant can_pick: (state == B and size(seen) < 2) => enabled(pick)
`;

describe('TypeScript names of a spec', () => {
  it('camelCase names are property names: never a leading digit', () => {
    expect(camel('active_transport')).toBe('activeTransport');
    expect(camel('SessionTtl')).toBe('sessionTtl');
    expect(camel('_1')).toBe('_1');
    expect(camel('_')).toBe('_');
  });

  it('an engine whose fields are reserved words and parseEvent locals passes strict tsc, loads, and parses untrusted input', async () => {
    const ir = irOfText(spec, 'keys.tether');
    const { errors, engine, dispose } = await loadEngine<Engine>(ir);
    try {
      expect(errors).toEqual([]);
      const event: Record<string, unknown> = {
        type: 'GO',
        ...Object.fromEntries(
          FIELDS.map((f) => [camel(f), BOOL_FIELDS.has(f) ? f === 'class' || f === 'input' : 0]),
        ),
      };
      expect(engine.parseEvent(event)).toEqual({ ok: true, event });
      expect(
        engine.parseEvent(JSON.parse(JSON.stringify({ ...event, expectedVersion: 0 }))),
      ).toEqual({ ok: true, event: { ...event, expectedVersion: 0 } });
      // hostile input: a message, never a throw
      expect(engine.parseEvent({ ...event, input: 'yes' })).toEqual({
        ok: false,
        error: 'GO.input must be true or false',
      });
      expect(engine.parseEvent({ ...event, fail: undefined })).toEqual({
        ok: false,
        error: 'GO.fail must be true or false',
      });
      const { fail: _fail, ...missing } = event;
      expect(engine.parseEvent(missing)).toEqual({ ok: false, error: 'missing field fail in GO' });
      const create = engine['createKeys'] as (init: unknown) => Record<string, unknown>;
      const s0 = create({ params: {}, now: 0 });
      const out = engine.dispatch(s0, event, 1);
      expect([out.ok, out.reason, out.snapshot['state']]).toEqual([true, 'OK', 'B']);
      const pick = { type: 'PICK', item: new Set(), who: 'a', class: 'b' };
      expect(engine.parseEvent({ ...pick, item: [] })).toEqual({ ok: true, event: pick });
      const picked = engine.dispatch(out.snapshot, pick, 2);
      expect([picked.ok, picked.reason, picked.snapshot['state']]).toEqual([true, 'OK', 'B']);
    } finally {
      dispose();
    }
  }, 60_000);
});

describe('names the conformance suite declares', () => {
  it("an id constant never takes the name of an import (type asX's id asX1 and type X1's brand function asX1)", () => {
    const ir = irOfText(
      'machine Two\ntype asX model 1\ntype X1 model 1\nstates { initial S  terminal Z }\nvar a: asX? = null\nvar b: X1? = null\nevent PUT { a: asX, b: X1 }\naccept { OK }\ntransition put: S -> Z on PUT\n  reason OK\n  set a = event.a, b = event.b\n',
      'two.tether',
    );
    const suite = emitConformance(ir, buildPlan(exploreGraph(ir)), exploreGraph(ir)).content;
    expect(suite).toMatch(
      /import \{ asX1, asasX, createTwo, dispatch, parseEvent, parseSnapshot, serializeSnapshot \} from '\.\/two\.ts';/,
    );
    expect(suite).toContain("const asX1_2 = asasX('asX1');");
    expect(suite).toContain("const X11 = asX1('X11');");
    expect(suite).toContain('a: asX1_2, b: X11');
  }, 60_000);
});

describe('the globals the engine relies on', () => {
  it('are the ones a spec type may not shadow (TS_GLOBALS)', () => {
    const files = [
      join(ROOT, 'generated/session.ts'),
      join(ROOT, 'test/fixtures/golden/door.engine.ts'),
    ];
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      lib: ['lib.es2022.d.ts'],
      types: [],
      noEmit: true,
    });
    const checker = program.getTypeChecker();
    const used = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const p = node.parent;
        const member =
          (ts.isPropertyAccessExpression(p) ||
            ts.isQualifiedName(p) ||
            ts.isPropertyAssignment(p) ||
            ts.isPropertySignature(p) ||
            ts.isMethodDeclaration(p)) &&
          (p as { name: ts.Node }).name === node;
        const decls = member ? undefined : checker.getSymbolAtLocation(node)?.declarations;
        if (
          decls &&
          decls.length > 0 &&
          decls.every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()))
        )
          used.add(node.text);
      }
      ts.forEachChild(node, visit);
    };
    for (const f of files) visit(program.getSourceFile(f)!);
    // A global named as a value only (Math.imul) may be a spec type's name: it shadows no value.
    expect([...used].filter((g) => g !== 'undefined').sort()).toEqual(
      [...TS_GLOBALS, ...TS_VALUE_GLOBALS].filter((g) => used.has(g)).sort(),
    );
    expect(used.has('Set') && used.has('ReadonlySet') && used.has('Object')).toBe(true);
  }, 60_000);
});
