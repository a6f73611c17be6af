// Running both checkers on a spec or an IR, for the agreement and seeded-bug tests.

import { readFileSync } from 'node:fs';
import { compileSpec } from '../../generator/frontend.ts';
import { emitTla } from '../../generator/emit-tla/emit.ts';
import { explore } from '../../generator/explore/explore.ts';
import type { CheckResult } from '../../generator/explore/result.ts';
import type { IrMachine } from '../../generator/lower/ir.ts';
import { interpretTlc } from '../../generator/tlc/parse-output.ts';
import { javaCommand, runTlc } from '../../generator/tlc/run.ts';
import { ROOT } from '../helpers.ts';

export function irOf(spec: string): IrMachine {
  const c = compileSpec(readFileSync(`${ROOT}${spec}`, 'utf8'), spec);
  if (!c.ir) throw new Error(`${spec} does not compile: ${c.diagnostics.map((d) => d.message).join('; ')}`);
  return c.ir;
}

export function runExplorer(ir: IrMachine): CheckResult {
  return explore(ir);
}

export async function runTlcOn(ir: IrMachine, jar: string): Promise<CheckResult> {
  const files = emitTla(ir);
  const run = await runTlc({ moduleName: ir.name, tla: files.module.content, cfg: files.cfg.content }, () => javaCommand(jar, ir.name, 1));
  return interpretTlc(ir, run.messages, run.exitCode);
}
