// Reads TLC's state-graph dump (`-dump dot,actionlabels FILE`): nodes are labelled with the
// state as `/\ var = value` lines, edges with the action and its argument
// (`reattach_step([transport |-> TransportId1, ...])`, `Tick`, `Done`). States become the
// model's slot arrays and edges spec transitions with payloads, so the graph can be compared
// with the explorer's under one encoding.

import type { IrMachine } from '../lower/ir.ts';
import type { IrType } from '../lower/types.ts';
import { TlaNaming } from '../names/tla.ts';
import type { Layout } from '../semantics/compile.ts';
import { slotType, slotsFrom } from '../semantics/model.ts';
import type { Value } from '../semantics/values.ts';
import { parseTlaValue, tlaToValue, TlaValueError, type TlaValue } from './tla-value.ts';

export interface DotEdge {
  readonly from: string;
  readonly to: string;
  /** A spec transition name, `Tick`, or `Done` (the terminal stutter). */
  readonly action: string;
  /** Event fields by spec name; empty for Tick and Done. */
  readonly payload: Readonly<Record<string, Value>>;
}

export interface DotGraph {
  readonly states: ReadonlyMap<string, Value[]>;
  readonly edges: readonly DotEdge[];
}

export class DotError extends Error {
  override readonly name = 'DotError';
}

const unescape = (s: string): string =>
  s.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');

export function parseTlcDot(ir: IrMachine, layout: Layout, text: string): DotGraph {
  const naming = new TlaNaming(ir);
  const states = new Map<string, Value[]>();
  const edges: DotEdge[] = [];
  const node = /^(-?\d+) \[label="((?:[^"\\]|\\.)*)"/;
  const edge = /^(-?\d+) -> (-?\d+) \[label="((?:[^"\\]|\\.)*)"/;
  for (const line of text.split('\n')) {
    const e = edge.exec(line);
    if (e) {
      const label = unescape(e[3]!);
      const m = /^(\w+)(?:\((.*)\))?$/.exec(label);
      const action = m ? naming.action(m[1]!) : null;
      if (
        !m ||
        !action ||
        (action.kind === 'transition' && action.withPayload !== (m[2] !== undefined))
      )
        throw new DotError(`unreadable edge label '${label}'`);
      const payload: Record<string, Value> = {};
      if (m[2] !== undefined) {
        const arg = parse(m[2]);
        const empty =
          arg !== null && typeof arg === 'object' && 'tuple' in arg && arg.tuple.length === 0; // an event without fields
        if (!empty && (arg === null || typeof arg !== 'object' || !('record' in arg)))
          throw new DotError(`unreadable action argument '${m[2]}'`);
        if (!empty && arg !== null && typeof arg === 'object' && 'record' in arg)
          for (const [k, v] of Object.entries(arg.record)) payload[naming.specName(k)] = scalar(v);
      }
      edges.push({
        from: e[1]!,
        to: e[2]!,
        action:
          action.kind === 'clock' ? 'Tick' : action.kind === 'done' ? 'Done' : action.transition,
        payload,
      });
      continue;
    }
    const n = node.exec(line);
    if (!n || states.has(n[1]!)) continue;
    const vars = new Map<string, Value>();
    for (const l of unescape(n[2]!).split('\n')) {
      const kv = /^\/\\ (\w+) = (.*)$/.exec(l.trim());
      if (kv) {
        const name = naming.specName(kv[1]!);
        if (name === 'state' || name === 'version' || layout.slots.has(name))
          vars.set(name, typed(parse(kv[2]!), slotType(ir, name)));
      }
    }
    states.set(
      n[1]!,
      slotsFrom(layout, (v) => vars.get(v)),
    );
  }
  return { states, edges };
}

function parse(text: string): TlaValue {
  try {
    return parseTlaValue(text);
  } catch (error) {
    if (error instanceof TlaValueError) throw new DotError(error.message);
    throw error;
  }
}

function typed(v: TlaValue, t: IrType): Value {
  try {
    return tlaToValue(v, t);
  } catch (error) {
    if (error instanceof TlaValueError) throw new DotError(error.message);
    throw error;
  }
}

function scalar(v: TlaValue): Value {
  if (v !== null && typeof v === 'object' && !Array.isArray(v))
    throw new DotError('records and tuples are not state values');
  return v as Value;
}
