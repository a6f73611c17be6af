// `tether generate [--check]`: regenerate every generated file (written only when changed);
// with --check, write nothing and exit 1 naming each stale file. A spec with errors stops
// generation (exit 1) before anything is written; the stale files are written all or none
// (a file that cannot be written: exit 2, nothing changed).

import { CliError, writeOutputs } from './io.ts';
import { renderDiagnostics, type Format, type Out } from './output.ts';
import { GenerateConflict, generatedFiles, isStale } from './outputs.ts';

export function runGenerate(root: string, check: boolean, format: Format, out: Out): number {
  let generation;
  try {
    generation = generatedFiles(root);
  } catch (error) {
    if (error instanceof GenerateConflict) throw new CliError(error.message);
    throw error;
  }
  const { files, diagnostics, warnings, sources } = generation;
  if (diagnostics.length > 0) {
    out.write(`${renderDiagnostics(diagnostics, format, sources, out)}\n`);
    out.write('nothing generated: fix the errors above first\n');
    return 1;
  }
  if (warnings.length > 0) out.write(`${renderDiagnostics(warnings, format, sources, out)}\n`);
  const stale = files.filter((f) => isStale(root, f));
  if (check) {
    for (const f of stale) out.write(`stale: ${f.path} (run \`npm run generate\`)\n`);
    out.write(
      stale.length === 0
        ? `${files.length} generated files up to date\n`
        : `${stale.length} of ${files.length} generated files stale\n`,
    );
    return stale.length === 0 ? 0 : 1;
  }
  writeOutputs(root, stale);
  for (const f of stale) out.write(`wrote ${f.path}\n`);
  out.write(`${files.length - stale.length} unchanged, ${stale.length} written\n`);
  return 0;
}
