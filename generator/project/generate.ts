// Every file `tether generate` owns, computed from the sources: Tether's own parser (in the
// toolkit's repository) and, for each spec in spec/, what every backend emits (backends.ts:
// its TLA+ module and cfg in tla/; its engine, IR artifact and conformance suite in
// generated/). A file
// is written only when its content changed; `--check` lists the stale ones instead.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { emitAll } from '../backends.ts';
import { buildSpec, type GeneratedFile } from '../build.ts';
import { ConformanceUnavailableError } from '../conformance/output.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { buildParserSource, GRAMMAR_PATH, PARSER_PATH } from '../parse/build-parser.ts';
import { readSpecFile } from './io.ts';

export type { GeneratedFile } from '../build.ts';

export interface Generation {
  readonly files: readonly GeneratedFile[];
  /** Diagnostics of specs that could not be compiled (their outputs are not produced). */
  readonly diagnostics: readonly Diagnostic[];
  /** Warnings found on the models while planning the conformance suites (TTH6xxx). */
  readonly warnings: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
}

export function specFiles(root: string): string[] {
  if (!existsSync(`${root}/spec`)) return [];
  return readdirSync(`${root}/spec`)
    .filter((f) => f.endsWith('.tether'))
    .sort()
    .map((f) => `spec/${f}`);
}

export function generatedFiles(root: string): Generation {
  const files: GeneratedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const sources = new Map<string, string>();
  // Tether's own parser, when run in the toolkit's repository.
  if (existsSync(`${root}/${GRAMMAR_PATH}`))
    files.push({
      path: PARSER_PATH,
      content: buildParserSource(readSpecFile(`${root}/${GRAMMAR_PATH}`)),
    });
  const machines = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const spec of specFiles(root)) {
    const text = readSpecFile(`${root}/${spec}`);
    sources.set(spec, text);
    const built = buildSpec(text, spec);
    diagnostics.push(...built.diagnostics.filter((d) => d.severity === 'error'));
    if (!built.build) continue;
    const { ir } = built.build;
    const prior = machines.get(ir.name);
    if (prior)
      throw new GenerateConflict(
        `${spec} and ${prior} both declare machine ${ir.name}; their outputs would collide`,
      );
    machines.set(ir.name, spec);
    let emitted;
    try {
      emitted = emitAll(built.build);
    } catch (error) {
      // The explorer's memory guard stopped the suite's search: nothing can be generated.
      if (error instanceof ConformanceUnavailableError)
        throw new GenerateConflict(`${spec}: ${error.message}`);
      throw error;
    }
    // Two machines can differ in name and still share a file (fooBar and foo_bar: generated/fooBar.ts).
    for (const f of emitted.files) {
      const owner = owners.get(f.path);
      if (owner)
        throw new GenerateConflict(
          `${spec} and ${owner} would both write ${f.path}; rename one machine`,
        );
      owners.set(f.path, spec);
      files.push(f);
    }
    warnings.push(...emitted.warnings);
  }
  return { files, diagnostics, warnings, sources };
}

export class GenerateConflict extends Error {
  override readonly name = 'GenerateConflict';
}

export function isStale(root: string, file: GeneratedFile): boolean {
  const target = `${root}/${file.path}`;
  return !existsSync(target) || readFileSync(target, 'utf8') !== file.content;
}
