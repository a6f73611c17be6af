// Every file `tether generate` owns, computed from the sources: Tether's own parser (in the
// toolkit's repository) and, for each of the project's specs (project/config.ts), what every
// backend emits (backends.ts), where the project's layout puts it: its TLA+ module and cfg;
// its engine, IR artifact and conformance suite. A file is written only when its content
// changed; `--check` lists the stale ones instead.

import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { describeFsError } from '../write-files.ts';
import { fileURLToPath } from 'node:url';
import { emitAll } from '../backends.ts';
import { buildSpec, type GeneratedFile } from '../build.ts';
import { ConformanceUnavailableError } from '../conformance/output.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { buildParserSource, GRAMMAR_PATH, PARSER_PATH } from '../parse/build-parser.ts';
import { projectSpecs, type Project } from './config.ts';

export type { GeneratedFile } from '../build.ts';

export interface Generation {
  readonly files: readonly GeneratedFile[];
  /** Diagnostics of specs that could not be compiled (their outputs are not produced). */
  readonly diagnostics: readonly Diagnostic[];
  /** Warnings found on the models while planning the conformance suites (TTH6xxx). */
  readonly warnings: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
}

/** The toolkit's own folder (where its grammar is, in its repository). */
const TOOLKIT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function isToolkitRoot(root: string): boolean {
  try {
    return realpathSync(root) === realpathSync(TOOLKIT_ROOT);
  } catch {
    return false;
  }
}

/** The files generated from `specs` (paths from the project root; by default the project's
 *  specs), at the places the project's layout gives. */
export function generatedFiles(
  project: Project,
  specs: readonly string[] = projectSpecs(project),
): Generation {
  const { root, layout } = project;
  const files: GeneratedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const sources = new Map<string, string>();
  // Tether's own parser, when run in the toolkit's repository.
  if (isToolkitRoot(root) && existsSync(`${root}/${GRAMMAR_PATH}`))
    files.push({
      path: PARSER_PATH,
      content: buildParserSource(readSource(root, GRAMMAR_PATH)),
    });
  const claims = new OutputClaims();
  for (const spec of specs) {
    const text = readSource(root, spec);
    sources.set(spec, text);
    const built = buildSpec(text, spec, { layout });
    diagnostics.push(...built.diagnostics.filter((d) => d.severity === 'error'));
    if (!built.build) continue;
    const { ir } = built.build;
    const machineClash = claims.machine(spec, ir.name);
    if (machineClash) throw new GenerateConflict(machineClash);
    let emitted;
    try {
      emitted = emitAll(built.build);
    } catch (error) {
      // The explorer's memory guard stopped the suite's search: nothing can be generated.
      if (error instanceof ConformanceUnavailableError)
        throw new GenerateConflict(`${spec}: ${error.message}`);
      throw error;
    }
    const fileClash = claims.files(spec, emitted.files);
    if (fileClash) throw new GenerateConflict(fileClash);
    files.push(...emitted.files);
    warnings.push(...emitted.warnings);
  }
  return { files, diagnostics, warnings, sources };
}

/** Which spec owns each machine name and each output path, over the specs of one command
 *  (generate, check): two specs must not write one file. */
export class OutputClaims {
  readonly #machines = new Map<string, string>();
  readonly #files = new Map<string, string>();

  /** Claims `machine` for `spec`; why not, when another spec declares it. */
  machine(spec: string, machine: string): string | null {
    const prior = this.#machines.get(machine);
    if (prior)
      return `${spec} and ${prior} both declare machine ${machine}; their outputs would collide`;
    this.#machines.set(machine, spec);
    return null;
  }

  /** Claims the paths of `files` for `spec` (all or none); why not, when another spec writes
   *  one. Two machines can differ in name and still share a file (fooBar and foo_bar:
   *  generated/fooBar.ts). */
  files(spec: string, files: readonly { readonly path: string }[]): string | null {
    for (const f of files) {
      const owner = this.#files.get(f.path);
      if (owner && owner !== spec)
        return `${spec} and ${owner} would both write ${f.path}; rename one machine`;
    }
    for (const f of files) this.#files.set(f.path, spec);
    return null;
  }
}

/** Generation cannot go on: two specs' outputs collide, a spec cannot be read, or a limit
 *  stopped a suite's search (the message says which). */
export class GenerateConflict extends Error {
  override readonly name = 'GenerateConflict';
}

function readSource(root: string, path: string): string {
  try {
    return readFileSync(`${root}/${path}`, 'utf8');
  } catch (error) {
    throw new GenerateConflict(`cannot read '${path}': ${describeFsError(error)}`);
  }
}

export function isStale(root: string, file: GeneratedFile): boolean {
  const target = `${root}/${file.path}`;
  return !existsSync(target) || readFileSync(target, 'utf8') !== file.content;
}
