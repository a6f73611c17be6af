// `tether fmt`: one layout, idempotent, the same AST and every comment kept, on every spec of
// the repository and on specs written to be awkward; the command's exit codes and files.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSpec, shape } from '../../generator/format/format.ts';
import { scanComments } from '../../generator/format/comments.ts';
import { parseSpec } from '../../generator/parse/parse.ts';
import { compileSpec } from '../../generator/frontend.ts';
import { ROOT, runCli } from '../helpers.ts';
import { BIN } from '../cli/spawn-cli.ts';

const fmt = (text: string): string => {
  const r = formatSpec(text, 'm.tether');
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.text;
};

/** Formatted, the spec is the same spec: its AST, its IR, its comments; and formatting the
 *  result changes nothing. */
function expectFaithful(text: string): string {
  const out = fmt(text);
  expect(fmt(out)).toBe(out);
  expect(shape(parseSpec(out, 'm.tether').ast!)).toBe(shape(parseSpec(text, 'm.tether').ast!));
  expect(scanComments(out).map((c) => c.text.trim())).toEqual(
    scanComments(text).map((c) => c.text.trim()),
  );
  const before = compileSpec(text, 'm.tether').ir;
  if (before)
    expect(JSON.stringify(compileSpec(out, 'm.tether').ir, noLocs)).toBe(
      JSON.stringify(before, noLocs),
    );
  return out;
}
const noLocs = (key: string, value: unknown): unknown => (key === 'loc' ? undefined : value);

const specs = spawnSync('git', ['ls-files', '*.tether'], { cwd: ROOT, encoding: 'utf8' })
  .stdout.split('\n')
  .filter((f) => f !== '');

describe('tether fmt on the repository', () => {
  it(`keeps every spec that parses the same spec, idempotently (${specs.length} files)`, () => {
    let formatted = 0;
    for (const file of specs) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      if (!parseSpec(text, file).ast) continue; // a fixture with a syntax error on purpose
      expectFaithful(text);
      formatted++;
    }
    expect(formatted).toBeGreaterThan(150);
  });

  it('finds every spec and fixture formatted (run `tether fmt` on a new one)', () => {
    const unformatted = specs.filter((file) => {
      const r = formatSpec(readFileSync(join(ROOT, file), 'utf8'), file);
      return r.ok && r.changed;
    });
    expect(unformatted).toEqual([]);
  });
});

describe('the layout', () => {
  it('puts one space around operators, lists on one line when they fit, clauses under the transition', () => {
    expect(
      fmt(
        [
          'machine   Door',
          'states {initial OPEN,CLOSED',
          '  terminal GONE}',
          'var n:0..3=0',
          'event PUSH{by:Bool ,  times : 0..3}',
          'accept{PUSHED}',
          'reject {}',
          'transition push : OPEN|CLOSED->stay on PUSH reason PUSHED',
          'require n<3 else FULL set n=n+1,   m = 2',
          'invariant small:n<=3',
        ].join('\n'),
      ),
    ).toBe(
      [
        'machine Door',
        'states { initial OPEN, CLOSED, terminal GONE }',
        'var n: 0..3 = 0',
        'event PUSH { by: Bool, times: 0..3 }',
        'accept { PUSHED }',
        'reject {}',
        'transition push: OPEN | CLOSED -> stay on PUSH',
        '  reason PUSHED',
        '  require n < 3 else FULL',
        '  set n = n + 1, m = 2',
        'invariant small: n <= 3',
        '',
      ].join('\n'),
    );
  });

  it('breaks what does not fit in 100 columns: lists one item per line, conditions before and/or', () => {
    const names = Array.from({ length: 12 }, (_, i) => `REASON_NUMBER_${i}`);
    const out = fmt(
      `machine M\naccept { ${names.join(', ')} }\ninvariant long: ${names.map((_, i) => `x${i} == ${i}`).join(' and ')} or done\n`,
    );
    expect(out).toContain(`accept {\n${names.map((n) => `  ${n},`).join('\n')}\n}`);
    expect(out).toMatch(
      /invariant long:\n {2}x0 == 0\n {4}and x1 == 1\n[\s\S]*\n {4}and x11 == 11\n {2}or done\n$/,
    );
    for (const l of out.split('\n')) expect(l.length).toBeLessThanOrEqual(100);
  });

  it('keeps empty lines between declarations (several as one) and drops them at the ends', () => {
    expect(fmt('\n\nmachine M\n\n\n\ntype T\ntype U\n\ntype V\n\n\n')).toBe(
      'machine M\n\ntype T\ntype U\n\ntype V\n',
    );
  });

  it('keeps the parentheses the spec wrote around an operand, drops the others, adds the ones the grammar needs', () => {
    const out = expectFaithful(
      [
        'machine M',
        'var a: Bool = ((true))',
        'var s: set<0..3> = {}',
        'invariant p: (a and a) or (not a)',
        'invariant q: (forall x in s: x > 0) and a',
        'invariant r: a and forall x in (s union s): x > 0',
        'invariant t: not (a or a)',
        'invariant u: size(s) - (1 + 2) == 0 - 1 - 2',
      ].join('\n'),
    );
    expect(out).toContain('var a: Bool = true\n');
    expect(out).toContain('invariant p: (a and a) or (not a)\n');
    expect(out).toContain('invariant q: (forall x in s: x > 0) and a\n');
    expect(out).toContain('invariant r: a and forall x in (s union s): x > 0\n');
    expect(out).toContain('invariant t: not (a or a)\n');
    expect(out).toContain('invariant u: size(s) - (1 + 2) == 0 - 1 - 2\n');
  });

  it('prints a long chain, which the parser balances, flat again (the same tree)', () => {
    const terms = Array.from({ length: 20 }, (_, i) => `${i}`);
    const sum = `machine M\ninvariant s: ${terms.join(' - ')} + 1 < 0\ninvariant c: ${terms.map((t) => `${t} == ${t}`).join(' and ')}\ninvariant u: {} minus {} minus {} minus {} minus {} minus {} minus {} minus {} minus {} == {}\n`;
    const out = expectFaithful(sum);
    expect(out).toContain(`${terms.join(' - ')} + 1 < 0\n`);
    expect(out).toContain(
      '{} minus {} minus {} minus {} minus {} minus {} minus {} minus {} minus {} == {}',
    );
  });

  it('parenthesises temporal operands so that they read back the same', () => {
    const out = expectFaithful(
      [
        'machine M',
        'states { initial A, terminal B }',
        'var x: Bool = false',
        'property p1: always x',
        'property p2: x ~> always x',
        'property p3: (always x) and eventually x',
        'property p4: x or ((eventually x) and (x ~> x))',
        'property p5: always (x => eventually x)',
        'property p6: (x and x) ~> x',
      ].join('\n'),
    );
    expect(out).toContain('property p3: (always x) and eventually x\n');
    expect(out).toContain('property p4: x or ((eventually x) and (x ~> x))\n');
    expect(out).toContain('property p5: always (x => eventually x)\n');
    expect(out).toContain('property p6: (x and x) ~> x\n');
  });
});

describe('comments', () => {
  it('keeps comments on their own lines, at the end of lines, and inside expressions', () => {
    const out = expectFaithful(
      [
        '// header',
        '',
        '/* a block',
        '   over lines */',
        'machine M // the machine',
        '',
        '// before the states',
        'states {',
        '  initial A // first',
        '  B',
        '  // the end',
        '  terminal C',
        '}',
        'var n: 0..3 = 0 // a counter',
        'event E {}',
        'accept { OK, /* inline */ DONE, }',
        'reject { NO }',
        'transition t: A -> B on E',
        '  reason OK // why',
        '  // the guard',
        '  require n < 3 and // not full',
        '    n >= 0 else NO',
        '  set n = /* one more */ n + 1',
        '// at the end',
      ].join('\n'),
    );
    expect(out).toBe(
      [
        '// header',
        '',
        '/* a block',
        '   over lines */',
        'machine M // the machine',
        '',
        '// before the states',
        'states {',
        '  initial A // first',
        '  B',
        '  // the end',
        '  terminal C',
        '}',
        'var n: 0..3 = 0 // a counter',
        'event E {}',
        'accept { OK, /* inline */ DONE }',
        'reject { NO }',
        'transition t: A -> B on E',
        '  reason OK // why',
        '  // the guard',
        '  require n < 3',
        '    and // not full',
        '    n >= 0 else NO',
        '  set n = /* one more */ n + 1',
        '// at the end',
        '',
      ].join('\n'),
    );
  });
});

describe('errors', () => {
  it('formats nothing with a syntax error, and says where', () => {
    const r = formatSpec('machine M\nvar x: Bool =\n', 'bad.tether');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ code: 'TTH0001', file: 'bad.tether' });
  });
});

describe('tether fmt, the command', () => {
  const folder = (): string => mkdtempSync(join(tmpdir(), 'tether-fmt-'));

  it('--check lists the files not formatted and exits 1; fmt writes them; --check then exits 0', async () => {
    const dir = folder();
    const messy = join(dir, 'messy.tether');
    const tidy = join(dir, 'tidy.tether');
    writeFileSync(messy, 'machine  M\ntype   T\n');
    writeFileSync(tidy, 'machine M\ntype T\n');
    const check = await runCli(['fmt', '--check', messy, tidy]);
    expect(check.code).toBe(1);
    expect(check.out).toContain('messy.tether: not formatted');
    expect(check.out).not.toContain('tidy.tether: not formatted');
    expect(readFileSync(messy, 'utf8')).toBe('machine  M\ntype   T\n');
    const write = await runCli(['fmt', messy, tidy]);
    expect(write).toMatchObject({ code: 0 });
    expect(write.out).toContain('1 file formatted, 1 unchanged');
    expect(readFileSync(messy, 'utf8')).toBe('machine M\ntype T\n');
    expect((await runCli(['fmt', '--check', messy, tidy])).code).toBe(0);
  });

  it('leaves a spec with a syntax error as it is, prints the error with its place, exits 1', async () => {
    const dir = folder();
    const bad = join(dir, 'bad.tether');
    writeFileSync(bad, 'machine M\nvar x: Bool =\n');
    const r = await runCli(['fmt', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.tether:3:1: error TTH0001: syntax error/);
    expect(readFileSync(bad, 'utf8')).toBe('machine M\nvar x: Bool =\n');
  });

  it('- formats standard input to standard output', () => {
    const r = spawnSync(process.execPath, [BIN, 'fmt', '-'], {
      input: 'machine  M\nstates {initial A}\n',
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('machine M\nstates { initial A }\n');
  });
});
