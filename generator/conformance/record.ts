// Saved traces: TLC's simulated behaviours and the model checkers' counterexamples, written
// as ITF files in tla/traces/<Machine>/ for the conformance suites to replay on the engine.
// Each file is written whole or not at all (write-files.ts): a kill never leaves half a trace.

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFilesAtomically } from '../write-files.ts';
import { DEFAULT_LAYOUT } from '../project/layout.ts';
import { emitTla } from '../emit-tla/emit.ts';
import type { Trace } from '../explore/result.ts';
import type { IrMachine } from '../lower/ir.ts';
import { layoutOf, slotsFrom } from '../semantics/model.ts';
import { TlcOutputError } from '../tlc/parse-output.ts';
import { javaCommand, runTlc, type TrackTlc } from '../tlc/run.ts';
import {
  simulationModule,
  tlcBehaviours,
  traceToItf,
  type ItfTrace,
  type TraceEntry,
} from './itf.ts';

/** `tla`: the project's TLA+ folder (project/layout.ts), relative to root. */
export function tracesDir(root: string, ir: IrMachine, tla = DEFAULT_LAYOUT.tla): string {
  return join(root, tracesPath(ir, tla));
}

/** <tla>/traces/<Machine>, relative to the project root. */
function tracesPath(ir: IrMachine, tla: string): string {
  return `${tla}/traces/${ir.name}`;
}

export interface RecordOptions {
  readonly count: number;
  readonly depth: number;
  readonly seed: number;
  /** Behaviours TLC simulates; the longest distinct ones are kept. */
  readonly simulate: number;
}

/** Runs TLC's simulation and returns the longest distinct behaviours as ITF traces. */
export async function recordTlcTraces(
  ir: IrMachine,
  jar: string,
  o: RecordOptions,
  /** Told of the TLC run (the CLI stops it on SIGINT/SIGTERM). */
  track?: TrackTlc,
): Promise<ItfTrace[]> {
  const files = emitTla(ir);
  const sim = simulationModule(ir, files.cfg.content, o.depth);
  const run = await runTlc(
    {
      moduleName: sim.name,
      tla: sim.tla,
      cfg: sim.cfg,
      extra: { [`${files.moduleName}.tla`]: files.module.content },
    },
    () =>
      javaCommand(jar, sim.name, 1, [
        '-simulate',
        `num=${o.simulate}`,
        '-continue',
        '-depth',
        String(o.depth),
        '-seed',
        String(o.seed),
      ]),
    undefined,
    undefined,
    { track },
  );
  const behaviours = tlcBehaviours(ir, run.messages);
  if (behaviours.length === 0)
    throw new TlcOutputError(
      `TLC's simulation printed no behaviour (exit code ${run.exitCode})`,
      run.messages
        .filter((m) => m.severity > 0)
        .map((m) => m.text)
        .slice(0, 8),
    );
  const seen = new Set<string>();
  const distinct = behaviours.filter((b) => {
    const k = JSON.stringify(b);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  distinct.sort((a, b) => b.length - a.length);
  return distinct.slice(0, o.count).map((b, i) =>
    traceToItf(ir, b, {
      description: `TLC -simulate behaviour ${i + 1} (seed ${o.seed}, ${o.simulate} simulated, depth ${o.depth}), ${b.length - 1} steps`,
      kind: 'behaviour',
    }),
  );
}

/** Replaces the saved TLC simulation traces of a machine; returns the files written. Throws
 *  WriteFilesError (and changes nothing) when one cannot be written. */
export function writeSimulationTraces(
  root: string,
  ir: IrMachine,
  traces: readonly ItfTrace[],
  tla = DEFAULT_LAYOUT.tla,
): string[] {
  const names = traces.map((_, i) => `tlc-simulation-${i + 1}.itf.json`);
  writeFilesAtomically(
    root,
    traces.map((t, i) => ({
      path: `${tracesPath(ir, tla)}/${names[i]!}`,
      content: `${JSON.stringify(t, null, 2)}\n`,
    })),
  );
  // Older behaviours beyond the new count are no longer current.
  const dir = tracesDir(root, ir, tla);
  if (existsSync(dir))
    for (const f of readdirSync(dir))
      if (f.startsWith('tlc-simulation-') && !names.includes(f)) rmSync(join(dir, f));
  return names.map((n) => join(dir, n));
}

/** A counterexample in spec terms (check's result) as trace entries over model states. */
export function counterexampleEntries(ir: IrMachine, trace: Trace): TraceEntry[] {
  const layout = layoutOf(ir);
  return trace.steps.map((step) => {
    const s = slotsFrom(layout, (name) => step.state[name] ?? (name === 'version' ? 0 : null));
    return {
      action: step.action,
      event: step.event?.name ?? null,
      payload: step.event?.payload ?? {},
      state: s,
    };
  });
}

/** Saves a counterexample as a regression trace; returns the file written. */
export function saveCounterexample(
  root: string,
  ir: IrMachine,
  property: string,
  checker: string,
  trace: Trace,
  tla = DEFAULT_LAYOUT.tla,
): string {
  const name = `counterexample-${property}.itf.json`;
  const itf = traceToItf(ir, counterexampleEntries(ir, trace), {
    description: `counterexample to ${property} found by ${checker}`,
    kind: 'counterexample',
    property,
  });
  writeFilesAtomically(root, [
    { path: `${tracesPath(ir, tla)}/${name}`, content: `${JSON.stringify(itf, null, 2)}\n` },
  ]);
  return join(tracesDir(root, ir, tla), name);
}
