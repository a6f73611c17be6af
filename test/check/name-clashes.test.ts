// check/report-name-clashes.ts: every clash a backend would hit is a lint error with both
// spans (TTH1012), every name a backend cannot write is refused with why (TTH1013); a
// name a backend can escape is no error. Before this pass these linted clean and `check` or
// `generate` failed with exit 2 or 70 (defects 3 and 13 of issue 10).

import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { emitTla } from '../../generator/emit-tla/emit.ts';
import { emitEngine } from '../../generator/emit-ts/engine.ts';
import { miniSpec, runCli } from '../helpers.ts';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { GenerateConflict, generatedFiles } from '../../generator/project/generate.ts';
import { loadProject } from '../../generator/project/config.ts';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const lint = (extra: string, spec = miniSpec(extra)) =>
  compileSpec(spec, 't.tether').diagnostics.filter((d) => d.severity === 'error');
const at = (d: { span: { start: { line: number; column: number } } }) =>
  `${d.span.start.line}:${d.span.start.column}`;

describe('backend name clashes', () => {
  it('a variable and a transition of one name clash in the TLA+ module: both spans', () => {
    const [d, ...rest] = lint('var go: Bool = true\ninvariant i: go');
    expect(rest).toEqual([]);
    expect(d!.code).toBe('TTH1012');
    expect(d!.message).toBe(
      "variable 'go' and transition 'go' would both be 'go' in the TLA+ module: rename one",
    );
    expect(at(d!)).toBe('7:5');
    expect(
      d!.related.map((r) => [r.message, `${r.span.start.line}:${r.span.start.column}`]),
    ).toEqual([["'go' is declared here", '5:12']]);
  });

  it('foo_bar and fooBar clash in the TypeScript engine, at the later one', () => {
    const [d, ...rest] = lint(
      'var fooBar: Bool = true\nvar foo_bar: Bool = true\ninvariant i: fooBar and foo_bar',
    );
    expect(rest).toEqual([]);
    expect(d!.message).toBe(
      "variable 'foo_bar' and variable 'fooBar' would both be 'fooBar' in the TypeScript engine: rename one",
    );
    expect(at(d!)).toBe('8:5');
    expect(d!.related[0]!.span.start.line).toBe(7);
  });

  it.each([
    ['var params: Bool = true', "variable 'params' and the built-in snapshot field 'params'"],
    ['var Version_: Bool = true', "variable 'Version_' and the built-in snapshot field 'version'"],
    ['const Now: Bool', "const 'Now' and the field 'now' of MInit"],
    ['param Max_n: Nat model 1\nparam maxN: Nat model 1', "param 'maxN' and param 'Max_n'"],
    ['type MEvent', "type 'MEvent' and the generated type 'MEvent' (every event)"],
    ['type MSnapshot', "type 'MSnapshot' and the generated type 'MSnapshot' (every snapshot)"],
    ['type MSnapshotA', "type 'MSnapshotA' and the snapshot type of state 'A'"],
    ['type MGoEvent', "type 'MGoEvent' and the type of event 'GO'"],
    ['type Set', "type 'Set' and the TypeScript global 'Set' the engine uses"],
    ['type Record', "type 'Record' and the TypeScript global 'Record' the engine uses"],
    [
      'event Go {}\ntransition g2: A -> Z on Go\n  reason OK',
      "the type of event 'Go' and the type of event 'GO' would both be 'MGoEvent'",
    ],
    ['event E { Type: Bool }', "field 'Type' of event 'E' and the built-in event field 'type'"],
    ['event E { a_b: Bool, aB: Bool }', "field 'aB' of event 'E' and field 'a_b' of event 'E'"],
    [
      'invariant TypeOK: true',
      "invariant 'TypeOK' and the built-in check 'TypeOK' would both be 'TypeOK' in the check results",
    ],
    ['step Deadlock: true', "step 'Deadlock' and the built-in check 'Deadlock'"],
    ['invariant Ensures_go: true', null],
    [
      'transition Tick: A -> Z on GO\n  reason OK',
      "transition 'Tick' and the clock's step 'Tick' would both be 'Tick' in the check results",
    ],
    [
      'transition Done: A -> Z on GO\n  reason OK',
      "transition 'Done' and a terminal state's stutter step 'Done'",
    ],
  ])('%s', (extra, message) => {
    const errors = lint(extra);
    if (message === null) return expect(errors).toEqual([]); // go has no ensure: no check is named Ensures_go
    expect(errors.map((d) => d.code)).toEqual(['TTH1012']);
    expect(errors[0]!.message).toContain(message);
  });

  it('an invariant named like the ensure check of a transition with ensures', () => {
    const spec = miniSpec('  ensure state == Z\ninvariant Ensures_go: true');
    const [d, ...rest] = lint('', spec);
    expect(rest).toEqual([]);
    expect(d!.message).toBe(
      "invariant 'Ensures_go' and the ensure check of transition 'go' would both be 'Ensures_go' in the check results: rename one",
    );
  });

  it.each([
    [
      'type class',
      "type 'class' cannot be a name in the TypeScript engine: 'class' is a reserved word; rename it",
    ],
    [
      'type let',
      "type 'let' cannot be a name in the TypeScript engine: 'let' is a reserved word; rename it",
    ],
    [
      'enum number { X }',
      "enum 'number' cannot be a name in the TypeScript engine: TypeScript does not allow a type named 'number'; rename it",
    ],
  ])('refused: %s', (extra, message) => {
    const errors = lint(extra);
    expect(errors.map((d) => [d.code, d.message])).toEqual([['TTH1013', message]]);
  });

  // (ELSE and ELSE_ as variables would both be the engine's field `else`; invariants are TLA+ names only)
  const escaped = miniSpec(
    'var ELSE: Bool = true\nvar Init: Bool = true\nvar WF_x: Bool = true\nvar go_guard: Bool = true\nvar go_enabled: Bool = true\nvar _: Bool = true\nvar __: Bool = true\ninvariant ELSE_: ELSE and Init and WF_x and go_guard and go_enabled and _ and __\ninvariant Init_: enabled(go) or state == Z',
  );

  it('names a backend escapes lint clean (ELSE and ELSE_, Init and Init_, WF_x, go_guard, _ and __)', () => {
    expect(lint('', escaped)).toEqual([]);
  });

  it('every spec lint accepts here is emitted without a name error (no exit 70 after a clean lint)', () => {
    const ir = compileSpec(escaped, 't.tether').ir!;
    expect(() => emitTla(ir)).not.toThrow();
    expect(() => emitEngine(ir)).not.toThrow();
  }, 60_000);

  it('lint and check exit 1 with the diagnostic, not 70', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tether-clash-'));
    try {
      const file = join(dir, 'clash.tether');
      writeFileSync(
        file,
        miniSpec(
          'var go: Bool = true\nvar foo_bar: Bool = true\nvar fooBar: Bool = true\ninvariant i: go and foo_bar and fooBar',
        ),
      );
      for (const args of [
        ['lint', file],
        ['check', '--explorer', file],
      ]) {
        const r = await runCli(args);
        expect(r.code, `${args[0]}: ${r.out}${r.err}`).toBe(1);
        expect(r.out).toContain('error TTH1012');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('two machines whose generated files would share a path are refused, not overwritten', () => {
    const root = mkdtempSync(join(tmpdir(), 'tether-machines-'));
    try {
      mkdirSync(join(root, 'spec'));
      const machine = (name: string) => miniSpec().replace('machine M', `machine ${name}`);
      writeFileSync(join(root, 'spec/a.tether'), machine('foo_bar'));
      writeFileSync(join(root, 'spec/b.tether'), machine('fooBar'));
      expect(() => generatedFiles(loadProject(root))).toThrow(GenerateConflict);
      expect(() => generatedFiles(loadProject(root))).toThrow(
        'spec/b.tether and spec/a.tether would both write generated/fooBar.ts; rename one machine',
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
