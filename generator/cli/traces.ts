// `tether traces [files...]`: record TLC-simulated behaviours of each spec as ITF traces in
// <tla>/traces/<Machine>/ of the project (project/config.ts) (the conformance suites replay them on the engine). Needs TLC through
// Java (--tlc-jar, TLA2TOOLS_JAR or the cache); there is no explorer fallback: the point is
// behaviours produced by TLC.

import { compileSpec } from '../frontend.ts';
import { recordTlcTraces, writeSimulationTraces } from '../conformance/record.ts';
import { locateChecker, HOW_TO_GET_TLC } from '../tlc/locate.ts';
import { TlcOutputError } from '../tlc/parse-output.ts';
import { WriteFilesError } from '../write-files.ts';
import { trackTlc } from './interrupt.ts';
import { stringOption, type Args } from './args.ts';
import { positiveInteger } from './check.ts';
import { CliError, displayPath, readSpecFile } from './io.ts';
import { renderDiagnostics, type Out } from './output.ts';
import type { CliProject } from './project.ts';
import { describeProject } from '../project/config.ts';

export interface TracesOptions {
  readonly tlcJar: string | undefined;
  readonly count: number;
  readonly seed: number;
}

export function tracesOptions(args: Args): TracesOptions {
  const count = stringOption(args, 'count');
  const seed = stringOption(args, 'seed');
  return {
    tlcJar: stringOption(args, 'tlc-jar'),
    count: count === undefined ? 5 : positiveInteger('count', count),
    seed: seed === undefined ? 1 : positiveInteger('seed', seed),
  };
}

export async function runTraces(cli: CliProject, o: TracesOptions, out: Out): Promise<number> {
  const { project } = cli;
  // Traces are saved in the project's <tla>/traces/, which its suites replay: for its own specs.
  const outside = cli.specs.find((s) => !s.inProject);
  if (outside)
    throw new CliError(
      `${outside.name}: not one of the project's specs (${describeProject(project, process.cwd())}): its traces would have no suite to replay them; add it to the config's "specs"`,
    );
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
  for (const spec of cli.specs) {
    const name = spec.name;
    const text = readSpecFile(spec.path, spec.given);
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
      for (const file of writeSimulationTraces(
        project.root,
        compiled.ir,
        traces,
        project.layout.tla,
      ))
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
