// SIGINT and SIGTERM while TLC runs: stop every TLC (its process group), remove its
// temporary directory, and exit 130 or 143. The handlers are installed only while a TLC run
// is live: the explorer's synchronous search keeps the default action, which ends the
// process at once. Enabled by bin.mjs (the CLI as a process), not by in-process callers.

import type { TrackTlc } from '../tlc/run.ts';

/** The stop functions of the TLC runs in progress (signals are process-wide). */
const running = new Set<() => void>();
const state = { enabled: false };

/** For the entry point (cli/entry.ts): from now on, a signal while TLC runs stops it, its files, and the process. */
export function exitOnSignals(): void {
  state.enabled = true;
}

/** Passed to runTlc: registers the run while it lives. */
export const trackTlc: TrackTlc = (stop) => {
  if (!state.enabled) return () => {};
  if (running.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  running.add(stop);
  return () => {
    running.delete(stop);
    if (running.size > 0) return;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
};

function onSignal(signal: NodeJS.Signals): void {
  const stopped = running.size;
  for (const stop of [...running]) stop();
  process.stderr.write(
    `tether: ${signal}: ${stopped > 0 ? 'stopped TLC and removed its files' : 'stopped'}\n`,
  );
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
