// Traces in one format, both ways between TLC and the engine. The format is the Informal
// Trace Format (ITF, Apalache ADR-015): `vars`, `states`, integers as {"#bigint": "n"}, sets
// as {"#set": [...]}, maps as {"#map": [[k, v], ...]}, sequences as JSON arrays, and the absent value as {"#unserializable": "Null"} (TLC's model value
// Null). Each state also carries, as Quint's model-based-testing traces do,
// `mbt::actionTaken` (the transition, "Tick" for the clock, "init" first) and
// `mbt::nondetPicks` (the event's fields). States are model states: times relative to now,
// version modulo 2, ids as the model's names.
//
// TLC → engine: `recordTlcTraces` runs TLC's simulation (-simulate, -continue, an invariant
// that fails at a depth, so each behaviour is printed with its actions) and keeps the
// longest distinct behaviours. Engine → TLC: `traceCheckModule` writes a TLA+ module that
// follows given traces through the spec's own actions; TLC reports a deadlock if a step is
// not a step of the model.

import type { IrMachine } from '../lower/ir.ts';
import { TlaNaming } from '../names/tla.ts';
import type { IrType } from '../lower/types.ts';
import { tlaString } from '../emit-tla/tla-expr.ts';
import { layoutOf, Model, slotNames, slotType } from '../semantics/model.ts';
import { isMapValue, isSeqValue, makeMap, makeSet, type Value } from '../semantics/values.ts';
import { readTrace, MSG, type TlcMessage } from '../tlc/parse-output.ts';

export type ItfValue =
  | boolean
  | string
  | { '#bigint': string }
  | { '#set': ItfValue[] }
  | { '#map': [ItfValue, ItfValue][] }
  | ItfValue[]
  | { '#unserializable': string }
  | { [field: string]: ItfValue };

export interface ItfState {
  readonly '#meta': { readonly index: number };
  readonly [name: string]: ItfValue | { readonly index: number };
}

export interface ItfTrace {
  readonly '#meta': {
    readonly format: 'ITF';
    readonly 'format-description': string;
    readonly source: string;
    readonly description: string;
    /** `behaviour`: every step must be replayed exactly. `counterexample`: a run that broke a
     *  property once; replaying its events must now keep every invariant. */
    readonly kind: 'behaviour' | 'counterexample';
    readonly property?: string;
  };
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
}

/** One step of a trace in Tether's terms. */
export interface TraceEntry {
  /** The transition, `Tick`, or null for the initial state. */
  readonly action: string | null;
  /** The event the transition took (null for Tick and the initial state): a counterexample
   *  is replayed by its events, even once the spec no longer has its transition. */
  readonly event: string | null;
  /** Event fields by spec name. */
  readonly payload: Readonly<Record<string, Value>>;
  /** The model state after the step. */
  readonly state: readonly Value[];
}

export const ACTION = 'mbt::actionTaken';
export const PICKS = 'mbt::nondetPicks';
/** Not in ITF or Quint: the event type of the step (Tether's own variable, ignored by others). */
export const EVENT = 'tether::event';

export class ItfError extends Error {
  override readonly name = 'ItfError';
}

function toItf(v: Value): ItfValue {
  if (v === null) return { '#unserializable': 'Null' };
  if (Array.isArray(v)) return { '#set': v.map(toItf) };
  if (isSeqValue(v)) return v.items.map(toItf);
  if (isMapValue(v))
    return { '#map': v.entries.map(([k, x]): [ItfValue, ItfValue] => [toItf(k), toItf(x)]) };
  if (typeof v === 'number') return { '#bigint': String(v) };
  return v as boolean | string;
}

function fromItf(v: unknown, where: string): Value {
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (Array.isArray(v)) return { items: v.map((x, i) => fromItf(x, `${where}[${i}]`)) };
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['#bigint'] === 'string' && /^-?\d+$/.test(o['#bigint']))
      return Number(o['#bigint']);
    if (Array.isArray(o['#set']))
      return makeSet(o['#set'].map((x, i) => fromItf(x, `${where}[${i}]`)));
    if (Array.isArray(o['#map']))
      return makeMap(
        o['#map'].map((pair, i): [Value, Value] => {
          if (!Array.isArray(pair) || pair.length !== 2)
            throw new ItfError(`${where}[${i}]: a map entry is a [key, value] pair`);
          return [fromItf(pair[0], `${where}[${i}][0]`), fromItf(pair[1], `${where}[${i}][1]`)];
        }),
      );
    if (o['#unserializable'] === 'Null') return null;
  }
  throw new ItfError(
    `${where}: not a value of a Tether model (${JSON.stringify(v)?.slice(0, 60)})`,
  );
}

export function traceToItf(
  ir: IrMachine,
  entries: readonly TraceEntry[],
  meta: Pick<ItfTrace['#meta'], 'description' | 'kind' | 'property'>,
): ItfTrace {
  const layout = layoutOf(ir);
  const names = slotNames(layout);
  return {
    '#meta': {
      format: 'ITF',
      'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html',
      source: ir.source,
      ...meta,
    },
    vars: [...names, ACTION, PICKS, EVENT],
    states: entries.map((e, index) => {
      const out: Record<string, ItfValue | { index: number }> = { '#meta': { index } };
      e.state.forEach((v, i) => (out[names[i]!] = toItf(v)));
      out[ACTION] = e.action ?? 'init';
      out[PICKS] = Object.fromEntries(Object.entries(e.payload).map(([k, v]) => [k, toItf(v)]));
      out[EVENT] = e.event ?? '';
      return out as ItfState;
    }),
  };
}

/** Reads an ITF trace of this machine (validating it), as trace entries. */
export function itfToTrace(
  ir: IrMachine,
  json: unknown,
  file: string,
): { meta: ItfTrace['#meta']; entries: TraceEntry[] } {
  const layout = layoutOf(ir);
  const names = slotNames(layout);
  if (json === null || typeof json !== 'object')
    throw new ItfError(`${file}: not an ITF trace (expected an object)`);
  const t = json as Record<string, unknown>;
  const meta = t['#meta'] as ItfTrace['#meta'] | undefined;
  if (!Array.isArray(t['states']) || !Array.isArray(t['vars']))
    throw new ItfError(`${file}: not an ITF trace (no vars or states)`);
  for (const n of names)
    if (!(t['vars'] as unknown[]).includes(n))
      throw new ItfError(`${file}: the trace has no variable '${n}' of machine ${ir.name}`);
  const entries = (t['states'] as unknown[]).map((raw, i) => {
    const s = raw as Record<string, unknown>;
    const where = `${file}: state ${i}`;
    const action = s[ACTION];
    if (typeof action !== 'string') throw new ItfError(`${where}: no ${ACTION}`);
    // The first state is the initial one ("init"): a later "init" is a transition's name.
    const initial = i === 0 && action === 'init';
    const transition = ir.transitions.find((x) => x.name === action);
    const recorded = typeof s[EVENT] === 'string' && s[EVENT] !== '' ? (s[EVENT] as string) : null;
    const event = initial || action === 'Tick' ? null : (recorded ?? transition?.event ?? null);
    if (
      !initial &&
      action !== 'Tick' &&
      !transition &&
      (meta?.kind !== 'counterexample' || event === null)
    )
      throw new ItfError(`${where}: unknown action '${action}'`);
    if (event !== null && !ir.events.some((x) => x.name === event))
      throw new ItfError(`${where}: unknown event '${event}'`);
    const picks = (s[PICKS] ?? {}) as Record<string, unknown>;
    return {
      action: initial ? null : action,
      event,
      payload: Object.fromEntries(
        Object.entries(picks).map(([k, v]) => [k, fromItf(v, `${where}.${k}`)]),
      ),
      state: names.map((n) => fromItf(s[n], `${where}.${n}`)),
    };
  });
  return {
    meta: meta ?? {
      format: 'ITF',
      'format-description': '',
      source: file,
      description: '',
      kind: 'behaviour',
    },
    entries,
  };
}

/** The behaviours a TLC simulation printed (-tool, -continue), as trace entries. */
export function tlcBehaviours(ir: IrMachine, messages: readonly TlcMessage[]): TraceEntry[][] {
  const model = new Model(ir);
  const naming = new TlaNaming(ir);
  const groups: TlcMessage[][] = [];
  for (const m of messages) {
    if (m.code === MSG.behaviourHeader) groups.push([]);
    else if (m.code === MSG.statePrint) groups.at(-1)?.push(m);
  }
  return groups.map((g) => {
    const { trace, states } = readTrace(ir, model, g, naming);
    // The first state is TLC's Init.
    return trace.steps.map((step, i) => ({
      action: i === 0 ? null : step.action,
      event: i === 0 ? null : (step.event?.name ?? null),
      payload: step.event?.payload ?? {},
      state: states[i]!,
    }));
  });
}

/** The module and cfg that make TLC run a simulation printing each behaviour. */
export function simulationModule(
  ir: IrMachine,
  cfg: string,
  depth: number,
): { name: string; tla: string; cfg: string } {
  const main = new TlaNaming(ir).module;
  const name = `${main}Simulation`;
  const tla = [
    `---- MODULE ${name} ----`,
    `EXTENDS ${main}, TLC`,
    `\\* Fails at depth ${depth}, so TLC prints each simulated behaviour.`,
    `TraceDepthReached == TLCGet("level") < ${depth}`,
    '====',
  ].join('\n');
  const body = cfg
    .replace(/^INVARIANTS\n(?:  .*\n)*/m, '')
    .replace(/^PROPERTIES\n(?:  .*\n)*/m, '');
  return { name, tla: `${tla}\n`, cfg: `${body}\nINVARIANT TraceDepthReached\n` };
}

/**
 * A TLA+ module that follows the given traces through the spec's actions: each step must be
 * the named action with its payload and land exactly on the trace's next state. TLC
 * explores it; a deadlock means some step is not a step of the model (tr_k, tr_i say where).
 * Its names are the main module's (names/tla.ts); each model value it mentions gets a
 * constant of its own, allocated there too, that the cfg binds to the model value.
 */
export function traceCheckModule(
  ir: IrMachine,
  traces: readonly (readonly TraceEntry[])[],
  cfg: string,
): { name: string; tla: string; cfg: string } {
  const naming = new TlaNaming(ir);
  const layout = layoutOf(ir);
  const slots = slotNames(layout);
  const names = slots.map((n) => (n === 'state' || n === 'version' ? n : naming.name(n)));
  const slotTypes = slots.map((n) => slotType(ir, n));
  // Model value → the constant that stands for it (the checker types values: only ids are model values).
  const ids = new Map<string, string>();
  const id = (v: string): string =>
    ids.get(v) ?? (ids.set(v, naming.fresh(`tr_${v}`)), ids.get(v)!);
  const value = (v: Value, t: IrType): string => {
    if (v === null) return 'Null';
    const inner = t.kind === 'nullable' ? t.inner : t;
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (typeof v === 'number') return v < 0 ? `(${v})` : String(v);
    if (typeof v === 'string') return inner.kind === 'opaque' ? id(v) : tlaString(v);
    if (isSeqValue(v)) {
      const element = inner.kind === 'seq' ? inner.element : inner;
      return `<<${v.items.map((x) => value(x, element)).join(', ')}>>`;
    }
    if (isMapValue(v)) {
      if (inner.kind !== 'map') throw new Error('internal: a map value of a type that is no map');
      const k = naming.bind('k', []);
      const keys = v.entries.map(([key]) => value(key, inner.key));
      const cases = v.entries.map(([, x], i) => `${k} = ${keys[i]} -> ${value(x, inner.value)}`);
      return cases.length === 0
        ? `[${k} \\in {} |-> Null]`
        : `[${k} \\in {${keys.join(', ')}} |-> CASE ${cases.join(' [] ')}]`;
    }
    return `{${v.map((x) => value(x, inner.kind === 'set' ? inner.element : inner)).join(', ')}}`;
  };
  const record = (s: readonly Value[]): string =>
    `[${names.map((n, i) => `${n} |-> ${value(s[i]!, slotTypes[i]!)}`).join(', ')}]`;
  const payload = (e: TraceEntry): string => {
    const fields = ir.events.find((x) => x.name === e.event)?.fields ?? [];
    const known = fields.filter((f) => f.name in e.payload);
    return known.length === 0
      ? '<<>>'
      : `[${known.map((f) => `${naming.field(f.name)} |-> ${value(e.payload[f.name]!, f.type)}`).join(', ')}]`;
  };
  const statesT = traces.map((t) => `<<${t.map((e) => record(e.state)).join(',\n    ')}>>`);
  const actionsT = traces.map(
    (t) =>
      `<<${t
        .slice(1)
        .map((e) => `[name |-> ${tlaString(e.action ?? 'init')}, arg |-> ${payload(e)}]`)
        .join(',\n    ')}>>`,
  );
  const match = (primed: boolean): string =>
    names.map((n) => `${n}${primed ? "'" : ''} = tr_s.${n}`).join(' /\\ ');
  const name = `${naming.module}TraceCheck`;
  const idList = [...ids].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const tla = [
    `---- MODULE ${name} ----`,
    `EXTENDS ${naming.module}, Sequences, TLC`,
    ...(idList.length > 0 ? [`CONSTANTS ${idList.map(([, c]) => c).join(', ')}`] : []),
    'VARIABLES tr_k, tr_i',
    `TraceStates == <<${statesT.join(',\n  ')}>>`,
    `TraceActions == <<${actionsT.join(',\n  ')}>>`,
    `Is(tr_s) == ${match(false)}`,
    `IsNext(tr_s) == ${match(true)}`,
    'TraceStep(tr_a) ==',
    '  CASE tr_a.name = "Tick" -> Tick',
    // the clock is "Tick" (a transition cannot be named so: TTH1012)
    ...ir.transitions.map(
      (t) => `    [] tr_a.name = ${tlaString(t.name)} -> ${naming.step(t.name)}(tr_a.arg)`,
    ),
    '    [] OTHER -> FALSE',
    'TraceInit == tr_k \\in 1..Len(TraceStates) /\\ tr_i = 1 /\\ Init /\\ Is(TraceStates[tr_k][1])',
    'TraceNext ==',
    '  \\/ /\\ tr_i < Len(TraceStates[tr_k])',
    '     /\\ TraceStep(TraceActions[tr_k][tr_i])',
    '     /\\ IsNext(TraceStates[tr_k][tr_i + 1])',
    "     /\\ tr_i' = tr_i + 1 /\\ tr_k' = tr_k",
    '  \\* the end of a trace: stutter (not a deadlock)',
    '  \\/ tr_i = Len(TraceStates[tr_k]) /\\ UNCHANGED <<tr_k, tr_i, vars>>',
    '====',
  ].join('\n');
  const constants = /^CONSTANTS\n((?:  .*\n)*)/m.exec(cfg)?.[1] ?? '';
  const cfgText = [
    'CONSTANTS',
    constants.trimEnd(),
    ...idList.map(([v, c]) => `  ${c} = ${v}`),
    'INIT TraceInit',
    'NEXT TraceNext',
    '',
  ].join('\n');
  return { name, tla: `${tla}\n`, cfg: cfgText };
}
