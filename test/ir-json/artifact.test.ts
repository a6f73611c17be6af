// The IR artifact (generator/ir-json/): what `tether generate` writes next to the engine and
// the generated suites load. It reads back as the very IR lowering made, is byte-identical
// when written twice, and refuses a stale, foreign or damaged file with its place in it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitIrArtifact } from '../../generator/ir-json/emit.ts';
import { IR_VERSION } from '../../generator/ir-json/format.ts';
import { IrArtifactError, loadIrArtifact, parseIrArtifact } from '../../generator/ir-json/load.ts';
import type { IrMachine } from '../../generator/lower/ir.ts';
import { compileFile, listFixtures } from '../helpers.ts';

const SPECS = [
  'spec/session.tether',
  ...listFixtures('golden', '.tether').map((f) => `test/fixtures/golden/${f}`),
  ...listFixtures('models', '.tether').map((f) => `test/fixtures/models/${f}`),
];

const irOf = (spec: string): IrMachine | null => compileFile(spec).ir;

describe('the IR artifact', () => {
  it('reads back as the IR it was written from, for the flagship and every fixture that compiles', () => {
    let compared = 0;
    for (const spec of SPECS) {
      const ir = irOf(spec);
      if (!ir) continue;
      const file = emitIrArtifact(ir);
      expect(parseIrArtifact(file.content, file.path), spec).toEqual(ir);
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('is written next to the engine, the same bytes each time', () => {
    const ir = irOf('spec/session.tether')!;
    const a = emitIrArtifact(ir);
    expect(a.path).toBe('generated/session.ir.json');
    expect(emitIrArtifact(irOf('spec/session.tether')!).content).toBe(a.content);
    expect(JSON.parse(a.content)).toMatchObject({ format: 'tether-ir', version: IR_VERSION });
  });

  const flagship = JSON.parse(emitIrArtifact(irOf('spec/session.tether')!).content) as {
    machine: IrMachine;
  };
  const refused = (artifact: unknown): string => {
    try {
      parseIrArtifact(
        typeof artifact === 'string' ? artifact : JSON.stringify(artifact),
        'x.ir.json',
      );
    } catch (error) {
      expect(error).toBeInstanceOf(IrArtifactError);
      return (error as Error).message;
    }
    throw new Error('the artifact was accepted');
  };

  it('refuses another version, saying which, and what to run', () => {
    expect(refused({ ...flagship, version: IR_VERSION + 1 })).toBe(
      `x.ir.json holds IR version ${IR_VERSION + 1} and this toolkit reads version ${IR_VERSION}: run \`tether generate\` to rewrite it`,
    );
    expect(refused({ ...flagship, version: undefined })).toMatch(/holds IR version undefined/);
  });

  it('refuses what is not an IR artifact', () => {
    expect(refused('{"format": "tether-ir", ')).toMatch(/^x\.ir\.json is not JSON \(/);
    expect(refused([1, 2])).toMatch(/^x\.ir\.json: the top level: expected an object/);
    expect(refused({ ...flagship, format: 'other' })).toMatch(/is not a Tether IR artifact/);
  });

  it('refuses a damaged node, naming its place', () => {
    const damaged = structuredClone(flagship) as unknown as {
      machine: { transitions: { requires: { cond: { kind: string } }[] }[] };
    };
    damaged.machine.transitions[4]!.requires[0]!.cond.kind = 'lambda';
    expect(refused(damaged)).toMatch(
      /^x\.ir\.json: machine\.transitions\[4\]\.requires\[0\]\.cond\.kind: not a kind of expression \("lambda"\)/,
    );
    const untyped = structuredClone(flagship) as unknown as {
      machine: { vars: { type: unknown }[] };
    };
    untyped.machine.vars[0]!.type = { kind: 'set' };
    expect(refused(untyped)).toMatch(/machine\.vars\[0\]\.type\.element: expected an object/);
    const truncated = structuredClone(flagship) as unknown as { machine: Record<string, unknown> };
    delete truncated.machine['dispatch'];
    expect(refused(truncated)).toMatch(/machine\.dispatch: expected an array/);
  });

  it('refuses a call of a function it does not know, or with other arguments', () => {
    // The flagship calls no function: a guard of it becomes min(1, 2) <= 3.
    const withCall = (fn: string, args: readonly number[]): unknown => {
      const a = structuredClone(flagship) as unknown as {
        machine: { transitions: { requires: { cond: unknown }[] }[] };
      };
      const int = (value: number) => ({ kind: 'int', value, type: { kind: 'int', range: null } });
      a.machine.transitions[4]!.requires[0]!.cond = {
        kind: 'binary',
        op: '<=',
        left: { kind: 'call', fn, args: args.map(int), type: { kind: 'int', range: null } },
        right: int(3),
        type: { kind: 'bool' },
      };
      return a;
    };
    const at = 'machine.transitions[4].requires[0].cond.left';
    expect(() =>
      parseIrArtifact(JSON.stringify(withCall('min', [1, 2])), 'x.ir.json'),
    ).not.toThrow();
    expect(refused(withCall('abs', [1]))).toContain(
      `${at}.fn: expected one of size, keys, put, remove, append, head, tail, len, count, min, max`,
    );
    expect(refused(withCall('min', [1]))).toContain(`${at}.args: expected 2 elements, found 1`);
  });

  it('names a missing file and what to run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tether-ir-'));
    try {
      expect(() => loadIrArtifact(join(dir, 'none.ir.json'))).toThrow(
        /cannot read the IR artifact .*none\.ir\.json \(ENOENT\): run `tether generate`/,
      );
      const file = join(dir, 'ok.ir.json');
      writeFileSync(file, emitIrArtifact(irOf('spec/session.tether')!).content);
      expect(loadIrArtifact(file).name).toBe('Session');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
