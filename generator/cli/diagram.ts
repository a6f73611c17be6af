// `tether diagram <spec> [--format mermaid|dot|svg] [--model] [--out FILE]`: the machine as a
// picture (diagram/diagram.ts), or with --model its reachable model graph (model-graph.ts), on
// standard output or in FILE. A spec with errors prints them (as
// lint does) on standard error and exits 1; nothing is drawn.

import { basename, dirname, resolve } from 'node:path';
import { dotOf, mermaidOf } from '../diagram/diagram.ts';
import { ModelTooBigError, modelDotOf, modelMermaidOf } from '../diagram/model-graph.ts';
import { svgOf } from '../diagram/svg.ts';
import { compileSpec } from '../frontend.ts';
import { flag, stringOption, type Args, type Streams } from './args.ts';
import { CliError, displayPath, readSpecFile, writeOutputs } from './io.ts';
import { renderDiagnostics, summary } from './output.ts';

const FORMATS = ['mermaid', 'dot', 'svg'] as const;
type DiagramFormat = (typeof FORMATS)[number];

export async function runDiagram(args: Args, streams: Streams): Promise<number> {
  const { stdout, stderr } = streams;
  const format = (stringOption(args, 'format') ?? 'mermaid') as DiagramFormat;
  if (!FORMATS.includes(format))
    throw new CliError(`--format takes ${FORMATS.join(', ')}, not '${String(format)}'`);
  const outFile = stringOption(args, 'out');
  if (outFile !== undefined && outFile.trim() === '')
    throw new CliError('--out needs a file to write the diagram to');
  if (args.files.length !== 1)
    throw new CliError(
      `diagram draws one spec: give its file (got ${args.files.length === 0 ? 'none' : args.files.length})`,
    );
  const given = args.files[0]!;
  const name = displayPath(resolve(given));
  const text = readSpecFile(given);
  const compiled = compileSpec(text, name);
  if (!compiled.ir) {
    const rendered = renderDiagnostics(
      compiled.diagnostics,
      'compact',
      new Map([[name, text]]),
      stderr,
    );
    stderr.write(
      `${rendered}\n${summary(compiled.diagnostics, 1)}\nnothing drawn: fix the errors above first\n`,
    );
    return 1;
  }
  const ir = compiled.ir;
  const model = flag(args, 'model');
  let picture: string;
  try {
    picture =
      format === 'mermaid'
        ? model
          ? modelMermaidOf(ir)
          : mermaidOf(ir)
        : format === 'dot'
          ? model
            ? modelDotOf(ir)
            : dotOf(ir)
          : await svgOf(model ? modelDotOf(ir) : dotOf(ir));
  } catch (error) {
    if (error instanceof ModelTooBigError) throw new CliError(error.message);
    throw error;
  }
  if (outFile === undefined) {
    stdout.write(picture);
    return 0;
  }
  const target = resolve(outFile);
  try {
    writeOutputs(dirname(target), [{ path: basename(target), content: picture }]);
  } catch (error) {
    // The message names the file as it was given, not its name in its folder.
    if (error instanceof CliError)
      throw new CliError(error.message.replace(`'${basename(target)}'`, `'${outFile}'`));
    throw error;
  }
  stdout.write(`wrote ${outFile}\n`);
  return 0;
}
