// `tether lint [files...]`: parse and check specs (by default the project's), print every
// diagnostic.
// Exit 0 when no errors (warnings allowed), 1 when any error.

import { compileSpec } from '../frontend.ts';
import type { Diagnostic } from '../diagnostics/types.ts';
import { readSpecFile } from './io.ts';
import { renderDiagnostics, summary, type Format, type Out } from './output.ts';
import type { SpecInput } from './project.ts';

export function runLint(files: readonly SpecInput[], format: Format, out: Out): number {
  const all: Diagnostic[] = [];
  const sources = new Map<string, string>();
  // Read every file first: a missing file is a usage error (exit 2) before any output.
  const inputs = files.map((f) => ({
    name: f.name, // from the project root, as check and the generated headers name it
    text: readSpecFile(f.path, f.given),
  }));
  for (const { name, text } of inputs) {
    sources.set(name, text);
    all.push(...compileSpec(text, name).diagnostics);
  }
  const rendered = renderDiagnostics(all, format, sources, out);
  if (format === 'json') {
    out.write(`${rendered}\n`);
  } else {
    if (rendered) out.write(`${rendered}\n${format === 'frame' ? '\n' : ''}`);
    out.write(`${summary(all, inputs.length)}\n`);
  }
  return all.some((d) => d.severity === 'error') ? 1 : 0;
}
