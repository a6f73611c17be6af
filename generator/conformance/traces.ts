// Traces, both ways between the engine and the model: saved ITF traces (tla/traces/,
// recorded by `tether traces`) replayed on the engine, and random engine runs exported as
// ITF for TLC to follow through the spec's actions.

import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { MSG } from '../tlc/parse-output.ts';
import { javaCommand, runTlc } from '../tlc/run.ts';
import type { EngineAdapter, EngineSnapshot } from './adapter.ts';
import { Run, step } from './commands.ts';
import { showModelState } from './graph.ts';
import { itfToTrace, traceCheckModule, traceToItf, type TraceEntry } from './itf.ts';
import { START_TIME } from './plan.ts';
import type { TlaModule } from './tla-module.ts';

/** The saved traces (ITF files) in `dir`, sorted. */
export function savedTraces(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.itf.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** Replays every saved trace on the engine: a behaviour step by step onto the same model
 *  states; a counterexample's events keeping every invariant (a regression test). */
export function replaySavedTraces<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  dir: string,
): number {
  const files = savedTraces(dir);
  if (files.length === 0)
    console.warn(
      `\n  NOTICE: no saved traces in ${dir}: record some with \`tether traces ${a.ir.source}\` (needs TLC).\n`,
    );
  for (const file of files) {
    const { meta, entries } = itfToTrace(
      a.ir,
      JSON.parse(readFileSync(file, 'utf8')) as unknown,
      file,
    );
    if (meta.kind === 'counterexample') replayCounterexample(a, entries, file);
    else replayBehaviour(a, entries, file);
  }
  return files.length;
}

export function replayBehaviour<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  entries: readonly TraceEntry[],
  file: string,
): void {
  const g = a.graph;
  const first = entries[0];
  if (!first) throw new Error(`${file}: an empty trace`);
  let s = a.create(a.startOf(first.state));
  let now = START_TIME;
  expect(showModelState(g, a.abstract(s, now)), `${file}: the initial state`).toBe(
    showModelState(g, first.state),
  );
  entries.slice(1).forEach((entry, i) => {
    const where = `${file}: step ${i + 1} (${entry.action})`;
    if (entry.action === 'Tick') now++;
    else {
      const e = a.traceEvent(entry, file);
      const o = a.engine.dispatch(s, e, now);
      expect(
        o.ok ? `accepted by ${o.transition}` : `rejected ${o.reason}`,
        `${where}: ${a.showEvent(e)} in ${a.showSnapshot(s, now)}`,
      ).toBe(`accepted by ${entry.action}`);
      s = o.snapshot;
    }
    expect(showModelState(g, a.abstract(s, now)), `${where}: the state after the step`).toBe(
      showModelState(g, entry.state),
    );
  });
}

export function replayCounterexample<
  S extends EngineSnapshot,
  E extends { readonly type: string },
  I,
>(a: EngineAdapter<S, E, I>, entries: readonly TraceEntry[], file: string): void {
  const run = new Run(a);
  for (const entry of entries.slice(1)) {
    if (entry.action === 'Tick') {
      run.now++;
      continue;
    }
    const o = step(a, run, a.traceEvent(entry, file));
    expect(o.reason, `${file}: ${entry.action}`).not.toBe('INVARIANT_VIOLATION');
  }
}

/** Random runs of the engine (guided: every step is an accepted event or time passing), as
 *  traces of model states. Reproducible from the seed. */
export function engineTraces<S extends EngineSnapshot, E extends { readonly type: string }, I>(
  a: EngineAdapter<S, E, I>,
  count: number,
  length: number,
  seed: number,
): TraceEntry[][] {
  const random = mulberry32(seed);
  const model = a.graph.model;
  const terminal = new Set(a.ir.states.filter((x) => x.terminal).map((x) => x.name));
  const traces: TraceEntry[][] = [];
  for (let k = 0; k < count; k++) {
    let s = a.create0();
    let now = START_TIME;
    const entries: TraceEntry[] = [
      { action: null, event: null, payload: {}, state: a.abstract(s, now) },
    ];
    for (let i = 0; i < length && !terminal.has(s.state); i++) {
      const moves: { weight: number; go: () => TraceEntry }[] = [];
      const here = a.graph.key(a.abstract(s, now));
      if (a.graph.key(a.abstract(s, now + 1)) !== here)
        moves.push({
          weight: 4,
          go: () => ({
            action: 'Tick',
            event: null,
            payload: {},
            state: a.abstract(s, ++now),
          }),
        });
      a.ir.events.forEach((decl, ev) => {
        for (const payload of model.eventPayloads(ev)) {
          const o = a.engine.dispatch(s, a.engineEvent(ev, payload), now);
          if (!o.ok) continue;
          moves.push({
            weight: terminal.has(o.to) ? 0.05 : 1,
            go: () => {
              s = o.snapshot;
              return {
                action: o.transition,
                event: decl.name,
                payload: Object.fromEntries(decl.fields.map((f, j) => [f.name, payload[j]!])),
                state: a.abstract(s, now),
              };
            },
          });
        }
      });
      if (moves.length === 0) break;
      let r = random() * moves.reduce((a, m) => a + m.weight, 0);
      const move = moves.find((m) => (r -= m.weight) < 0) ?? moves[moves.length - 1]!;
      entries.push(move.go());
    }
    traces.push(entries);
  }
  return traces;
}

/** Random engine runs, exported as ITF, are behaviours of the TLA+ model: TLC follows each
 *  through the spec's actions (traceCheckModule). On a failure the traces are kept on disk. */
export async function expectTlcAcceptsEngineTraces<
  S extends EngineSnapshot,
  E extends { readonly type: string },
  I,
>(
  a: EngineAdapter<S, E, I>,
  jar: string,
  files: TlaModule,
  count = 20,
  length = 30,
): Promise<number> {
  const seed =
    process.env['TETHER_SEED'] !== undefined
      ? Number(process.env['TETHER_SEED'])
      : Math.floor(Math.random() * 0x7fffffff);
  console.log(
    `${a.ir.name} engine traces for TLC: ${count} runs of up to ${length} steps, seed ${seed} (replay: TETHER_SEED=${seed})`,
  );
  const traces = engineTraces(a, count, length, seed);
  const check = traceCheckModule(a.ir, traces, files.cfg);
  const run = await runTlc(
    {
      moduleName: check.name,
      tla: check.tla,
      cfg: check.cfg,
      extra: { [`${files.moduleName}.tla`]: files.module },
    },
    () => javaCommand(jar, check.name, 1),
  );
  if (run.exitCode !== 0) {
    const dir = mkdtempSync(join(tmpdir(), 'tether-engine-traces-'));
    traces.forEach((t, i) =>
      writeFileSync(
        join(dir, `engine-${i + 1}.itf.json`),
        `${JSON.stringify(traceToItf(a.ir, t, { description: `engine run ${i + 1}, seed ${seed}`, kind: 'behaviour' }), null, 2)}\n`,
      ),
    );
    const last = [...run.messages].reverse().find((m) => m.code === MSG.statePrint)?.text ?? '';
    const k = /tr_k = (\d+)/.exec(last)?.[1];
    const i = /tr_i = (\d+)/.exec(last)?.[1];
    const detail = run.messages
      .filter((m) => m.severity > 0)
      .map((m) => m.text)
      .join('\n')
      .slice(0, 1500);
    throw new Error(
      `TLC did not accept the engine traces (exit ${run.exitCode}): ${k && i ? `trace ${k} (${dir}/engine-${k}.itf.json), step ${i} -> ${Number(i) + 1} is not a step of the model` : detail}`,
    );
  }
  return traces.length;
}

/** A small seeded PRNG (mulberry32), so engine traces are reproducible from a seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
