// The IR artifact backend (backends.ts): generated/<machine>.ir.json, which the generated
// suite and mutation runs load (format.ts).

import type { Backend } from '../build.ts';
import { emitIrArtifact } from './emit.ts';

export const irBackend: Backend = {
  name: 'IR artifact',
  emit: (build) => [build.memo(irBackend, () => emitIrArtifact(build.ir, build.layout.engines))],
};
