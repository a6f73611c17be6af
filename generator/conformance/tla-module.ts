// The TLA+ module and cfg the TLC cases of a suite run: the files `tether generate` wrote
// (tla/<Module>.tla and .cfg), read as they are — the suite runtime does not emit TLA+.

import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConformanceError } from './adapter.ts';

export interface TlaModule {
  readonly moduleName: string;
  /** The module's text. */
  readonly module: string;
  /** The cfg's text. */
  readonly cfg: string;
}

/** The module at `url` (…/<Module>.tla) and the cfg beside it (…/<Module>.cfg). */
export function readTlaModule(url: URL): TlaModule {
  const path = fileURLToPath(url);
  const moduleName = basename(path, '.tla');
  const read = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConformanceError(
        `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}), which the TLC cases run: run \`tether generate\``,
      );
    }
  };
  return {
    moduleName,
    module: read(path),
    cfg: read(join(dirname(path), `${moduleName}.cfg`)),
  };
}
