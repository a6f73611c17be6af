// The race (race/model.ts) checked by TLC: the race module (race/tla.ts) beside the machine's,
// under check's limits when given (tlc/limits.ts), its result read into the race's result
// shape, its counterexample's states read back into race states and told by the same
// function as the explorer's (race/trace.ts).

import type { SearchLimits } from '../explore/explore.ts';
import type { PropertyKind } from '../explore/result.ts';
import type { IrMachine } from '../lower/ir.ts';
import type { IrType } from '../lower/types.ts';
import { TlaNaming } from '../names/tla.ts';
import { slotType, slotsFrom } from '../semantics/model.ts';
import type { Value } from '../semantics/values.ts';
import { runUnderLimits } from '../tlc/limits.ts';
import {
  describeExitCode,
  firstError,
  MSG,
  TlcOutputError,
  type TlcMessage,
} from '../tlc/parse-output.ts';
import { tlcFigures } from '../tlc/read-run.ts';
import type { TlcCommand, TrackTlc } from '../tlc/run.ts';
import { parseTlaValue, tlaToValue, TlaValueError, type TlaValue } from '../tlc/tla-value.ts';
import { RaceModel, type Pending, type RaceOptions, type RaceState } from './model.ts';
import { emitRace, type RaceTlaFiles } from './tla.ts';
import { raceResult, raceTrace, type RaceResult, type RaceViolation } from './trace.ts';

export async function checkRaceWithTlc(
  ir: IrMachine,
  options: RaceOptions,
  command: (modelDir: string, moduleName: string) => TlcCommand,
  onMessage: (m: TlcMessage) => void = () => {},
  limits: SearchLimits = {},
  track?: TrackTlc,
): Promise<RaceResult> {
  // Refuses a spec the race cannot be built for, before TLC runs (as the explorer does).
  const race = new RaceModel(ir, options);
  const files = emitRace(ir, options);
  const { run, stop } = await runUnderLimits(
    {
      moduleName: files.moduleName,
      tla: files.module,
      cfg: files.cfg,
      extra: { [`${files.machine.moduleName}.tla`]: files.machine.module.content },
    },
    command,
    onMessage,
    limits,
    track,
  );
  const figures = tlcFigures(run.messages);
  let violation: RaceViolation | null;
  try {
    violation = readViolation(ir, race, files, run.messages);
  } catch (error) {
    if (!(error instanceof TlaValueError)) throw error;
    throw new TlcOutputError(`cannot read TLC's trace: ${error.message}`, []);
  }
  if (!violation && !stop) {
    if (run.exitCode !== 0 || !run.messages.some((m) => m.code === MSG.success)) {
      const errors = run.messages
        .filter((m) => m.severity > 0 || m.code === MSG.general)
        .flatMap((m) => m.text.split('\n'));
      throw new TlcOutputError(
        run.messages.length === 0
          ? `TLC produced no output (exit code ${run.exitCode})`
          : describeExitCode(run.exitCode),
        (errors.length > 0 ? errors : run.stderr.split('\n').filter(Boolean)).slice(0, 15),
      );
    }
  }
  return raceResult(
    ir,
    'tlc',
    options,
    { distinctStates: figures.distinct, statesGenerated: figures.generated, depth: figures.depth },
    violation,
    stop,
  );
}

/** TLC's first violation, its trace read back into race states. */
function readViolation(
  ir: IrMachine,
  race: RaceModel,
  files: RaceTlaFiles,
  messages: readonly TlcMessage[],
): RaceViolation | null {
  const naming = new TlaNaming(ir);
  const error = firstError(messages);
  let found: { property: string; kind: PropertyKind; message: string } | null = null;
  for (const m of error) {
    let match: RegExpExecArray | null;
    if (
      (m.code === MSG.invariantViolated || m.code === MSG.invariantViolatedInitial) &&
      (match = /Invariant (\S+) is violated/.exec(m.text))
    ) {
      const property = naming.reportName(match[1]!);
      found = { property, kind: 'invariant', message: `invariant ${property} is violated` };
    } else if (
      m.code === MSG.actionPropertyViolated &&
      (match = /Action property (\S+) is violated/.exec(m.text))
    ) {
      const property = naming.reportName(match[1]!);
      found = { property, kind: 'step', message: `step property ${property} is violated` };
    } else if (m.code === MSG.deadlock)
      found = {
        property: 'Deadlock',
        kind: 'deadlock',
        message: 'deadlock: no handler can go on and the clock cannot tick',
      };
    if (found) break;
  }
  if (!found) return null;
  const states = error
    .filter((m) => m.code === MSG.statePrint || m.code === MSG.invariantViolatedInitial)
    .map((m) => readState(race, naming, files, m.text));
  const path = states;
  // The same message as the explorer's, where the explorer words it (race/model.ts).
  const last = path.at(-1);
  const before = path.at(-2);
  const worded =
    found.kind === 'step' && last && before
      ? race.storeFailures(before.stored, last.stored).find((f) => f.property === found.property)
      : undefined;
  return { ...found, message: worded?.message ?? found.message, trace: raceTrace(race, path) };
}

/** One state TLC printed (`/\ var = value` lines, a value maybe over several lines). */
function readState(
  race: RaceModel,
  naming: TlaNaming,
  files: RaceTlaFiles,
  text: string,
): RaceState {
  const assignments: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (/^\/\\ \w+ = /.test(line.trim())) assignments.push(line.trim());
    else if (assignments.length > 0 && line.trim())
      assignments[assignments.length - 1] += ` ${line.trim()}`;
  }
  const vars = new Map<string, TlaValue>();
  for (const a of assignments) {
    const kv = /^\/\\ (\w+) = ([\s\S]*)$/.exec(a);
    if (kv) vars.set(kv[1]!, parseTlaValue(kv[2]!));
  }
  const pending = vars.get(files.names.pending);
  if (!pending || typeof pending !== 'object' || pending === null || !('tuple' in pending))
    throw new TlcOutputError("cannot read a state of TLC's trace: it has no handlers", [text]);
  const snapshot = (record: Readonly<Record<string, TlaValue>>): Value[] => {
    const byName = new Map(Object.entries(record).map(([k, v]) => [naming.specName(k), v]));
    return slotsFrom(race.model.layout, (name) =>
      typed(byName.get(name) ?? null, slotType(race.model.ir, name)),
    );
  };
  const storedVars: Record<string, TlaValue> = {};
  for (const [k, v] of vars) if (k !== files.names.pending) storedVars[k] = v;
  return {
    stored: snapshot(storedVars),
    pending: pending.tuple.map((p): Pending =>
      p === files.names.idle
        ? 'idle'
        : p === files.names.stale
          ? 'stale'
          : typeof p === 'object' && p !== null && 'record' in p
            ? snapshot(p.record)
            : unreadable(p),
    ),
  };
}

function unreadable(p: TlaValue): never {
  throw new TlcOutputError("cannot read a handler in TLC's trace", [JSON.stringify(p)]);
}

/** A value TLC printed, read as the slot's type says (a map from any of its printed forms). */
function typed(v: TlaValue, t: IrType): Value {
  try {
    return tlaToValue(v, t);
  } catch (error) {
    if (error instanceof TlaValueError)
      throw new TlcOutputError(`cannot read a state of TLC's trace: ${error.message}`, []);
    throw error;
  }
}
