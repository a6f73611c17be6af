// Strict `tsc` for generated files, with the project's compiler options (tsconfig.json), as
// the pipeline harness needs it: one TypeScript program per call, reusing the previous
// program's unchanged files (the libraries, @types/node, the toolkit), so checking a spec's
// engine and suite costs a fraction of a second after the first.

import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { ROOT } from '../helpers.ts';

export class TypeChecker {
  readonly #options: ts.CompilerOptions;
  readonly #host: ts.CompilerHost;
  readonly #cache = new Map<string, ts.SourceFile>();
  #previous: ts.Program | undefined;

  constructor() {
    const config = ts.readConfigFile(`${ROOT}tsconfig.json`, (p) => readFileSync(p, 'utf8'));
    if (config.error)
      throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
    const parsed = ts.convertCompilerOptionsFromJson(
      (config.config as { compilerOptions: unknown }).compilerOptions,
      ROOT,
    );
    this.#options = { ...parsed.options, noEmit: true };
    const host = ts.createCompilerHost(this.#options);
    const getSourceFile = host.getSourceFile.bind(host);
    // Files outside the generated ones never change during a run: parse them once.
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const volatile = fileName.includes('/.scratch/');
      const hit = volatile ? undefined : this.#cache.get(fileName);
      if (hit) return hit;
      const sf = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (sf && !volatile) this.#cache.set(fileName, sf);
      return sf;
    };
    this.#host = host;
  }

  /** The diagnostics of these files, one line each (`file:line:col TSxxxx message`). */
  check(files: readonly string[]): string[] {
    const program = ts.createProgram({
      rootNames: files,
      options: this.#options,
      host: this.#host,
      ...(this.#previous ? { oldProgram: this.#previous } : {}),
    });
    this.#previous = program;
    const out: string[] = [];
    for (const d of program.getOptionsDiagnostics())
      out.push(`options: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    for (const f of files) {
      const sf = program.getSourceFile(f);
      if (!sf) {
        out.push(`${f}: not in the program`);
        continue;
      }
      for (const d of [
        ...program.getSyntacticDiagnostics(sf),
        ...program.getSemanticDiagnostics(sf),
      ]) {
        const at =
          d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
        out.push(
          `${f.split('/').slice(-1)[0]}${at ? `:${at.line + 1}:${at.character + 1}` : ''} TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
        );
      }
    }
    return out;
  }
}
