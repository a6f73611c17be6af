// Runs the installed bin (`node generator/cli/bin.mjs`) as a child process, for the tests that
// need a real process: exit codes by signal, memory limits, files on disk, TLC's processes.

import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { ROOT } from '../helpers.ts';

export const BIN = `${ROOT}generator/cli/bin.mjs`;

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
}

/** Starts `tether args…`; `done` resolves when it exits. */
export function startCli(
  args: readonly string[],
  options: {
    readonly cwd?: string;
    readonly env?: Readonly<Record<string, string>>;
    readonly nodeArgs?: readonly string[];
  } = {},
): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const done = new Promise<Finished>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, out, err })),
  );
  return { child, done };
}

export function runBin(
  args: readonly string[],
  options: Parameters<typeof startCli>[1] = {},
): Promise<Finished> {
  return startCli(args, options).done;
}

/** The ids of the live processes whose working directory is under `dir` (Linux /proc). */
export function processesUnder(dir: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`).startsWith(dir)) out.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return out;
}

/** Polls `test` every 100 ms until it holds or `ms` pass; returns whether it held. */
export async function waitFor(test: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  for (;;) {
    if (test()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}
