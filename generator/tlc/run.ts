// Runs TLC on an emitted module, through Java or Docker, with machine-readable output, and
// streams its messages (progress) to the caller. The model is copied to a fresh temporary
// directory so TLC's own files (states/, trace dumps) never land in the project.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_IMAGE } from './locate.ts';
import { ToolOutputParser, type TlcMessage } from './parse-output.ts';

export interface TlcCommand {
  readonly program: string;
  readonly args: readonly string[];
}

/** TLC's own arguments: machine-readable output, one worker unless asked otherwise. */
export function tlcArgs(moduleName: string, workers: number | 'auto', extra: readonly string[] = []): string[] {
  return ['-tool', '-workers', String(workers), '-config', `${moduleName}.cfg`, '-metadir', 'states', ...extra, `${moduleName}.tla`];
}

/** `extra`: more TLC options (e.g. `-dump dot,actionlabels states.dot`), before the module. */
export function javaCommand(jar: string, moduleName: string, workers: number | 'auto', extra: readonly string[] = []): TlcCommand {
  return { program: 'java', args: ['-XX:+UseParallelGC', '-cp', jar, 'tlc2.TLC', ...tlcArgs(moduleName, workers, extra)] };
}

/** `docker run` of the image built from tla/Dockerfile, with the model directory mounted. */
export function dockerCommand(modelDir: string, moduleName: string, workers: number | 'auto'): TlcCommand {
  return {
    program: 'docker',
    args: ['run', '--rm', '--network', 'none', '-v', `${modelDir}:/model`, '-w', '/model', DOCKER_IMAGE, ...tlcArgs(moduleName, workers)],
  };
}

/** Builds the image once; later runs reuse it. */
export function dockerBuildCommand(contextDir: string): TlcCommand {
  return { program: 'docker', args: ['build', '-t', DOCKER_IMAGE, contextDir] };
}

export function dockerImagePresent(): boolean {
  return spawnSync('docker', ['image', 'inspect', DOCKER_IMAGE], { stdio: 'ignore', timeout: 20_000 }).status === 0;
}

export interface TlcRun {
  readonly exitCode: number;
  readonly messages: readonly TlcMessage[];
  readonly stderr: string;
}

export class TlcRunError extends Error {}

export async function runTlc(
  files: { readonly moduleName: string; readonly tla: string; readonly cfg: string; readonly extra?: Readonly<Record<string, string>> },
  command: (modelDir: string) => TlcCommand,
  onMessage: (m: TlcMessage) => void = () => {},
  /** Reads what TLC wrote (a dump, a trace) before the directory is removed. */
  collect: (modelDir: string) => void = () => {},
): Promise<TlcRun> {
  const dir = mkdtempSync(join(tmpdir(), 'tether-tlc-'));
  try {
    writeFileSync(join(dir, `${files.moduleName}.tla`), files.tla);
    writeFileSync(join(dir, `${files.moduleName}.cfg`), files.cfg);
    for (const [name, text] of Object.entries(files.extra ?? {})) writeFileSync(join(dir, name), text);
    const cmd = command(dir);
    const parser = new ToolOutputParser(onMessage);
    let stderr = '';
    const exitCode = await new Promise<number>((resolve, reject) => {
      const child = spawn(cmd.program, [...cmd.args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.setEncoding('utf8').on('data', (d: string) => parser.push(d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', (e) => reject(new TlcRunError(`cannot start ${cmd.program}: ${e.message}`)));
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 255)));
    });
    const run = { exitCode, messages: parser.end(), stderr };
    collect(dir);
    return run;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
