// The TLA+ backend (backends.ts): tla/<Module>.tla and .cfg, emitted once per Build; check
// runs TLC on the same files.

import type { Backend, Build } from '../build.ts';
import { emitTla, type TlaFiles } from './emit.ts';

/** The machine's module and cfg, emitted once per Build. */
export function tlaFiles(build: Build): TlaFiles {
  return build.memo(tlaFiles, () => emitTla(build.ir, build.layout.tla));
}

export const tlaBackend: Backend = {
  name: 'TLA+ module',
  emit: (build) => {
    const files = tlaFiles(build);
    return [files.module, files.cfg];
  },
};
