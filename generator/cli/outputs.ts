// Every file `tether generate` owns, computed from the sources. The generator writes a file
// only when its content changed; `--check` lists the stale ones instead.

import { existsSync, readFileSync } from 'node:fs';
import { buildParserSource, GRAMMAR_PATH, PARSER_PATH } from '../parse/build-parser.ts';
import { readSpecFile } from './io.ts';

export interface GeneratedFile {
  /** Relative to the project root, forward slashes. */
  readonly path: string;
  readonly content: string;
}

export function generatedFiles(root: string): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  // Tether's own parser, when run in the toolkit's repository.
  if (existsSync(`${root}/${GRAMMAR_PATH}`))
    files.push({ path: PARSER_PATH, content: buildParserSource(readSpecFile(`${root}/${GRAMMAR_PATH}`)) });
  return files;
}

export function isStale(root: string, file: GeneratedFile): boolean {
  const target = `${root}/${file.path}`;
  return !existsSync(target) || readFileSync(target, 'utf8') !== file.content;
}
