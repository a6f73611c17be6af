// Where a project's outputs go (issue 12 item 2): the TLA+ folder, the engines' folder (each
// engine with its IR artifact beside it), the suites' folder, and the extension the generated
// suites put on their relative imports. Folders are relative to the project root, with forward
// slashes. The defaults are this repository's own layout (tla/, generated/).

import { posix } from 'node:path';

export type ImportExtension = '.ts' | '.js';

export interface OutputLayout {
  /** The TLA+ module and cfg of each machine; saved traces in <tla>/traces/<Machine>/. */
  readonly tla: string;
  /** Each machine's engine, <engines>/<machine>.ts, and its IR artifact beside it. */
  readonly engines: string;
  /** Each machine's conformance suite, <suites>/<machine>.conformance.test.ts. */
  readonly suites: string;
  /** `.ts` for projects that run TypeScript as it is (no emit, bundlers, vitest); `.js` for
   *  projects that emit JavaScript with NodeNext, where an import names the emitted file. */
  readonly importExtension: ImportExtension;
}

export const DEFAULT_LAYOUT: OutputLayout = {
  tla: 'tla',
  engines: 'generated',
  suites: 'generated',
  importExtension: '.ts',
};

/** The specifier of `target` (a path from the project root) imported from a file in `fromDir`:
 *  `./x` or `../a/x`, forward slashes. */
export function relativeSpecifier(fromDir: string, target: string): string {
  const rel = posix.relative(posix.normalize(fromDir), posix.normalize(target));
  return rel.startsWith('../') ? rel : `./${rel}`;
}
