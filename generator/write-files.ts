// Writes generated files all or none. Every file first goes to a temporary file in its own
// folder; only when all of them are written are they renamed over their targets (a rename
// within one file system is atomic). A kill or a full disk never leaves a half-written file,
// and a failure before the renames leaves every target as it was.

import {
  existsSync,
  mkdirSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A file to write, its path relative to the root given to writeFilesAtomically. */
export interface FileToWrite {
  readonly path: string;
  readonly content: string;
}

/** A file could not be written; nothing was (the message names the file and why). */
export class WriteFilesError extends Error {
  override readonly name = 'WriteFilesError';
}

let counter = 0;

/** Writes every file, or none: on failure the temporary files (and the folders made for them)
 *  are removed and WriteFilesError says which file failed and why. */
export function writeFilesAtomically(root: string, files: readonly FileToWrite[]): void {
  const temps: { temp: string; target: string; path: string }[] = [];
  const madeDirs: string[] = [];
  const undo = (): void => {
    for (const { temp } of temps) unlinkQuietly(temp);
    for (const dir of madeDirs.reverse()) rmdirQuietly(dir);
  };
  for (const f of files) {
    const target = join(root, f.path);
    const temp = join(dirname(target), `.${basename(target)}.${process.pid}-${counter++}.tmp`);
    try {
      makeFolders(dirname(target), madeDirs);
      writeFileSync(temp, f.content, { flag: 'wx' });
      temps.push({ temp, target, path: f.path });
    } catch (error) {
      unlinkQuietly(temp);
      undo();
      throw new WriteFilesError(
        `cannot write '${f.path}': ${describeFsError(error)}; nothing was written`,
      );
    }
  }
  for (let i = 0; i < temps.length; i++) {
    const { temp, target, path } = temps[i]!;
    try {
      renameSync(temp, target);
    } catch (error) {
      for (const rest of temps.slice(i)) unlinkQuietly(rest.temp);
      const done = temps.slice(0, i).map((t) => t.path);
      throw new WriteFilesError(
        `cannot write '${path}': ${describeFsError(error)}${done.length ? ` (already replaced: ${done.join(', ')})` : '; nothing was written'}`,
      );
    }
  }
}

/** Makes dir and the folders above it that are missing, outermost first, adding each to
 *  `made` as it is made. Not mkdirSync's `recursive`, which never returns for a path under
 *  /proc (it retries ENOENT forever on Node 20): each level is made on its own, and the first
 *  that cannot be fails with its error. */
function makeFolders(dir: string, made: string[]): void {
  const missing: string[] = [];
  let d = dir;
  for (; !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  // A file where a folder should be (as mkdirSync says it: EEXIST).
  if (existsSync(d) && !statSync(d).isDirectory())
    throw Object.assign(new Error(`${d} is a file`), { code: 'EEXIST' });
  for (const d of missing) {
    mkdirSync(d);
    made.push(d);
  }
}

/** A file system error in a few words. */
export function describeFsError(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOTDIR':
      return 'a folder on its path is a file';
    case 'EISDIR':
      return 'it is a folder';
    case 'EEXIST':
      return 'a file is in the way';
    default:
      return (error as Error).message ?? String(error);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone, or never made
  }
}

function rmdirQuietly(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // not empty, or already gone
  }
}
