// What a command is given (main.ts parses it): its options and files, and where it writes.

import type { Out } from './output.ts';

export interface Streams {
  readonly stdout: Out;
  readonly stderr: Out;
}

/** One command's parsed arguments: the values by option name, and the files. */
export interface Args {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly files: readonly string[];
}

export function stringOption(args: Args, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(args: Args, name: string): boolean {
  return args.values[name] === true;
}
