// Model-checks a machine with TLC and reads the result by the status rule of
// explore/result.ts. TLC stops at its first liveness counterexample; the temporal properties
// it leaves undecided are checked by running TLC again on them alone, until each is decided,
// so TLC reports every property's status as the explorer does. Under check's limits TLC
// checks the machine through the wrapper module of tlc/limits.ts, and is killed if it has
// not stopped by itself soon after its time limit.

import { emitTla, type TlaFiles } from '../emit-tla/emit.ts';
import type { SearchLimits } from '../explore/explore.ts';
import type { CheckResult, Violation } from '../explore/result.ts';
import type { IrMachine } from '../lower/ir.ts';
import { TlcOutputError, type TlcMessage } from './parse-output.ts';
import { readTlcRun, resultOfTlc, type TlcReading } from './read-run.ts';
import { runUnderLimits } from './limits.ts';
import type { TlcCommand, TrackTlc } from './run.ts';

/** Runs TLC on the machine (again on the temporal properties a counterexample left
 *  undecided); `command` makes TLC's command line for a module in a model directory. */
export async function checkWithTlc(
  ir: IrMachine,
  command: (modelDir: string, moduleName: string) => TlcCommand,
  onMessage: (m: TlcMessage) => void = () => {},
  limits: SearchLimits = {},
  /** Told of each TLC run (the CLI stops them on SIGINT/SIGTERM). */
  track?: TrackTlc,
  /** `ir`'s module and cfg, when the caller has emitted them already (the TLA+ backend's). */
  emitted?: TlaFiles,
): Promise<CheckResult> {
  const emit = (m: IrMachine): TlaFiles => (m === ir && emitted ? emitted : emitTla(m));
  let first = await readOneRun(ir, command, onMessage, limits, track, emit);
  // TLC checks the `[]P` part of a temporal property during its search (a state that breaks
  // it ends the search: exit 12); the explorer decides temporal properties only after a
  // complete safety search (explore/result.ts). So TLC runs again without them until its
  // search completes (their counterexamples stand) or stops at a safety violation (then
  // they are not decided, as in the explorer).
  const early: Violation[] = [];
  let checked = ir;
  while (
    !first.facts.complete &&
    !first.stopped &&
    first.violations.length > 0 &&
    first.violations.every((v) => v.kind === 'temporal')
  ) {
    early.push(...first.violations);
    const broken = new Set(early.map((v) => v.property));
    checked = { ...ir, properties: ir.properties.filter((p) => !broken.has(p.name)) };
    first = await readOneRun(checked, command, onMessage, limits, track, emit);
  }
  if (first.facts.complete) first = withEarly(first, early);
  const violated = new Set(first.facts.violated);
  const violations: Violation[] = [...first.violations];
  let undecided = first.facts.undecided;
  // Only after a complete search: the safety properties hold, and the rerun's search is
  // the same one. Each rerun decides at least one more property, or all that are left.
  while (first.facts.complete && undecided.size > 0) {
    const rest = { ...ir, properties: checked.properties.filter((p) => undecided.has(p.name)) };
    const next = await readOneRun(rest, command, onMessage, limits, track, emit);
    const fresh = next.violations.filter((v) => !violated.has(v.property));
    if (next.violations.length > 0 && fresh.length === 0)
      throw new Error('TLC found again a counterexample of a temporal property already decided');
    for (const v of fresh) {
      violated.add(v.property);
      violations.push(v);
    }
    undecided = next.facts.undecided;
  }
  const reading: TlcReading = {
    ...first,
    facts: { complete: first.facts.complete, violated, undecided },
    violations,
  };
  return resultOfTlc(ir, reading);
}

/** A complete run's reading, with the temporal violations earlier runs found first. */
function withEarly(r: TlcReading, early: readonly Violation[]): TlcReading {
  if (early.length === 0) return r;
  return {
    ...r,
    facts: {
      ...r.facts,
      violated: new Set([...early.map((v) => v.property), ...r.facts.violated]),
    },
    violations: [...early, ...r.violations],
  };
}

async function readOneRun(
  ir: IrMachine,
  command: (modelDir: string, moduleName: string) => TlcCommand,
  onMessage: (m: TlcMessage) => void,
  limits: SearchLimits,
  track: TrackTlc | undefined,
  emit: (ir: IrMachine) => TlaFiles,
): Promise<TlcReading> {
  const files = emit(ir);
  const { run, stop } = await runUnderLimits(
    { moduleName: files.moduleName, tla: files.module.content, cfg: files.cfg.content },
    command,
    onMessage,
    limits,
    track,
  );
  if (stop) return readTlcRun(ir, run.messages, run.exitCode, stop, files.module.content);
  if (run.exitCode !== 0 && run.messages.length === 0)
    throw new TlcOutputError(
      `TLC produced no output (exit code ${run.exitCode})`,
      run.stderr.split('\n').filter(Boolean).slice(-8),
    );
  return readTlcRun(ir, run.messages, run.exitCode, null, files.module.content);
}
