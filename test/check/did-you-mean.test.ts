// An undefined name (TTH1003) gets a note naming the closest declared name, where one is
// close enough: lint prints it, and the language server offers it as a quick fix.

import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';

const spec = (use: string): string =>
  `machine M\nstates { initial A, terminal Z }\nvar session_deadline: 0..3 = 0\nenum Mode { NORMAL, LOCKDOWN }\ninvariant i: ${use}\n`;
const notes = (use: string) =>
  compileSpec(spec(use), 'm.tether').diagnostics.map((d) => [
    d.code,
    d.related.map((r) => [r.message, r.span.start.line, r.span.start.column]),
  ]);

describe('did you mean', () => {
  it('names a declared name a letter or two away, where it is declared', () => {
    expect(notes('sesion_deadline == 0')).toEqual([
      ['TTH1003', [["did you mean 'session_deadline'?", 3, 5]]],
    ]);
    expect(notes('mode == NORMLA')).toEqual([
      ['TTH1003', [["did you mean 'Mode'?", 4, 6]]],
      ['TTH1003', [["did you mean 'NORMAL'?", 4, 13]]],
    ]);
  });

  it('says nothing when no name is close', () => {
    expect(notes('nope == 0')).toEqual([['TTH1003', []]]);
  });
});
