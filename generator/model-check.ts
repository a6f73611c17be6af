// Model-checking one machine, as `tether check` does and the programmatic API offers (api.ts):
// the built-in explorer, or TLC through Java or Docker, with a progress line now and then.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TlaFiles } from './emit-tla/emit.ts';
import { explore, type SearchLimits } from './explore/explore.ts';
import type { CheckResult } from './explore/result.ts';
import type { IrMachine } from './lower/ir.ts';
import { exploreRace } from './race/explore.ts';
import type { RaceOptions } from './race/model.ts';
import { checkRaceWithTlc } from './race/tlc.ts';
import type { RaceResult } from './race/trace.ts';
import type { CheckerChoice } from './tlc/locate.ts';
import { checkWithTlc } from './tlc/model-check.ts';
import { MSG, TlcOutputError, type TlcMessage } from './tlc/parse-output.ts';
import {
  dockerBuildCommand,
  dockerCommand,
  dockerImagePresent,
  javaCommand,
  type TlcCommand,
  type TrackTlc,
} from './tlc/run.ts';

/** The toolkit's own tla/ folder (where the Dockerfile is), wherever Tether is installed. */
const TOOLKIT_TLA_DIR = fileURLToPath(new URL('../tla/', import.meta.url));

export function explorerProgress(
  progress: ((line: string) => void) | null,
): ((p: { distinct: number; queue: number; depth: number }) => void) | undefined {
  return progress
    ? (p) =>
        progress(
          `explorer: ${p.distinct.toLocaleString('en-US')} distinct states, ${p.queue.toLocaleString('en-US')} on the queue, depth ${p.depth}`,
        )
    : undefined;
}

export interface ModelCheckOptions {
  /** TLC's worker threads (default 1). */
  readonly workers?: number | 'auto';
  /** Told a one-line progress report now and then. */
  readonly progress?: ((line: string) => void) | null;
  readonly limits?: SearchLimits;
  /** The machine's module as emitted already (TLC's first run checks it as it is). */
  readonly emitted?: TlaFiles;
  /** Told of each TLC run (the CLI stops it on SIGINT/SIGTERM). */
  readonly track?: TrackTlc;
}

/** Model-checks the machine with the checker chosen (tlc/locate.ts): the built-in explorer, TLC
 *  through Java, or TLC in Docker (the image built from the package's tla/Dockerfile first). */
export async function modelCheck(
  ir: IrMachine,
  choice: CheckerChoice,
  options: ModelCheckOptions = {},
): Promise<CheckResult> {
  const { workers = 1, progress = null, limits = {}, emitted, track } = options;
  if (choice.kind === 'explorer')
    return explore(ir, { limits, onProgress: explorerProgress(progress) });
  return checkWithTlc(
    ir,
    tlcCommand(choice, workers),
    tlcProgress(progress),
    limits,
    track,
    emitted,
  );
}

/** The race of `check --concurrent` (race/model.ts) with the checker chosen, as modelCheck. */
export async function raceCheck(
  ir: IrMachine,
  race: RaceOptions,
  choice: CheckerChoice,
  options: Omit<ModelCheckOptions, 'emitted'> = {},
): Promise<RaceResult> {
  const { workers = 1, progress = null, limits = {}, track } = options;
  if (choice.kind === 'explorer')
    return exploreRace(ir, { ...race, limits, onProgress: explorerProgress(progress) });
  return checkRaceWithTlc(
    ir,
    race,
    tlcCommand(choice, workers),
    tlcProgress(progress),
    limits,
    track,
  );
}

/** TLC's command line for a module in a model directory, for the checker chosen (the Docker
 *  image built first when it is missing). */
export function tlcCommand(
  choice: Exclude<CheckerChoice, { kind: 'explorer' }>,
  workers: number | 'auto' = 1,
): (dir: string, moduleName: string) => TlcCommand {
  if (choice.kind === 'java')
    return (_dir, moduleName) => javaCommand(choice.jar, moduleName, workers);
  if (!dockerImagePresent()) {
    const build = dockerBuildCommand(TOOLKIT_TLA_DIR);
    const r = spawnSync(build.program, [...build.args], { stdio: 'inherit' });
    if (r.status !== 0)
      throw new TlcOutputError(
        `building the TLC image failed (${build.program} ${build.args.join(' ')})`,
        [],
      );
  }
  return (dir, moduleName) => dockerCommand(dir, moduleName, workers);
}

/** TLC's progress messages as the one-line report `progress` is told. */
export function tlcProgress(progress: ((line: string) => void) | null): (m: TlcMessage) => void {
  return (m) => {
    if (!progress || m.code !== MSG.progress) return;
    const p =
      /Progress\((\d+)\).*?([\d,]+) states generated.*?([\d,]+) distinct states found.*?([\d,]+) states left on queue/.exec(
        m.text,
      );
    if (p) progress(`TLC: ${p[3]} distinct states, ${p[4]} on the queue, depth ${p[1]}`);
  };
}
