// Rules the whole source tree keeps: every Error subclass in generator/ names itself, so a
// message or stack trace says which error it is; comments cite only documents that exist.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../generator/cli/io.ts';
import { TlcRunError } from '../generator/tlc/run.ts';
import { ROOT } from './helpers.ts';

/** Files under a folder of the repository, recursively, whose names end in one of `ends`. */
function filesUnder(folder: string, ends: readonly string[]): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => ends.some((e) => f.endsWith(e)))
    .map((f) => join(folder, f));
}

describe('source hygiene', () => {
  it('gives every Error subclass in generator/ and bench/ its own name', () => {
    const unnamed: string[] = [];
    let classes = 0;
    for (const file of [
      ...filesUnder('generator', ['.ts']),
      ...filesUnder('bench', ['.ts']),
    ].filter((f) => !f.endsWith('.d.ts'))) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(
        /class (\w+) extends Error \{\n(?: {2}override readonly name = '(\w+)';)?/g,
      )) {
        classes++;
        if (m[2] !== m[1]) unnamed.push(`${file}: ${m[1]}`);
      }
    }
    expect(classes).toBeGreaterThan(10);
    expect(unnamed).toEqual([]);
  });

  it('names the error in its string and stack', () => {
    expect(String(new CliError('no such file'))).toBe('CliError: no such file');
    expect(new TlcRunError('TLC exited').stack).toMatch(/^TlcRunError: TLC exited\n/);
  });

  it('cites no design document that is not in the repository', () => {
    const missing = ['DESIGN', 'md'].join('.'); // spelt so that this file does not cite it
    const citing = ['generator', 'test', 'bench', 'docs', 'grammar', 'spec']
      .flatMap((folder) => filesUnder(folder, ['.ts', '.mjs', '.js', '.md', '.peggy', '.tether']))
      .concat(['README.md'])
      .filter((f) => readFileSync(join(ROOT, f), 'utf8').includes(missing));
    expect(citing).toEqual([]);
  });
});
