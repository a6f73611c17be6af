// `tether fmt [--check] [files...]`: lay specs out in the canonical layout (format/format.ts),
// by default the project's. `-` reads standard input and writes the result to standard output.
// Exit 0 when every file is formatted (or, with --check, already was); 1 when a spec has
// syntax errors (it is left as it is) or, with --check, when one is not formatted; 70 when
// the formatter could not keep a spec the same (a bug: that file is left as it is).

import { chmodSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics/types.ts';
import { formatSpec, FormatError } from '../format/format.ts';
import { CliError, readSpecFile } from './io.ts';
import { renderDiagnostics, type Format, type Out } from './output.ts';
import type { SpecInput } from './project.ts';

export function runFmt(
  files: readonly SpecInput[],
  check: boolean,
  format: Format,
  out: Out,
  err: Out,
): number {
  // Read every file first: a missing one is a usage error (exit 2) before anything is written.
  const inputs = files.map((f) => ({ ...f, text: readSpecFile(f.path, f.given) }));
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const stale: string[] = [];
  const bugs: string[] = [];
  let written = 0;
  for (const f of inputs) {
    let result;
    try {
      result = formatSpec(f.text, f.name);
    } catch (error) {
      // A bug in the formatter: that file is left as it is, the others go on.
      if (!(error instanceof FormatError)) throw error;
      bugs.push(error.message);
      continue;
    }
    if (!result.ok) {
      sources.set(f.name, f.text);
      diagnostics.push(...result.diagnostics);
      continue;
    }
    if (!result.changed) continue;
    stale.push(f.name);
    if (check) continue;
    writeReplacing(f.path, f.given, result.text);
    written++;
    out.write(`formatted ${f.name}\n`);
  }
  if (diagnostics.length > 0) {
    const rendered = renderDiagnostics(diagnostics, format, sources, err);
    if (rendered) err.write(`${rendered}\n`);
    const broken = new Set(diagnostics.map((d) => d.file)).size;
    err.write(`${broken} file${broken === 1 ? '' : 's'} not formatted: syntax errors\n`);
  }
  for (const bug of bugs)
    err.write(
      `tether: internal error: ${bug} (this is a bug in Tether; the file is left as it is)\n`,
    );
  if (check) {
    for (const name of stale) out.write(`${name}: not formatted\n`);
    const n = inputs.length;
    const files = (k: number): string => `${k} file${k === 1 ? '' : 's'}`;
    if (stale.length > 0)
      out.write(`${stale.length} of ${files(n)} not formatted (run 'tether fmt')\n`);
    else if (diagnostics.length === 0) out.write(`${files(n)} already formatted\n`);
    return bugs.length > 0 ? 70 : stale.length > 0 || diagnostics.length > 0 ? 1 : 0;
  }
  const broken = new Set(diagnostics.map((d) => d.file)).size;
  out.write(
    `${written} file${written === 1 ? '' : 's'} formatted, ${inputs.length - written - broken} unchanged\n`,
  );
  return bugs.length > 0 ? 70 : diagnostics.length > 0 ? 1 : 0;
}

/** `tether fmt -`: the spec on standard input, formatted, on standard output. */
export function runFmtStdin(check: boolean, format: Format, out: Out, err: Out): number {
  let text: string;
  try {
    text = readFileSync(0, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read standard input: ${(error as Error).message}`);
  }
  const result = formatSpec(text, '<stdin>');
  if (!result.ok) {
    const rendered = renderDiagnostics(
      result.diagnostics,
      format,
      new Map([['<stdin>', text]]),
      err,
    );
    if (rendered) err.write(`${rendered}\n`);
    return 1;
  }
  if (check) {
    if (result.changed) err.write('<stdin>: not formatted\n');
    return result.changed ? 1 : 0;
  }
  out.write(result.text);
  return 0;
}

/** Writes the file by a rename of a sibling, so an interrupted write leaves the old text. */
function writeReplacing(path: string, shown: string, text: string): void {
  const temp = `${path}.tether-fmt-${process.pid}`;
  try {
    const mode = statSync(path).mode & 0o777;
    writeFileSync(temp, text, { flag: 'wx', mode });
    chmodSync(temp, mode);
    renameSync(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // Not created.
    }
    throw new CliError(`cannot write '${shown}': ${(error as Error).message}`);
  }
}
