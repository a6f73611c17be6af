// The engine backend (backends.ts): generated/<machine>.ts.

import type { Backend } from '../build.ts';
import { emitEngine } from './engine.ts';

export const engineBackend: Backend = {
  name: 'TypeScript engine',
  emit: (build) => [build.memo(engineBackend, () => emitEngine(build.ir, build.layout.engines))],
};
