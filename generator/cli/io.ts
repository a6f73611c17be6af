// File access for the CLI: user-facing failures become one clear line (CliError), never a
// stack trace.

import { readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { WriteFilesError, writeFilesAtomically, type FileToWrite } from '../write-files.ts';

/** A user mistake or environment problem the CLI reports in one line with exit code 2. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/** `shown`: the path as the user gave it, in the message. */
export function readSpecFile(path: string, shown: string = path): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : ((error as Error).message ?? String(error));
    throw new CliError(`cannot read '${shown}': ${why}`);
  }
}

/** How a spec is named in diagnostics and generated headers: relative, forward slashes. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  const shown = rel === '' || rel.startsWith('..') ? path : rel;
  return shown.split(sep).join('/');
}

/** Writes generated files all or none (paths relative to root); a failure is a CliError. */
export function writeOutputs(root: string, files: readonly FileToWrite[]): void {
  try {
    writeFilesAtomically(root, files);
  } catch (error) {
    if (error instanceof WriteFilesError) throw new CliError(error.message);
    throw error;
  }
}
