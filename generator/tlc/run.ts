// Runs TLC on an emitted module, through Java or Docker, with machine-readable output, and
// streams its messages (progress) to the caller. The model is copied to a fresh temporary
// directory so TLC's own files (states/, trace dumps) never land in the project. TLC never
// outlives its run: it gets its own process group, which is killed when the run ends, when
// the caller stops it (the CLI on SIGINT, SIGTERM: cli/interrupt.ts) and, through a
// watchdog process, when tether itself is killed; the temporary directory goes with it.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCKER_IMAGE } from './locate.ts';
import { ToolOutputParser, type TlcMessage } from './parse-output.ts';

export interface TlcCommand {
  readonly program: string;
  readonly args: readonly string[];
  /** A command that stops what `program` started when killing it is not enough (a container). */
  readonly stop?: { readonly program: string; readonly args: readonly string[] } | undefined;
}

/** TLC's own arguments: machine-readable output, one worker unless asked otherwise, and
 *  liveness checked once, on the complete state space: by default TLC also checks it on
 *  the part searched so far when its timer says so, and a counterexample found then stops
 *  the search before every safety property is checked, so the statuses would depend on the
 *  machine's speed (explore/result.ts: a property is decided only by a complete search). */
export function tlcArgs(
  moduleName: string,
  workers: number | 'auto',
  extra: readonly string[] = [],
): string[] {
  return [
    '-tool',
    '-workers',
    String(workers),
    '-config',
    `${moduleName}.cfg`,
    '-metadir',
    'states',
    '-lncheck',
    'final',
    ...extra,
    `${moduleName}.tla`,
  ];
}

/** `extra`: more TLC options (e.g. `-dump dot,actionlabels states.dot`), before the module. */
export function javaCommand(
  jar: string,
  moduleName: string,
  workers: number | 'auto',
  extra: readonly string[] = [],
): TlcCommand {
  return {
    program: 'java',
    args: ['-XX:+UseParallelGC', '-cp', jar, 'tlc2.TLC', ...tlcArgs(moduleName, workers, extra)],
  };
}

/** `docker run` of the image built from tla/Dockerfile, with the model directory mounted. The
 *  container is named after the directory, so that it can be stopped if tether is killed. */
export function dockerCommand(
  modelDir: string,
  moduleName: string,
  workers: number | 'auto',
): TlcCommand {
  const name = basename(modelDir);
  return {
    program: 'docker',
    args: [
      'run',
      '--rm',
      '--name',
      name,
      '--network',
      'none',
      '-v',
      `${modelDir}:/model`,
      '-w',
      '/model',
      DOCKER_IMAGE,
      ...tlcArgs(moduleName, workers),
    ],
    stop: { program: 'docker', args: ['rm', '-f', name] },
  };
}

/** Builds the image once; later runs reuse it. */
export function dockerBuildCommand(contextDir: string): TlcCommand {
  return { program: 'docker', args: ['build', '-t', DOCKER_IMAGE, contextDir] };
}

export function dockerImagePresent(): boolean {
  return (
    spawnSync('docker', ['image', 'inspect', DOCKER_IMAGE], { stdio: 'ignore', timeout: 20_000 })
      .status === 0
  );
}

export interface TlcRun {
  readonly exitCode: number;
  readonly messages: readonly TlcMessage[];
  readonly stderr: string;
  /** TLC was killed at `killAfterMs` (it did not stop by itself). */
  readonly killed: boolean;
}

export class TlcRunError extends Error {
  override readonly name = 'TlcRunError';
}

/** A TLC process that is running, with what it takes to stop it for good. */
interface LiveRun {
  readonly dir: string;
  child: ChildProcess | null;
  stop: TlcCommand['stop'];
  readonly watchdog: ChildProcess | null;
  ended: boolean;
}

/** Told of each TLC run as it starts, with a synchronous function that stops it for good
 *  (kills TLC, removes its directory: safe in a signal handler); returns what forgets it. */
export type TrackTlc = (stop: () => void) => () => void;

const WATCHDOG = fileURLToPath(new URL('./watchdog.mjs', import.meta.url));

function killGroup(child: ChildProcess | null): void {
  if (child?.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Ends a run: kills TLC when asked, tells the watchdog it is done, removes the directory. */
function endRun(run: LiveRun, kill: boolean): void {
  if (run.ended) return;
  run.ended = true;
  const running =
    run.child !== null && run.child.exitCode === null && run.child.signalCode === null;
  if (kill && running) {
    killGroup(run.child);
    if (run.stop)
      spawnSync(run.stop.program, [...run.stop.args], { stdio: 'ignore', timeout: 20_000 });
  }
  // Not removed (still in use?): the watchdog, told nothing, tries again once this process ends.
  const removed = removeDir(run.dir);
  if (run.watchdog?.stdin?.writable) run.watchdog.stdin.end(removed ? 'done\n' : '');
}

/** Removes TLC's directory (a TLC just killed may still be writing into it: retried). */
function removeDir(dir: string): boolean {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    return true;
  } catch {
    return false;
  }
}

/** A process that removes the run's directory and kills TLC if this process dies first. */
function startWatchdog(dir: string): ChildProcess | null {
  try {
    const w = spawn(process.execPath, [WATCHDOG, dir], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    w.on('error', () => {});
    w.stdin?.on('error', () => {});
    w.unref();
    (w.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return w;
  } catch {
    return null;
  }
}

export async function runTlc(
  files: {
    readonly moduleName: string;
    readonly tla: string;
    readonly cfg: string;
    readonly extra?: Readonly<Record<string, string>>;
  },
  command: (modelDir: string) => TlcCommand,
  onMessage: (m: TlcMessage) => void = () => {},
  /** Reads what TLC wrote (a dump, a trace) before the directory is removed. */
  collect: (modelDir: string) => void = () => {},
  options: {
    readonly killAfterMs?: number | undefined;
    readonly track?: TrackTlc | undefined;
  } = {},
): Promise<TlcRun> {
  const dir = mkdtempSync(join(tmpdir(), 'tether-tlc-'));
  const run: LiveRun = {
    dir,
    child: null,
    stop: undefined,
    watchdog: startWatchdog(dir),
    ended: false,
  };
  const forget = options.track?.(() => endRun(run, true)) ?? (() => {});
  let killed = false;
  try {
    writeFileSync(join(dir, `${files.moduleName}.tla`), files.tla);
    writeFileSync(join(dir, `${files.moduleName}.cfg`), files.cfg);
    for (const [name, text] of Object.entries(files.extra ?? {}))
      writeFileSync(join(dir, name), text);
    const cmd = command(dir);
    run.stop = cmd.stop;
    if (cmd.stop)
      run.watchdog?.stdin?.write(`stop ${JSON.stringify([cmd.stop.program, ...cmd.stop.args])}\n`);
    const parser = new ToolOutputParser(onMessage);
    let stderr = '';
    const exitCode = await new Promise<number>((resolve, reject) => {
      // Its own process group (detached): killed as a whole, and not by the terminal's signals.
      const child = spawn(cmd.program, [...cmd.args], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      run.child = child;
      if (child.pid !== undefined) run.watchdog?.stdin?.write(`pid ${child.pid}\n`);
      const timer =
        options.killAfterMs === undefined
          ? null
          : setTimeout(() => {
              killed = true;
              killGroup(child);
              if (cmd.stop)
                spawnSync(cmd.stop.program, [...cmd.stop.args], {
                  stdio: 'ignore',
                  timeout: 20_000,
                });
            }, options.killAfterMs);
      child.stdout.setEncoding('utf8').on('data', (d: string) => parser.push(d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', (e) => {
        if (timer) clearTimeout(timer);
        reject(new TlcRunError(`cannot start ${cmd.program}: ${e.message}`));
      });
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        resolve(code ?? (signal ? 128 : 255));
      });
    });
    const result = { exitCode, messages: parser.end(), stderr, killed };
    collect(dir);
    return result;
  } finally {
    // TLC may have left workers behind in its group (or failed mid-way): end them too.
    endRun(run, true);
    forget();
  }
}
