// The conformance backend (backends.ts): generated/<machine>.conformance.test.ts, planned on
// the Build's reachable graph, and the dead require clauses it finds (TTH6001). When a limit
// stopped the graph's search, emit throws ConformanceUnavailableError (output.ts).

import type { Backend, Build } from '../build.ts';
import { conformanceOutput, type ConformanceOutput } from './output.ts';

/** The suite and its warnings, made once per Build. */
export function conformanceOf(build: Build): ConformanceOutput {
  return build.memo(conformanceOf, () =>
    conformanceOutput(build.ir, build.layout, () => build.graph),
  );
}

export const conformanceBackend: Backend = {
  name: 'conformance suite',
  emit: (build) => [conformanceOf(build).file],
  warnings: (build) => conformanceOf(build).diagnostics,
};
