// `tether traces [files...]`: record TLC-simulated behaviours of each spec as ITF traces in
// tla/traces/<Machine>/ (the conformance suites replay them on the engine). Needs TLC through
// Java (--tlc-jar, TLA2TOOLS_JAR or the cache); there is no explorer fallback: the point is
// behaviours produced by TLC.

import { compileSpec } from '../frontend.ts';
import { recordTlcTraces, writeSimulationTraces } from '../conformance/record.ts';
import { locateChecker, HOW_TO_GET_TLC } from '../tlc/locate.ts';
import { TlcOutputError } from '../tlc/parse-output.ts';
import { WriteFilesError } from '../write-files.ts';
import { trackTlc } from './interrupt.ts';
import { CliError, displayPath, readSpecFile } from './io.ts';
import { renderDiagnostics, type Out } from './output.ts';

export async function runTraces(
  files: readonly string[],
  o: { tlcJar: string | undefined; count: number; seed: number },
  out: Out,
): Promise<number> {
  let choice;
  try {
    choice = locateChecker({ tlcJar: o.tlcJar, hasDocker: () => false });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (choice.kind !== 'java')
    throw new CliError(
      `traces needs TLC run through Java (${HOW_TO_GET_TLC.replace(', or install Docker', '')})`,
    );
  let ok = true;
  for (const f of files) {
    const name = displayPath(f);
    const text = readSpecFile(f);
    const compiled = compileSpec(text, name);
    if (!compiled.ir) {
      out.write(
        `${renderDiagnostics(compiled.diagnostics, 'compact', new Map([[name, text]]), out)}\n${name}: no traces: the spec has errors\n`,
      );
      ok = false;
      continue;
    }
    try {
      const traces = await recordTlcTraces(
        compiled.ir,
        choice.jar,
        { count: o.count, depth: 40, seed: o.seed, simulate: 3000 },
        trackTlc,
      );
      for (const file of writeSimulationTraces(process.cwd(), compiled.ir, traces))
        out.write(`wrote ${displayPath(file)}\n`);
      out.write(
        `${name}: ${traces.length} TLC behaviours saved (${traces.map((t) => t.states.length - 1).join(', ')} steps)\n`,
      );
    } catch (error) {
      if (error instanceof WriteFilesError) throw new CliError(error.message);
      if (!(error instanceof TlcOutputError)) throw error;
      out.write(
        `${name}: TLC did not finish: ${error.message}\n${error.details.map((d) => `  | ${d}`).join('\n')}\n`,
      );
      ok = false;
    }
  }
  return ok ? 0 : 1;
}
