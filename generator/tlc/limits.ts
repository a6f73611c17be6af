// `tether check`'s limits (--max-states, --max-depth, --time-limit) for TLC, which has no such
// options for a breadth-first search: a wrapper module adds a state constraint. Past the
// depth limit it excludes states (TLC still checks their invariants and steps, as the
// explorer does); past the state or time limit it prints a marker and asks TLC to stop
// (TLCSet("exit", TRUE)), which then reports its figures as for a finished search. TLC is
// reached through a named instance, so none of the TLC module's names can clash with the
// spec's. A time limit TLC does not stop at by itself (SANY, liveness) is enforced by
// killing it (runTlc's killAfterMs).

import type { SearchLimits } from '../explore/explore.ts';
import type { SearchStop } from '../explore/result.ts';
import type { TlcMessage } from './parse-output.ts';
import { tlcFigures } from './read-run.ts';
import { runTlc, type TlcCommand, type TlcRun, type TrackTlc } from './run.ts';

/** How long after the time limit TLC is killed if it has not stopped by itself. */
export const KILL_GRACE_MS = 15_000;

export function hasLimits(limits: SearchLimits): boolean {
  return (
    limits.maxStates !== undefined ||
    limits.maxDepth !== undefined ||
    limits.timeLimitSeconds !== undefined
  );
}

const marker = (flag: string): string => `tether: ${flag} reached`;

/** The module TLC checks instead of the machine's: the machine under the limits' constraint. */
export function limitsModule(
  machineModule: string,
  cfg: string,
  limits: SearchLimits,
): { name: string; tla: string; cfg: string } {
  const name = `${machineModule}Limits`;
  const stopAt = (test: string, flag: string): string[] => [
    `  /\\ \\/ ${test}`,
    `     \\/ TetherTLC!PrintT(${JSON.stringify(marker(flag))}) /\\ TetherTLC!TLCSet("exit", TRUE)`,
  ];
  const conjuncts = [
    ...(limits.maxDepth !== undefined
      ? [`  /\\ TetherTLC!TLCGet("level") <= ${limits.maxDepth}`]
      : []),
    ...(limits.maxStates !== undefined
      ? stopAt(
          `TetherTLC!TLCGet("distinct") <= ${limits.maxStates}`,
          `--max-states ${limits.maxStates}`,
        )
      : []),
    ...(limits.timeLimitSeconds !== undefined
      ? stopAt(
          `TetherTLC!TLCGet("duration") < ${limits.timeLimitSeconds}`,
          `--time-limit ${limits.timeLimitSeconds}`,
        )
      : []),
  ];
  const tla = [
    `---- MODULE ${name} ----`,
    `\\* ${machineModule} under tether check's limits (a state constraint; see generator/tlc/limits.ts).`,
    `EXTENDS ${machineModule}`,
    'TetherTLC == INSTANCE TLC',
    'TetherSearchLimits ==',
    ...conjuncts,
    '====',
    '',
  ].join('\n');
  return { name, tla, cfg: `${cfg.trimEnd()}\n\nCONSTRAINT TetherSearchLimits\n` };
}

/** Which limit stopped TLC, if one did: a marker it printed, the kill, or the depth reached
 *  (a search that reaches the depth limit is incomplete, as in the explorer). */
export function readStop(
  messages: readonly TlcMessage[],
  limits: SearchLimits,
  run: { readonly killed: boolean; readonly seconds: number; readonly depth: number },
): SearchStop | null {
  const printed = (flag: string): boolean =>
    messages.some((m) => m.code === 0 && m.text.trim() === JSON.stringify(marker(flag)));
  const { seconds } = run;
  if (limits.maxStates !== undefined && printed(`--max-states ${limits.maxStates}`))
    return { limit: 'states', detail: `--max-states ${limits.maxStates}`, seconds };
  if (
    limits.timeLimitSeconds !== undefined &&
    (run.killed || printed(`--time-limit ${limits.timeLimitSeconds}`))
  )
    return { limit: 'time', detail: `--time-limit ${limits.timeLimitSeconds}`, seconds };
  if (limits.maxDepth !== undefined && run.depth >= limits.maxDepth)
    return { limit: 'depth', detail: `--max-depth ${limits.maxDepth}`, seconds };
  return null;
}

/** Runs TLC on a module (beside the modules it extends, `extra`), under check's limits when
 *  there are any (the wrapper module above, and a kill soon after the time limit): the run,
 *  and the limit that stopped it. */
export async function runUnderLimits(
  files: {
    readonly moduleName: string;
    readonly tla: string;
    readonly cfg: string;
    readonly extra?: Readonly<Record<string, string>>;
  },
  command: (modelDir: string, moduleName: string) => TlcCommand,
  onMessage: (m: TlcMessage) => void,
  limits: SearchLimits,
  track: TrackTlc | undefined,
): Promise<{ readonly run: TlcRun; readonly stop: SearchStop | null }> {
  const limited = hasLimits(limits) ? limitsModule(files.moduleName, files.cfg, limits) : null;
  const moduleName = limited?.name ?? files.moduleName;
  const started = performance.now();
  const run = await runTlc(
    limited
      ? {
          moduleName,
          tla: limited.tla,
          cfg: limited.cfg,
          extra: { ...files.extra, [`${files.moduleName}.tla`]: files.tla },
        }
      : files,
    (dir) => command(dir, moduleName),
    onMessage,
    undefined,
    {
      killAfterMs:
        limits.timeLimitSeconds !== undefined
          ? limits.timeLimitSeconds * 1000 + KILL_GRACE_MS
          : undefined,
      track,
    },
  );
  const seconds = Math.round(performance.now() - started) / 1000;
  const stop = limited
    ? readStop(run.messages, limits, {
        killed: run.killed,
        seconds,
        depth: tlcFigures(run.messages).depth,
      })
    : null;
  return { run, stop };
}
