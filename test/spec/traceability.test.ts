// docs/session-traceability.md must cover the seed: a row for every clause, no empty cell,
// and every spec item it names must exist in the compiled flagship spec.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG, type DiagnosticCode } from '../../generator/diagnostics/catalog.ts';
import { ROOT, compileFile } from '../helpers.ts';

const doc = readFileSync(`${ROOT}docs/session-traceability.md`, 'utf8');
const rows = doc
  .split('\n')
  .filter((l) => l.startsWith('| §'))
  .map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim()),
  );

// The seed's clauses, as the rows must name them.
const SEED_CLAUSES = [
  '§1 session_id',
  '§1 state',
  '§1 state_version',
  '§1 active_transport',
  '§1 ttl_expiry',
  '§1 policy_snapshot',
  '§2 state set',
  '§2 TERMINATED is absorbing',
  '§2 VOLATILE',
  '§3 I1',
  '§3 I2',
  '§3 I3',
  '§3 I4',
  '§3 I5',
  '§4 δ',
  '§4.1',
  '§4.2',
  '§4.3',
  '§4.4 RECOVERING',
  '§4.4 DEGRADED',
  '§4.5 ANY → TERMINATED: session TTL',
  '§4.5 ANY → TERMINATED: transport-loss TTL',
  '§4.5 ANY → TERMINATED: ownership ambiguity',
  '§4.5 ANY → TERMINATED: policy hard failure',
  '§4.5 ANY → TERMINATED: explicit terminate',
  '§4.5 postconditions',
  '§5 V_new',
  '§5 reject',
  '§6 S1',
  '§6 S2',
  '§6 S3',
  '§6 S4',
  '§6 S5',
  '§7 L1',
  '§7 L2',
  '§7 L3',
  '§7 no infinite loops',
  '§8 TransportLossTtlMs',
  '§8 MaxSwitchesPerMinute',
  '§8 RecoveryWindowMs',
  '§8 no unbounded retry',
  '§9 state_version mismatch',
  '§9 proof invalid',
  '§9 nonce replay',
  '§9 TTL expired',
  '§9 dual-active detected',
  '§9 ownership conflict',
  '§9 rejection must not mutate',
  '§10 failure determinism',
  '§11 monotonic',
  '§11 single active',
  '§11 ownership validation',
  '§11 explicit transition table',
  '§11 identity duplication',
];

const BUILT_INS = new Set([
  'state',
  'version',
  'dispatch',
  'rejection',
  'VERSION_MISMATCH',
  'TERMINATED',
  'INVARIANT_VIOLATION',
]);

describe('docs/session-traceability.md', () => {
  const ir = compileFile('spec/session.tether').ir!;

  it('has a row for every seed clause', () => {
    for (const clause of SEED_CLAUSES)
      expect(
        rows.some((r) => r[0]!.startsWith(clause)),
        `row for ${clause}`,
      ).toBe(true);
  });

  it('names a TLA+ definition that exists for every clause, or says why there is none', () => {
    const tla = readFileSync(`${ROOT}tla/Session.tla`, 'utf8');
    const defined = new Set(
      [...tla.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)(?:\([^)]*\))? ==/gm)].map((m) => m[1]!),
    );
    const declared = new Set(
      [...tla.matchAll(/^ {2}([A-Za-z_][A-Za-z0-9_]*),? \\\* /gm)].map((m) => m[1]!),
    );
    for (const r of rows) {
      const cell = r[3] ?? '';
      expect(cell, `TLA+ cell of ${r[0]}`).toMatch(/`[^`]+`|^none: /);
      for (const [, name] of cell.matchAll(/`([^`]+)`/g))
        expect(
          defined.has(name!) || declared.has(name!),
          `${name} (${r[0]}) in tla/Session.tla`,
        ).toBe(true);
    }
  });

  it('states every clause in the spec (no empty spec cell)', () => {
    for (const r of rows) expect(r[2], `spec cell of ${r[0]}`).toMatch(/`[^`]+`/);
  });

  it('names only items the spec (or the toolkit) has', () => {
    const known: Record<string, Set<string>> = {
      transition: new Set(ir.transitions.map((t) => t.name)),
      invariant: new Set(ir.invariants.map((i) => i.name)),
      step: new Set(ir.steps.map((s) => s.name)),
      property: new Set(ir.properties.map((p) => p.name)),
      param: new Set(ir.params.map((p) => p.name)),
      var: new Set(ir.vars.map((v) => v.name)),
      const: new Set(ir.consts.map((c) => c.name)),
      event: new Set(ir.events.map((e) => e.name)),
      fairness: new Set(
        ir.fairness.map((f) => (f.target.kind === 'clock' ? 'clock' : f.target.name)),
      ),
      'built-in': BUILT_INS,
      terminal: new Set(ir.states.filter((s) => s.terminal).map((s) => s.name)),
    };
    const reasons = new Set([...ir.acceptReasons, ...ir.rejectReasons]);
    for (const r of rows) {
      for (const [, item] of r[2]!.matchAll(/`([^`]+)`/g)) {
        const [kind, ...rest] = item!.split(' ');
        const name = rest.join(' ');
        if (
          kind === 'states' ||
          kind === 'accept' ||
          kind === 'reject' ||
          item === 'on violation -> TERMINATED'
        )
          continue;
        if (/^[A-Z_]+$/.test(item!)) {
          expect(reasons.has(item!), `reason ${item} in ${r[0]}`).toBe(true);
          continue;
        }
        if (kind === 'checker') {
          expect(CATALOG[name as DiagnosticCode], `${item} in ${r[0]}`).toBeDefined();
          continue;
        }
        expect(known[kind!]?.has(name), `${item} in ${r[0]}`).toBe(true);
      }
    }
  });

  it('names, for every clause, tests that exist (no empty tests cell)', () => {
    const files: Record<string, string> = {
      engine: readFileSync(`${ROOT}test/emit-ts/session-engine.test.ts`, 'utf8'),
      conformance: readFileSync(`${ROOT}generated/session.conformance.test.ts`, 'utf8'),
      traces: readFileSync(`${ROOT}test/conformance/traces.test.ts`, 'utf8'),
    };
    // A test title starts right after `it(` or `it.skipIf(...)(`, quoted (on the next line
    // where Prettier wrapped the call).
    const titles = (text: string): string[] =>
      [...text.matchAll(/\bit(?:\.skipIf\([^)]*\))?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)].map((m) =>
        m[2]!.replace(/\\'/g, "'"),
      );
    const known = Object.fromEntries(Object.entries(files).map(([k, text]) => [k, titles(text)]));
    for (const r of rows) {
      const cell = r[4] ?? '';
      const refs = [...cell.matchAll(/`(\w+): ([^`]+)`/g)];
      expect(refs.length, `tests cell of ${r[0]}`).toBeGreaterThan(0);
      for (const [, file, prefix] of refs)
        expect(
          known[file!]?.some((t) => t.startsWith(prefix!)),
          `a test '${prefix}…' in ${file} (${r[0]})`,
        ).toBe(true);
    }
  });
});
