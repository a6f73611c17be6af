// The compile-time check on diagnostic arguments can fail: small snippets that raise diagnostics
// through the real catalog and sink are type-checked in memory with the project's compiler
// options; a wrong, missing or extra key must be a TypeScript error, the right keys none.

import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';

const PRELUDE = `
import { DiagnosticSink } from '../../generator/diagnostics/types.ts';
import { formatMessage, type DiagnosticCode } from '../../generator/diagnostics/catalog.ts';
import type { Span } from '../../generator/parse/ast.ts';
declare const span: Span;
declare const anyCode: DiagnosticCode;
const sink = new DiagnosticSink('x.tether');
void formatMessage;
void anyCode;
`;

/** Each snippet is one file next to this test (in memory only), so its imports resolve. */
const SNIPPETS = {
  right: `
sink.report('TTH1002', span, { name: 'ATTACHD' });
sink.report('TTH1008', span, { event: 'Attach', name: 'sid', hint: '' });
sink.report('TTH4003', span, { name: 'x', transition: 't' }, [{ message: 'first', span }]);
sink.report('TTH3001', span);
sink.report('TTH3006', span, {}, []);
formatMessage('TTH2019', { what: 'a', count: '1', limit: '2' });
`,
  wrongKey: `sink.report('TTH1002', span, { nam: 'ATTACHD' });`,
  missingKey: `sink.report('TTH1008', span, { event: 'Attach', name: 'sid' });`,
  extraKey: `sink.report('TTH1002', span, { name: 'ATTACHD', state: 'ATTACHD' });`,
  missingArgs: `sink.report('TTH1002', span);`,
  argsForNoPlaceholders: `sink.report('TTH3001', span, { name: 'S' });`,
  formatMissingKey: `formatMessage('TTH1002', {});`,
  codeKnownAtRunTime: `sink.report(anyCode, span, { name: 'x' });`,
} as const;

type Snippet = keyof typeof SNIPPETS;

const fileOf = (name: Snippet): string => `${ROOT}test/diagnostics/__typed-args-${name}.ts`;

/** The TypeScript errors of every snippet, one program for all. */
function typeCheckSnippets(): Map<Snippet, string[]> {
  const config = ts.readConfigFile(`${ROOT}tsconfig.json`, (p) => readFileSync(p, 'utf8'));
  const parsed = ts.convertCompilerOptionsFromJson(
    (config.config as { compilerOptions: unknown }).compilerOptions,
    ROOT,
  );
  // The snippets and the modules they import need no @types/node: leave it out, it is slow.
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, types: [] };
  const names = Object.keys(SNIPPETS) as Snippet[];
  const memory = new Map(names.map((n) => [fileOf(n), `${PRELUDE}${SNIPPETS[n]}\n`]));
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = memory.get(fileName);
    return text === undefined
      ? getSourceFile(fileName, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => memory.has(fileName) || fileExists(fileName);
  const program = ts.createProgram({ rootNames: [...memory.keys()], options, host });
  expect(program.getOptionsDiagnostics().map((d) => d.messageText)).toEqual([]);
  return new Map(
    names.map((n) => {
      const sf = program.getSourceFile(fileOf(n))!;
      const diagnostics = [
        ...program.getSyntacticDiagnostics(sf),
        ...program.getSemanticDiagnostics(sf),
      ];
      return [
        n,
        diagnostics.map(
          (d) => `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
        ),
      ];
    }),
  );
}

describe('typed diagnostic arguments', () => {
  let errors = new Map<Snippet, string[]>();
  // One TypeScript program, the standard library included: a few seconds on a loaded machine.
  beforeAll(() => {
    errors = typeCheckSnippets();
  }, 60_000);

  it('accepts the keys each template names, and no arguments for a template without any', () => {
    expect(errors.get('right')).toEqual([]);
  });

  it('rejects a misspelt key', () => {
    expect(errors.get('wrongKey')!.join('\n')).toMatch(/TS2561 .*'nam' does not exist/);
  });

  it('rejects a missing key', () => {
    expect(errors.get('missingKey')!.join('\n')).toMatch(/TS2345 .*'hint'/);
  });

  it('rejects an extra key', () => {
    expect(errors.get('extraKey')!.join('\n')).toMatch(/TS2353 .*'state' does not exist/);
  });

  it('rejects a call without the arguments a template needs', () => {
    expect(errors.get('missingArgs')!.join('\n')).toMatch(/TS2554 Expected 3-4 arguments/);
  });

  it('rejects arguments for a template without placeholders', () => {
    expect(errors.get('argsForNoPlaceholders')!.join('\n')).toMatch(
      /TS2322 Type 'string' is not assignable to type 'never'/,
    );
  });

  it('checks formatMessage the same way', () => {
    expect(errors.get('formatMissingKey')!.join('\n')).toMatch(/TS2345 .*'name' is missing/);
  });

  it("does not let a code known only at run time take one code's arguments", () => {
    expect(errors.get('codeKnownAtRunTime')!.join('\n')).toMatch(
      /TS2345 .*missing the following properties.*: detail, /,
    );
  });
});
