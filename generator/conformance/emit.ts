// IR + conformance plan → generated/<machine>.conformance.test.ts, built with ts-morph. The
// file holds the planned cases as typed data (events are the engine's own types, ids its
// branded values) and calls the suite runtime (harness.ts) for everything that needs the
// model: the IR interpreter, the explorer, TLC. Deterministic: the plan follows the BFS order.

import type { ImportDeclarationStructure, WriterFunction } from 'ts-morph';
import type { IrMachine } from '../lower/ir.ts';
import type { IrType } from '../lower/types.ts';
import { TlaNaming } from '../names/tla.ts';
import { allocateTsName, camel, pascal } from '../names/ts.ts';
import { isMapValue, isSeqValue, type Value } from '../semantics/values.ts';
import type { ClauseId, ConformancePlan, PlanEvent, PlanStart, PlanStep } from './plan.ts';
import type { ReachableGraph } from '../explore/explore.ts';
import { printStatements, StructureKind } from '../print-ts.ts';
import { DEFAULT_LAYOUT, relativeSpecifier, type OutputLayout } from '../project/layout.ts';

/** The module generated suites import their runtime from (the package's export). */
export const CONFORMANCE_RUNTIME = 'tether-spec/conformance';

export interface EmittedSuite {
  readonly path: string;
  readonly content: string;
}

export function emitConformance(
  ir: IrMachine,
  plan: ConformancePlan,
  graph: ReachableGraph,
  layout: OutputLayout = DEFAULT_LAYOUT,
): EmittedSuite {
  const M = pascal(ir.name);
  const m = camel(ir.name);
  // One constant per id the cases use, named after its model value unless that name is
  // taken (another type's model value, an import, this module's own names).
  const ids = new Map<string, string>();
  const taken = new Set([
    'describe',
    'expect',
    'it',
    'conformanceSuite',
    'tlcJar',
    'suite',
    'dispatch',
    'parseEvent',
    'serializeSnapshot',
    'parseSnapshot',
    `create${M}`,
    'URL',
    'Set',
    'Map',
    ...ir.types.map((t) => `as${t.name}`),
  ]);
  const opaque = new Map(ir.types.map((t) => [t.name, t]));

  const value = (v: Value, t: IrType): string => {
    if (v === null) return 'null';
    if (Array.isArray(v))
      return `new Set([${v.map((x) => value(x, t.kind === 'set' ? t.element : t)).join(', ')}])`;
    const inner = t.kind === 'nullable' ? t.inner : t;
    if (isSeqValue(v)) {
      const element = inner.kind === 'seq' ? inner.element : inner;
      return `[${v.items.map((x) => value(x, element)).join(', ')}]`;
    }
    if (isMapValue(v)) {
      const [k, x] = inner.kind === 'map' ? [inner.key, inner.value] : [inner, inner];
      return `new Map([${v.entries.map(([key, val]) => `[${value(key, k)}, ${value(val, x)}]`).join(', ')}])`;
    }
    if (inner.kind === 'opaque' && opaque.has(inner.name) && typeof v === 'string') {
      const key = `${inner.name}\u0000${v}`;
      if (!ids.has(key)) ids.set(key, allocateTsName(taken, v));
      return ids.get(key)!;
    }
    return typeof v === 'string' ? `'${v}'` : String(v);
  };
  const event = (e: PlanEvent): string => {
    const decl = ir.events.find((x) => x.name === e.type)!;
    const fields = decl.fields.map(
      (f) => `${camel(f.name)}: ${value(e.payload[f.name] ?? null, f.type)}`,
    );
    if (e.expectedVersion !== undefined) fields.push(`expectedVersion: ${e.expectedVersion}`);
    return `{ type: '${e.type}'${fields.map((f) => `, ${f}`).join('')} }`;
  };
  const start = (s: PlanStart): string =>
    ir.consts.length === 0
      ? '{}'
      : `{ ${ir.consts.map((c) => `${camel(c.name)}: ${value(s.consts[c.name] ?? null, c.type)}`).join(', ')} }`;
  const path = (steps: readonly PlanStep[]): string =>
    steps.length === 0
      ? '[]'
      : `[\n${steps.map((s) => `      { at: ${s.at}, event: ${event(s.event)}, to: '${s.to}' }, // ${s.transition}`).join('\n')}\n    ]`;
  const where = (loc: { line: number; column: number }): string =>
    `${ir.source}:${loc.line}:${loc.column}`;
  const clause = (c: ClauseId): string =>
    `${c.transition} require #${c.clause + 1} (${c.reason}, ${where(c.loc)})`;
  const str = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

  const it =
    (title: string, call: string, fields: readonly string[]): WriterFunction =>
    (w) => {
      w.writeLine(`it(${str(title)}, () => {`);
      w.writeLine(`  suite.${call}({`);
      for (const f of fields) w.writeLine(`    ${f},`);
      w.writeLine('  });');
      w.writeLine('});');
    };
  const describe =
    (title: string, body: readonly WriterFunction[]): WriterFunction =>
    (w) => {
      w.writeLine(`describe(${str(title)}, () => {`);
      w.indent(() =>
        body.forEach((b, i) => {
          if (i > 0) w.blankLine();
          b(w);
        }),
      );
      w.writeLine('});');
    };
  const common = (c: {
    start: PlanStart;
    path: readonly PlanStep[];
    at: number;
    event: PlanEvent;
  }): string[] => [
    `start: ${start(c.start)}`,
    `path: ${path(c.path)}`,
    `at: ${c.at}`,
    `event: ${event(c.event)}`,
  ];

  const transitions = plan.accepts.map((c) =>
    it(`${c.transition}: ${c.from} -> ${c.to} (${c.reason}), ${where(c.loc)}`, 'accepts', [
      ...common(c),
      `transition: '${c.transition}'`,
      `from: '${c.from}'`,
      `to: '${c.to}'`,
      `reason: '${c.reason}'`,
    ]),
  );
  const rejections = plan.rejects.map((c) =>
    it(
      c.clause
        ? `${clause(c.clause)} fails in ${c.state}`
        : ir.refusals.some((r) => r.state === c.state && r.event === c.event.type)
          ? `refused: ${c.event.type} in ${c.state} (${c.reason})`
          : `built-in ${c.reason} in ${c.state}`,
      'rejects',
      [...common(c), `reason: '${c.reason}'`],
    ),
  );
  const shadowed = plan.shadowed.map((c) =>
    it(
      `${clause(c.clause)} fails in ${c.state}, but ${c.outcome.ok ? `${c.outcome.transition} is taken` : `${clause(c.outcome.by)} names the rejection`}`,
      'shadowed',
      [
        ...common(c),
        `outcome: ${c.outcome.ok ? `{ ok: true, transition: '${c.outcome.transition}', reason: '${c.outcome.reason}' }` : `{ ok: false, reason: '${c.outcome.reason}' }`}`,
      ],
    ),
  );
  const edges = graph.edgeTarget.length;
  const states = graph.states.length;
  const graphTests: WriterFunction = (w) => {
    w.writeLine(
      `it('a breadth-first search over the engine yields the explorer\\'s graph (${states} states, ${edges} edges) and the dispatch rule\\'s outcome for every event in every state', () => {`,
    );
    w.writeLine(
      `  expect(suite.expectGraphMatchesExplorer()).toEqual({ states: ${states}, edges: ${edges} });`,
    );
    w.writeLine('}, 120_000);');
    w.blankLine();
    w.writeLine(
      `it.skipIf(!tlcJar)('TLC\\'s state graph (-dump dot,actionlabels) is the explorer\\'s', async () => {`,
    );
    w.writeLine(
      `  expect(await suite.expectGraphMatchesTlc(tlcJar!)).toEqual({ states: ${states}, edges: ${edges} });`,
    );
    w.writeLine('}, 600_000);');
  };
  const modelBased: WriterFunction = (w) => {
    w.writeLine(
      "it('the engine against the IR interpreter on random command sequences (fast-check; seed printed, TETHER_SEED replays, TETHER_CONFORMANCE_RUNS runs longer)', () => {",
    );
    w.writeLine('  suite.modelBased();');
    w.writeLine('}, 600_000);');
    w.blankLine();
    w.writeLine(
      "it('seed §10 safety net: on arbitrary snapshots (also unreachable ones), the engine\\'s checks after each step decide as the full ensures, invariants and step properties; a version at its bound takes no step', () => {",
    );
    w.writeLine('  const { taken, exhausted } = suite.safetyNet();');
    w.writeLine('  expect(taken).toBeGreaterThan(0);');
    w.writeLine('  expect(exhausted).toBeGreaterThan(0);');
    w.writeLine('}, 600_000);');
  };
  const storedTests: WriterFunction = (w) => {
    w.writeLine(
      `it('every reachable snapshot (${states} states) stored as JSON, with or without its params, reads back as itself and behaves the same; hostile stored snapshots are refused with a message', () => {`,
    );
    w.writeLine(`  expect(suite.expectStoredSnapshotsRoundTrip().snapshots).toBe(${states});`);
    w.writeLine('}, 120_000);');
  };
  const traces: WriterFunction = (w) => {
    w.writeLine(
      `it('saved traces (tla/traces/${ir.name}/*.itf.json) replay on the engine', () => {`,
    );
    w.writeLine('  suite.replaySavedTraces();');
    w.writeLine('});');
    w.blankLine();
    w.writeLine(
      `it.skipIf(!tlcJar)('random engine runs, exported as ITF traces, are behaviours of the TLA+ model (TLC)', async () => {`,
    );
    w.writeLine('  await suite.expectTlcAcceptsEngineTraces(tlcJar!);');
    w.writeLine('}, 600_000);');
  };

  const header = [
    `// Generated by \`tether generate\` from ${ir.source}. DO NOT EDIT:`,
    '// edit the spec and run `tether generate`.',
    '//',
    `// Conformance of the ${M} engine (${layout.engines}/${m}.ts) with its model. Every case was found on the`,
    `// model's reachable graph (${states} states, shortest paths); times are absolute milliseconds`,
    "// and the engine runs with the params' model values, so one model tick is one millisecond.",
  ];
  const impossible = plan.impossible.map((r) =>
    r === 'VERSION_EXHAUSTED'
      ? '// VERSION_EXHAUSTED: no reachable state produces it (the model counts the version modulo 2);\n// the safety net checks it on snapshots at and past the last version.'
      : `// ${r} cannot occur: no reachable state produces it.`,
  );
  const dead = plan.dead.map(
    (c) => `// dead: ${clause(c)} never fails in a reachable state (TTH6001).`,
  );
  const untaken = plan.untaken.map((t) => `// untaken: no reachable state takes ${t}.`);
  if (impossible.length + dead.length + untaken.length > 0)
    header.push('//', ...impossible, ...dead, ...untaken);
  const body: WriterFunction = (w) =>
    describe(`${M}: conformance of the engine with the model of ${ir.source}`, [
      describe(
        'transitions: a shortest path to a source state, then an event the guard accepts',
        transitions,
      ),
      describe(
        'rejections: a state where exactly this clause names the rejection; nothing changes',
        rejections,
      ),
      ...(shadowed.length > 0
        ? [
            describe(
              'shadowed clauses: they fail, but another candidate decides the outcome',
              shadowed,
            ),
          ]
        : []),
      describe('graph equivalence', [graphTests]),
      describe('model-based', [modelBased]),
      describe('stored snapshots (serializeSnapshot, parseSnapshot)', [storedTests]),
      describe('traces', [traces]),
    ])(w);
  // The body is rendered first: it collects the ids the cases use.
  const bodyText = printStatements([body]);
  const engineImports = [
    ...[...ids.keys()].map((k) => `as${k.split('\u0000')[0]!}`),
    `create${M}`,
    'dispatch',
    'parseEvent',
    'parseSnapshot',
    'serializeSnapshot',
  ];
  // What the suite loads, where `tether generate` wrote it (the layout): the IR artifact
  // beside the engine, the TLA+ module and the saved traces in the TLA+ folder.
  const from = layout.suites;
  const at = (target: string): string => relativeSpecifier(from, target);
  const tla = new TlaNaming(ir).module;
  const suite = `conformanceSuite({ model: new URL('${at(`${layout.engines}/${m}.ir.json`)}', import.meta.url), tla: new URL('${at(`${layout.tla}/${tla}.tla`)}', import.meta.url), traces: new URL('${at(`${layout.tla}/traces/${ir.name}`)}/', import.meta.url), create: create${M}, dispatch, parseEvent, serializeSnapshot, parseSnapshot })`;
  const content = printStatements([
    header.join('\n'),
    importOf('vitest', ['describe', 'expect', 'it']),
    importOf(CONFORMANCE_RUNTIME, ['conformanceSuite', 'tlcJar']),
    importOf(
      at(`${layout.engines}/${m}${layout.importExtension}`),
      [...new Set(engineImports)].sort(),
    ),
    (w) => void w.blankLineIfLastNot().write(`const suite = ${suite};`),
    ...[...ids.keys()].sort().map((k) => {
      const [type, v] = k.split('\u0000') as [string, string];
      return `const ${ids.get(k)!} = as${type}('${v}');`;
    }),
    bodyText,
  ]);
  return { path: `${layout.suites}/${m}.conformance.test.ts`, content };
}

export function importOf(
  moduleSpecifier: string,
  namedImports: string[],
): ImportDeclarationStructure {
  return { kind: StructureKind.ImportDeclaration, moduleSpecifier, namedImports };
}
