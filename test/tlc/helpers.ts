// Running both checkers on a spec or an IR, for the agreement and seeded-bug tests.

import { readFileSync } from 'node:fs';
import { compileSpec } from '../../generator/frontend.ts';
import { explore } from '../../generator/explore/explore.ts';
import type { CheckResult } from '../../generator/explore/result.ts';
import type { IrMachine } from '../../generator/lower/ir.ts';
import { checkWithTlc } from '../../generator/tlc/model-check.ts';
import { tlaModuleName } from '../../generator/names/tla.ts';
import { javaCommand } from '../../generator/tlc/run.ts';
import { ROOT } from '../helpers.ts';

export function irOf(spec: string): IrMachine {
  const c = compileSpec(readFileSync(`${ROOT}${spec}`, 'utf8'), spec);
  if (!c.ir)
    throw new Error(`${spec} does not compile: ${c.diagnostics.map((d) => d.message).join('; ')}`);
  return c.ir;
}

export function runExplorer(ir: IrMachine): CheckResult {
  return explore(ir);
}

/** TLC as `tether check` runs it (reruns included, until every property is decided). */
export async function runTlcOn(ir: IrMachine, jar: string): Promise<CheckResult> {
  return checkWithTlc(ir, () => javaCommand(jar, tlaModuleName(ir.name), 1));
}
