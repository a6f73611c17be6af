// IR → generated/<machine>.ir.json (format.ts). Deterministic: the IR's own key order (lowering
// builds every node in one fixed order) and two-space indentation, one value per line, so that
// a change of the spec shows as a readable diff.

import type { IrMachine } from '../lower/ir.ts';
import { IR_FORMAT, IR_VERSION, irArtifactPath, type IrArtifact } from './format.ts';

export interface EmittedIr {
  readonly path: string;
  readonly content: string;
}

export function emitIrArtifact(ir: IrMachine, dir = 'generated'): EmittedIr {
  const artifact: IrArtifact = { format: IR_FORMAT, version: IR_VERSION, machine: ir };
  return { path: irArtifactPath(ir, dir), content: `${JSON.stringify(artifact, null, 2)}\n` };
}
