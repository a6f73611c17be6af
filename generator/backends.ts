// Every backend, listed once (issue 11 item 2): `generate`, `check` and the tests write what
// this list emits, in this order. A new backend is a folder with a `Backend` (build.ts) and
// one line here.

import type { Backend, Build, GeneratedFile } from './build.ts';
import type { Diagnostic } from './diagnostics/types.ts';
import { conformanceBackend } from './conformance/backend.ts';
import { diagramBackend } from './diagram/backend.ts';
import { tlaBackend } from './emit-tla/backend.ts';
import { engineBackend } from './emit-ts/backend.ts';
import { irBackend } from './ir-json/backend.ts';

export const BACKENDS: readonly Backend[] = [
  tlaBackend,
  engineBackend,
  irBackend,
  conformanceBackend,
  diagramBackend,
];

/** Every backend's files for one machine, and the warnings they found. */
export function emitAll(build: Build): {
  readonly files: readonly GeneratedFile[];
  readonly warnings: readonly Diagnostic[];
} {
  const files = BACKENDS.flatMap((b) => b.emit(build));
  return { files, warnings: warningsOf(build) };
}

/** The warnings the backends find on one machine (without asking for their files). */
export function warningsOf(build: Build): readonly Diagnostic[] {
  return BACKENDS.flatMap((b) => b.warnings?.(build) ?? []);
}
