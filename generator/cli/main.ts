// The CLI entry: parses arguments, runs a command, maps failures to exit codes.
// 0 success · 1 the spec has errors / the check failed · 2 usage or I/O error ·
// 70 internal error (a bug in Tether: one line, no stack trace unless TETHER_DEBUG is set).

import { readdirSync } from 'node:fs';
import { runGenerate } from './generate.ts';
import { CliError } from './io.ts';
import { runLint } from './lint.ts';
import { runCheck } from './check.ts';
import { runTraces } from './traces.ts';
import { InstallError, TLC_PIN, installTlc } from '../tlc/install.ts';
import { defaultFormat, type Format, type Out } from './output.ts';
import type { SearchLimits } from '../explore/explore.ts';

/** For bin.mjs: while TLC runs, SIGINT/SIGTERM stop it and its files, then exit 130/143. */
export { exitOnSignals } from './interrupt.ts';

const USAGE = `usage: tether <command> [options]

commands:
  lint <files...>       parse and check specs; print every diagnostic
  check [files...]      check specs and model-check them (default: spec/*.tether)
  generate [--check]    regenerate generated files; --check lists stale ones and exits 1
  traces [files...]     record TLC-simulated behaviours as ITF traces in tla/traces/<Machine>/
                        (replayed by the conformance suites; needs TLC)
  tlc install           download the pinned TLC (tla2tools.jar) into ~/.cache/tether, sha256-verified

options:
  --format compact|frame|json   diagnostics format (default: frame on a terminal, else compact);
                                for check, json is --json
  --json                        check: print the result as JSON (and nothing else)
  --tlc-jar PATH                check: run TLC from this tla2tools.jar (also: TLA2TOOLS_JAR)
  --docker                      check: run TLC in Docker (image built from tla/Dockerfile)
  --explorer                    check: use the built-in explorer even when TLC is available
  --workers N|auto              check: TLC worker threads (default 1)
  --max-states N                check: stop when the model has more than N distinct states
  --max-depth N                 check: explore no deeper than N states from the initial ones
  --time-limit S                check: stop after S seconds
  --count N                     traces: how many behaviours to keep (default 5)
  --seed N                      traces: TLC's simulation seed (default 1)
  -h, --help                    show this help
  -v, --version                 show the version
`;

const VERSION = '0.1.0';

interface Streams {
  readonly stdout: Out;
  readonly stderr: Out;
}

function processStreams(): Streams {
  return {
    stdout: { write: (t) => void process.stdout.write(t), isTTY: process.stdout.isTTY === true },
    stderr: { write: (t) => void process.stderr.write(t), isTTY: process.stderr.isTTY === true },
  };
}

interface Parsed {
  readonly command: string | undefined;
  readonly positional: string[];
  readonly format: Format | undefined;
  readonly check: boolean;
  readonly help: boolean;
  readonly version: boolean;
  readonly json: boolean;
  readonly tlcJar: string | undefined;
  readonly docker: boolean;
  readonly explorer: boolean;
  readonly workers: number | 'auto';
  readonly limits: SearchLimits;
  readonly url: string | undefined;
  readonly sha256: string | undefined;
  readonly count: number;
  readonly seed: number;
}

function parseArgs(argv: readonly string[]): Parsed {
  const positional: string[] = [];
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const WITH_VALUE = new Set([
    '--format',
    '--tlc-jar',
    '--workers',
    '--url',
    '--sha256',
    '--count',
    '--seed',
    '--max-states',
    '--max-depth',
    '--time-limit',
  ]);
  const BOOLEAN = new Set([
    '--check',
    '--help',
    '-h',
    '--version',
    '-v',
    '--json',
    '--docker',
    '--explorer',
  ]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (WITH_VALUE.has(name)) {
      const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new CliError(`${name} needs a value`);
      values.set(name, value);
    } else if (BOOLEAN.has(arg)) flags.add(arg);
    else if (arg.startsWith('-') && arg !== '-') throw new CliError(`unknown option '${arg}'`);
    else positional.push(arg);
  }
  const format = values.get('--format');
  if (format !== undefined && format !== 'compact' && format !== 'frame' && format !== 'json')
    throw new CliError(`--format takes compact, frame or json, not '${format}'`);
  const workersText = values.get('--workers') ?? '1';
  const workers = workersText === 'auto' ? 'auto' : Number(workersText);
  if (workers !== 'auto' && !(Number.isInteger(workers) && workers >= 1))
    throw new CliError(`--workers takes a positive integer or 'auto', not '${workersText}'`);
  const positiveInt = (flag: string, fallback: number): number => {
    const text = values.get(flag);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 1)
      throw new CliError(`${flag} takes a positive integer, not '${text}'`);
    return n;
  };
  const count = positiveInt('--count', 5);
  const seed = positiveInt('--seed', 1);
  const limit = (flag: string): number | undefined =>
    values.has(flag) ? positiveInt(flag, 0) : undefined;
  const limits: SearchLimits = {
    maxStates: limit('--max-states'),
    maxDepth: limit('--max-depth'),
    timeLimitSeconds: limit('--time-limit'),
  };
  const [command, ...rest] = positional;
  return {
    command,
    positional: rest,
    format,
    check: flags.has('--check'),
    help: flags.has('--help') || flags.has('-h'),
    version: flags.has('--version') || flags.has('-v'),
    json: flags.has('--json'),
    tlcJar: values.get('--tlc-jar'),
    docker: flags.has('--docker'),
    explorer: flags.has('--explorer'),
    workers,
    limits,
    url: values.get('--url'),
    sha256: values.get('--sha256'),
    count,
    seed,
  };
}

function defaultSpecs(): string[] {
  try {
    return readdirSync('spec')
      .filter((f) => f.endsWith('.tether'))
      .sort()
      .map((f) => `spec/${f}`);
  } catch {
    throw new CliError('no spec files given and no spec/ folder here');
  }
}

export async function main(
  argv: readonly string[],
  streams: Streams = processStreams(),
): Promise<number> {
  const { stdout, stderr } = streams;
  try {
    const args = parseArgs(argv);
    if (args.version) {
      stdout.write(`tether ${VERSION}\n`);
      return 0;
    }
    if (args.help || args.command === undefined || args.command === 'help') {
      (args.help || args.command === 'help' ? stdout : stderr).write(USAGE);
      return args.help || args.command === 'help' ? 0 : 2;
    }
    const format = args.format ?? defaultFormat(stdout);
    switch (args.command) {
      case 'lint':
        if (args.positional.length === 0) throw new CliError('lint needs at least one spec file');
        return runLint(args.positional, format, stdout);
      case 'check':
        return await runCheck(
          args.positional.length > 0 ? args.positional : defaultSpecs(),
          {
            format,
            json: args.json,
            tlcJar: args.tlcJar,
            docker: args.docker,
            explorer: args.explorer,
            workers: args.workers,
            limits: args.limits,
          },
          streams,
        );
      case 'tlc': {
        if (args.positional[0] !== 'install' || args.positional.length > 1)
          throw new CliError('usage: tether tlc install [--url URL --sha256 HEX]');
        if ((args.url === undefined) !== (args.sha256 === undefined))
          throw new CliError('--url and --sha256 go together: a download is always verified');
        if (args.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(args.sha256))
          throw new CliError('--sha256 takes 64 hexadecimal digits');
        const urls = args.url ? [args.url] : TLC_PIN.urls;
        stdout.write(`downloading TLC ${args.url ? `from ${args.url}` : TLC_PIN.version}...\n`);
        try {
          const path = await installTlc({ urls, sha256: args.sha256 ?? TLC_PIN.sha256 });
          stdout.write(`installed ${path} (sha256 verified)\n`);
          return 0;
        } catch (error) {
          if (error instanceof InstallError)
            throw new CliError(`tlc install failed: ${error.message}`);
          throw error;
        }
      }
      case 'generate':
        return runGenerate(process.cwd(), args.check, format, stdout);
      case 'traces':
        return await runTraces(
          args.positional.length > 0 ? args.positional : defaultSpecs(),
          { tlcJar: args.tlcJar, count: args.count, seed: args.seed },
          stdout,
        );
      default:
        throw new CliError(`unknown command '${args.command}' (try 'tether --help')`);
    }
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
