// The CLI entry: parses each command's arguments (node:util parseArgs: an option a command does
// not take is an error), finds the project (project/config.ts), runs the command, maps failures
// to exit codes. Each command's module is loaded only when it runs, so `tether --version` and
// `--help` load nothing else.
// 0 success · 1 the spec has errors / the check failed · 2 usage or I/O error ·
// 70 internal error (a bug in Tether: one line, no stack trace unless TETHER_DEBUG is set).

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { flag, stringOption, type Args, type Streams } from './args.ts';
import { CliError } from './io.ts';
import { defaultFormat, type Format, type Out } from './output.ts';

/** For the entry point (cli/entry.ts): while TLC runs, SIGINT/SIGTERM stop it and its files, then exit 130/143. */
export { exitOnSignals } from './interrupt.ts';

export const VERSION = '0.2.0';

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP: Options = { help: { type: 'boolean', short: 'h' } };
const PROJECT: Options = { config: { type: 'string' } };
const FORMAT: Options = { format: { type: 'string' }, json: { type: 'boolean' } };
const LAYOUT: Options = { out: { type: 'string' }, tla: { type: 'string' } };
const CHECKER: Options = {
  'tlc-jar': { type: 'string' },
  docker: { type: 'boolean' },
  explorer: { type: 'boolean' },
  workers: { type: 'string' },
  'max-states': { type: 'string' },
  'max-depth': { type: 'string' },
  'time-limit': { type: 'string' },
};

interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: Options;
  readonly positionals: boolean;
}

const COMMANDS: Record<string, Command> = {
  init: {
    summary: 'add Tether to this project: a config, an example spec, npm scripts',
    usage: 'init [--import-extension .js|.ts]',
    options: { ...HELP, 'import-extension': { type: 'string' } },
    positionals: false,
  },
  lint: {
    summary: 'parse and check specs; print every diagnostic',
    usage: 'lint [files...] [--config FILE] [--format compact|frame|json] [--json]',
    options: { ...HELP, ...PROJECT, ...FORMAT },
    positionals: true,
  },
  check: {
    summary: 'lint, model-check and regenerate the outputs of specs',
    usage:
      'check [files...] [--config FILE] [--out DIR] [--tla DIR] [--json] [--tlc-jar PATH | --docker | --explorer] [--workers N|auto] [--max-states N] [--max-depth N] [--time-limit S] [--concurrent N [--blind-write]] [--watch]',
    options: {
      ...HELP,
      ...PROJECT,
      ...FORMAT,
      ...LAYOUT,
      ...CHECKER,
      watch: { type: 'boolean' },
      concurrent: { type: 'string' },
      'blind-write': { type: 'boolean' },
    },
    positionals: true,
  },
  generate: {
    summary: 'write the TLA+ modules, engines and conformance suites of specs',
    usage:
      'generate [files...] [--check] [--config FILE] [--out DIR] [--tla DIR] [--json] [--watch]',
    options: {
      ...HELP,
      ...PROJECT,
      ...FORMAT,
      ...LAYOUT,
      check: { type: 'boolean' },
      watch: { type: 'boolean' },
    },
    positionals: true,
  },
  traces: {
    summary: 'record TLC-simulated behaviours as ITF traces (replayed by the suites; needs TLC)',
    usage: 'traces [files...] [--config FILE] [--tla DIR] [--tlc-jar PATH] [--count N] [--seed N]',
    options: {
      ...HELP,
      ...PROJECT,
      tla: { type: 'string' },
      'tlc-jar': { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
    },
    positionals: true,
  },
  diagram: {
    summary: "draw a spec's state machine: Mermaid, Graphviz DOT or SVG",
    usage: 'diagram <file> [--format mermaid|dot|svg] [--model] [--out FILE]',
    options: {
      ...HELP,
      format: { type: 'string' },
      out: { type: 'string' },
      model: { type: 'boolean' },
    },
    positionals: true,
  },
  fmt: {
    summary: 'lay specs out in the canonical layout, comments kept (`-`: standard input)',
    usage: 'fmt [files... | -] [--check] [--config FILE] [--format compact|frame|json]',
    options: { ...HELP, ...PROJECT, format: { type: 'string' }, check: { type: 'boolean' } },
    positionals: true,
  },
  lsp: {
    summary: 'the language server (Language Server Protocol over standard input and output)',
    usage: 'lsp [--stdio]',
    options: { ...HELP, stdio: { type: 'boolean' } },
    positionals: false,
  },
  tlc: {
    summary: 'tlc install: download the pinned TLC into ~/.cache/tether, sha256-verified',
    usage: 'tlc install [--url URL --sha256 HEX]',
    options: { ...HELP, url: { type: 'string' }, sha256: { type: 'string' } },
    positionals: true,
  },
};

const OPTION_HELP = `options:
  --config FILE                 the project's tether.config.json (default: the nearest one at or
                                above this folder; without one: specs spec/*.tether, outputs in
                                tla/ and generated/)
  --out DIR                     check, generate: put engines and suites in DIR (inside the project);
                                diagram: the FILE to write (default: standard output)
  --tla DIR                     check, generate, traces: put TLA+ modules and traces in DIR
  --format compact|frame|json   diagnostics format (default: frame on a terminal, else compact);
                                diagram: mermaid (the default), dot or svg
  --json                        lint, check, generate: print one JSON document (and nothing else)
  --check                       generate: write nothing; list stale files and exit 1 if any;
                                fmt: write nothing; list the files not formatted, exit 1 if any
  --watch                       check, generate: run again whenever a spec or the config changes
  --tlc-jar PATH                check, traces: run TLC from this tla2tools.jar (also: TLA2TOOLS_JAR)
  --docker                      check: run TLC in Docker (image built from the package's Dockerfile)
  --explorer                    check: use the built-in explorer even when TLC is available
  --workers N|auto              check: TLC worker threads (default 1)
  --max-states N                check: stop when the model has more than N distinct states
  --max-depth N                 check: explore no deeper than N states from the initial ones
  --time-limit S                check: stop after S seconds
  --concurrent N                check: instead of the machine, the race of N request handlers
                                (at most 8) over one stored snapshot, storing by compare-and-set;
                                safety only, no outputs written (README "The race, model-checked")
  --blind-write                 check --concurrent: store by blind write (the bug CAS prevents)
  --count N                     traces: how many behaviours to keep (default 5)
  --seed N                      traces: TLC's simulation seed (default 1)
  --import-extension .js|.ts    init: how generated suites import engines (default: from tsconfig)
  --model                       diagram: the reachable model graph (at most 200 states), not the
                                machine
  --url URL --sha256 HEX        tlc install: download TLC from URL instead, checked against HEX
  --stdio                       lsp: talk over standard input and output (the default)
  -h, --help                    show this help (tether <command> --help: that command's)
  -v, --version                 show the version

Without files, lint, check, generate, traces and fmt take the project's specs. Paths on the
command line (files, --config, --out, --tla) are relative to the working folder.
Colour (the frame format only): on a terminal unless NO_COLOR is set; FORCE_COLOR=1 forces
it, FORCE_COLOR=0 stops it.
`;

const USAGE = `usage: tether <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`)
  .join('\n')}

${OPTION_HELP}`;

function processStreams(): Streams {
  return {
    stdout: { write: (t) => void process.stdout.write(t), isTTY: process.stdout.isTTY === true },
    stderr: { write: (t) => void process.stderr.write(t), isTTY: process.stderr.isTTY === true },
  };
}

function parseCommand(name: string, command: Command, argv: readonly string[]): Args {
  // A negative number after an option that takes a value is that value (`--seed -3`), for the
  // option to refuse with its own message; parseArgs would read it as an option.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const option = command.options[arg.replace(/^--/, '')];
    if (
      arg.startsWith('--') &&
      option?.type === 'string' &&
      next !== undefined &&
      /^-\d/.test(next)
    ) {
      args.push(`${arg}=${next}`);
      i++;
    } else args.push(arg);
  }
  try {
    const { values, positionals } = parseArgs({
      args,
      options: command.options,
      strict: true,
      allowPositionals: command.positionals,
    });
    return { values: values as Args['values'], files: positionals };
  } catch (error) {
    throw new CliError(argumentError(name, error as Error & { code?: string }));
  }
}

/** parseArgs' error, said for this command: which option, and which commands take it. */
function argumentError(name: string, error: Error & { code?: string }): string {
  const option = /'(-[^']*)'/.exec(error.message)?.[1] ?? '';
  const flag = option.replace(/^-+/, '').replace(/=.*$/, '').replace(/ .*$/, '');
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const takers = Object.entries(COMMANDS)
        .filter(([, c]) => flag in c.options)
        .map(([n]) => n);
      return takers.length === 0
        ? `unknown option '${option}' (see 'tether ${name} --help')`
        : `'${option}' is not an option of '${name}' (${takers.join(', ')} take${takers.length === 1 ? 's' : ''} it)`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return COMMANDS[name]?.options[flag]?.type === 'string'
        ? `--${flag} needs a value`
        : `--${flag} takes no value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `'${name}' takes no files (${error.message.replace(/^Unexpected argument '([^']*)'.*$/s, "got '$1'")})`;
    default:
      return error.message;
  }
}

function format(args: Args, out: Out): Format {
  const f = stringOption(args, 'format');
  if (f !== undefined && f !== 'compact' && f !== 'frame' && f !== 'json')
    throw new CliError(`--format takes compact, frame or json, not '${f}'`);
  if (flag(args, 'json')) return 'json';
  return f ?? defaultFormat(out);
}

export async function main(
  argv: readonly string[],
  streams: Streams = processStreams(),
): Promise<number> {
  const { stdout, stderr } = streams;
  try {
    const [first, ...rest] = argv;
    if (first === '--version' || first === '-v') {
      stdout.write(`tether ${VERSION}\n`);
      return 0;
    }
    if (first === undefined) {
      stderr.write(USAGE);
      return 2;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const of = first === 'help' ? rest[0] : undefined;
      stdout.write(of && COMMANDS[of] ? commandHelp(COMMANDS[of]) : USAGE);
      return 0;
    }
    const command = COMMANDS[first];
    if (!command)
      throw new CliError(
        first.startsWith('-')
          ? `'${first}' goes after a command (try 'tether --help')`
          : `unknown command '${first}' (try 'tether --help')`,
      );
    const args = parseCommand(first, command, rest);
    if (flag(args, 'help')) {
      stdout.write(commandHelp(command));
      return 0;
    }
    return await run(first, args, streams);
  } catch (error) {
    if (error instanceof CliError) {
      stderr.write(`tether: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    stderr.write(
      `tether: internal error: ${message} (this is a bug in Tether; set TETHER_DEBUG=1 for details)\n`,
    );
    if (process.env['TETHER_DEBUG'] && error instanceof Error && error.stack)
      stderr.write(`${error.stack}\n`);
    return 70;
  }
}

function commandHelp(command: Command): string {
  // An option's lines: its own and the indented ones that continue it.
  let keep = false;
  const mine = OPTION_HELP.split('\n').filter((line) => {
    const m = /^ {2}(?:-\w, )?--([\w-]+)/.exec(line);
    if (m) keep = m[1]! in command.options;
    else if (!line.startsWith('    ')) keep = false;
    return keep;
  });
  return `usage: tether ${command.usage}\n\n${command.summary}\n\noptions:\n${mine.join('\n')}\n`;
}

async function run(command: string, args: Args, streams: Streams): Promise<number> {
  const { stdout } = streams;
  switch (command) {
    case 'init': {
      const { runInit } = await import('./init.ts');
      return runInit(process.cwd(), stringOption(args, 'import-extension'), stdout);
    }
    case 'lint': {
      const { runLint } = await import('./lint.ts');
      const { projectOf } = await import('./project.ts');
      const { specs } = projectOf(args, 'lint');
      return runLint(specs, format(args, stdout), stdout);
    }
    case 'check': {
      const { runCheck, checkOptions } = await import('./check.ts');
      const { projectOf, watch } = await import('./project.ts');
      // The options are read first: a bad one is reported before the project is looked for.
      const options = checkOptions(args, format(args, stdout));
      const { race } = options;
      const once = race
        ? async (): Promise<number> => {
            const { runRaceCheck } = await import('./race.ts');
            return runRaceCheck(projectOf(args, 'check'), race, options, streams);
          }
        : async (): Promise<number> => runCheck(projectOf(args, 'check'), options, streams);
      return flag(args, 'watch') ? watch(args, 'check', once, streams) : once();
    }
    case 'generate': {
      const { runGenerate } = await import('./generate.ts');
      const { projectOf, watch } = await import('./project.ts');
      const chosen = format(args, stdout);
      const once = async (): Promise<number> =>
        runGenerate(projectOf(args, 'generate'), flag(args, 'check'), chosen, stdout);
      return flag(args, 'watch') ? watch(args, 'generate', once, streams) : once();
    }
    case 'traces': {
      const { runTraces, tracesOptions } = await import('./traces.ts');
      const { projectOf } = await import('./project.ts');
      const options = tracesOptions(args);
      return runTraces(projectOf(args, 'traces'), options, stdout);
    }
    case 'diagram': {
      const { runDiagram } = await import('./diagram.ts');
      return runDiagram(args, streams);
    }
    case 'fmt': {
      const { runFmt, runFmtStdin } = await import('./fmt.ts');
      const check = flag(args, 'check');
      if (args.files.includes('-')) {
        if (args.files.length > 1)
          throw new CliError("fmt: '-' (standard input) takes no other files");
        return runFmtStdin(check, format(args, streams.stderr), stdout, streams.stderr);
      }
      const { projectOf } = await import('./project.ts');
      const { specs } = projectOf(args, 'fmt');
      return runFmt(specs, check, format(args, streams.stderr), stdout, streams.stderr);
    }
    case 'lsp': {
      const { runLsp } = await import('./lsp.ts');
      return runLsp();
    }
    case 'tlc': {
      const { runTlcInstall } = await import('./tlc-install.ts');
      if (args.files[0] !== 'install' || args.files.length > 1)
        throw new CliError(`usage: tether ${COMMANDS['tlc']!.usage}`);
      return runTlcInstall(stringOption(args, 'url'), stringOption(args, 'sha256'), stdout);
    }
    default:
      throw new CliError(`unknown command '${command}' (try 'tether --help')`);
  }
}
