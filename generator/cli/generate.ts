// `tether generate [files...] [--check]`: regenerate the outputs of the project's specs (or of
// the files named) where the project's layout puts them, each written only when changed; with
// --check, write nothing and exit 1 naming each stale file. A spec with errors stops
// generation (exit 1) before anything is written; the stale files are written all or none
// (a file that cannot be written: exit 2, nothing changed). With --json, stdout is one JSON
// document: the files and their status, and the diagnostics.

import { CliError, writeOutputs } from './io.ts';
import { diagnosticsJson, renderDiagnostics, type Format, type Out } from './output.ts';
import { GenerateConflict, generatedFiles, isStale } from '../project/generate.ts';
import type { CliProject } from './project.ts';

export function runGenerate(cli: CliProject, check: boolean, format: Format, out: Out): number {
  const { project, specs } = cli;
  const outside = specs.find((s) => !s.insideRoot);
  if (outside)
    throw new CliError(
      `${outside.name} is outside the project (${project.root}): its outputs would have no place in it; run tether from the spec's project, or give --config`,
    );
  const json = format === 'json';
  let generation;
  try {
    generation = generatedFiles(
      project,
      specs.map((s) => s.name),
    );
  } catch (error) {
    if (error instanceof GenerateConflict) throw new CliError(error.message);
    throw error;
  }
  const { files, diagnostics, warnings, sources } = generation;
  const report = (status: (path: string) => string, extra: object): void =>
    out.write(
      `${JSON.stringify(
        {
          files: files.map((f) => ({ path: f.path, status: status(f.path) })),
          ...extra,
          diagnostics: diagnosticsJson([...diagnostics, ...warnings]),
        },
        null,
        2,
      )}\n`,
    );
  if (diagnostics.length > 0) {
    if (json) report(() => 'not generated', { result: 'error' });
    else {
      out.write(`${renderDiagnostics(diagnostics, format, sources, out)}\n`);
      out.write('nothing generated: fix the errors above first\n');
    }
    return 1;
  }
  if (warnings.length > 0 && !json)
    out.write(`${renderDiagnostics(warnings, format, sources, out)}\n`);
  const stale = files.filter((f) => isStale(project.root, f));
  const staleSet = new Set(stale.map((f) => f.path));
  if (check) {
    if (json)
      report((p) => (staleSet.has(p) ? 'stale' : 'up to date'), {
        result: stale.length === 0 ? 'up to date' : 'stale',
      });
    else {
      for (const f of stale) out.write(`stale: ${f.path} (run \`tether generate\`)\n`);
      out.write(
        stale.length === 0
          ? `${files.length} generated files up to date\n`
          : `${stale.length} of ${files.length} generated files stale\n`,
      );
    }
    return stale.length === 0 ? 0 : 1;
  }
  writeOutputs(project.root, stale);
  if (json) report((p) => (staleSet.has(p) ? 'written' : 'unchanged'), { result: 'generated' });
  else {
    for (const f of stale) out.write(`wrote ${f.path}\n`);
    out.write(`${files.length - stale.length} unchanged, ${stale.length} written\n`);
  }
  return 0;
}
