// Fuzzing the front end with fast-check: random text and mutations of valid specs. The front
// end must never throw, never hang, and every diagnostic must lie inside the input. On the same
// inputs `tether fmt` must keep every spec that parses the same spec (formatSpec checks its
// AST and its comments, and throws if either changed) and change nothing the second time.
// `npm test` runs a bounded number of cases; `npm run fuzz` runs many more
// (TETHER_FUZZ_RUNS). A failure prints the seed and a shrunk input.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSpec } from '../../generator/frontend.ts';
import { formatSpec } from '../../generator/format/format.ts';
import { scanComments } from '../../generator/format/comments.ts';
import { ROOT } from '../helpers.ts';

const RUNS = Number(process.env['TETHER_FUZZ_RUNS'] ?? 150);
const SPECS = ['spec/session.tether', 'test/fixtures/golden/constructs.tether'].map((p) =>
  readFileSync(`${ROOT}${p}`, 'utf8'),
);
const TOKENS = [
  'machine',
  'states',
  'initial',
  'terminal',
  'var',
  'event',
  'transition',
  'require',
  'else',
  'set',
  'ensure',
  'reason',
  'invariant',
  'step',
  'property',
  'always',
  'eventually',
  '~>',
  'forall',
  'exists',
  'in',
  'not',
  'and',
  'or',
  '=>',
  '==',
  '!=',
  '<',
  '>=',
  '+',
  '-',
  '*',
  '{',
  '}',
  '(',
  ')',
  ',',
  ':',
  '->',
  '|',
  '*',
  '?',
  "'",
  '..',
  'null',
  'true',
  '0',
  '99',
  'event.x',
  'now',
  'state',
  'version',
  'x',
  'A',
  '\n',
  ' ',
  '/*',
  '*/',
  '//',
];

/** Runs the front end and checks the contract on its result. */
function assertWellBehaved(text: string): void {
  const result = compileSpec(text, 'fuzz.tether');
  for (const d of result.diagnostics) {
    expect(d.span.start.offset).toBeGreaterThanOrEqual(0);
    expect(d.span.end.offset).toBeLessThanOrEqual(text.length);
    expect(d.span.start.offset).toBeLessThanOrEqual(d.span.end.offset);
    expect(d.span.start.line).toBeGreaterThanOrEqual(1);
    expect(d.span.start.column).toBeGreaterThanOrEqual(1);
    expect(d.message.length).toBeGreaterThan(0);
    for (const r of d.related) expect(r.span.end.offset).toBeLessThanOrEqual(text.length);
  }
  if (result.diagnostics.some((d) => d.severity === 'error')) expect(result.ir).toBeNull();
  else expect(result.ir).not.toBeNull();
}

const mutation = fc
  .tuple(
    fc.constantFrom(...SPECS),
    fc.array(
      fc.record({
        at: fc.nat(),
        cut: fc.nat({ max: 12 }),
        insert: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([spec, edits]) =>
    edits.reduce((text, { at, cut, insert }) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + cut);
    }, spec),
  );

/** The formatter's contract on any text: a spec that parses is laid out faithfully (formatSpec
 *  throws otherwise), and formatting the result changes nothing; any other text is refused
 *  with the front end's syntax diagnostics. */
function assertFormatsFaithfully(text: string): void {
  const first = formatSpec(text, 'fuzz.tether');
  if (!first.ok) {
    expect(first.diagnostics.length).toBeGreaterThan(0);
    return;
  }
  const second = formatSpec(first.text, 'fuzz.tether');
  expect(second.ok && second.text).toBe(first.text);
}

describe('front-end fuzz', { timeout: 120_000 }, () => {
  it('survives random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), assertWellBehaved), { numRuns: RUNS });
  });

  it('survives random token soup', () => {
    const soup = fc
      .array(fc.constantFrom(...TOKENS), { maxLength: 60 })
      .map((ts) => `machine M\n${ts.join(' ')}`);
    fc.assert(fc.property(soup, assertWellBehaved), { numRuns: RUNS });
  });

  it('survives mutations of valid specs', () => {
    fc.assert(fc.property(mutation, assertWellBehaved), { numRuns: RUNS });
  });

  it('formats mutations of valid specs and token soup faithfully and idempotently', () => {
    const soup = fc
      .array(fc.constantFrom(...TOKENS), { maxLength: 60 })
      .map((ts) => `machine M\n${ts.join(' ')}`);
    fc.assert(fc.property(fc.oneof(mutation, soup), assertFormatsFaithfully), {
      numRuns: RUNS,
    });
  });

  it('formats valid specs with comments and line breaks put between any two tokens', () => {
    // Inserted where the text has whitespace, each keeps the spec a spec (and the same one).
    const noise = fc
      .tuple(
        fc.constantFrom(...SPECS),
        fc.array(
          fc.record({
            at: fc.nat(),
            insert: fc.constantFrom(' ', '\n', '\n\n', '/* c */', '// c\n', '/*\nc */', '\n// c\n'),
          }),
          { minLength: 1, maxLength: 12 },
        ),
      )
      .map(([spec, edits]) =>
        edits.reduce((text, { at, insert }) => {
          // Whitespace outside comments (inside one it is not between tokens).
          const comments = scanComments(text);
          const spaces = [...text.matchAll(/\s/g)]
            .map((m) => m.index)
            .filter((k) => !comments.some((c) => k >= c.start && k <= c.end));
          const i = spaces[at % spaces.length]!;
          return text.slice(0, i) + insert + text.slice(i);
        }, spec),
      );
    fc.assert(
      fc.property(noise, (text) => {
        expect(formatSpec(text, 'fuzz.tether').ok).toBe(true);
        assertFormatsFaithfully(text);
      }),
      { numRuns: RUNS },
    );
  });
});
