// The engine's metadata section: the exported <machine>Machine constant, the machine's
// states, events, transitions and params as plain data (types spelled as in the spec).

import type { IrType } from '../lower/types.ts';
import type { EngineContext } from './engine-context.ts';

/** Declares the exported metadata constant in `context.decls`. */
export function emitEngineMetadata(context: EngineContext): void {
  const { ir, names, m, param, constant } = context;
  constant(
    `${m}Machine`,
    JSON.stringify(
      {
        name: ir.name,
        source: ir.source,
        initialState: ir.initialState,
        violationState: ir.violationState,
        states: ir.states.map((s) => ({ name: s.name, initial: s.initial, terminal: s.terminal })),
        events: ir.events.map((e) => ({
          name: e.name,
          fields: e.fields.map((f) => ({
            name: names.eventField(f.name),
            type: showTypeName(f.type),
          })),
        })),
        transitions: ir.transitions.map((t) => ({
          name: t.name,
          sources: t.sources,
          target: t.target,
          event: t.event,
          reason: t.reason,
          rejects: t.requires.map((r) => r.reason),
        })),
        params: ir.params.map((p) => ({
          name: param(p.name),
          type: showTypeName(p.type),
          modelValue: p.modelValue,
        })),
      },
      null,
      2,
    ) + ' as const',
    true,
  );
}

function showTypeName(t: IrType): string {
  switch (t.kind) {
    case 'nullable':
      return `${showTypeName(t.inner)}?`;
    case 'set':
      return `set<${showTypeName(t.element)}>`;
    case 'int':
      return t.range
        ? `${t.range.lo.kind === 'literal' ? t.range.lo.value : t.range.lo.name}..${t.range.hi.kind === 'literal' ? t.range.hi.value : t.range.hi.name}`
        : 'Int';
    case 'enum':
    case 'opaque':
      return t.name;
    default:
      return t.kind === 'bool'
        ? 'Bool'
        : t.kind === 'duration'
          ? 'Duration'
          : t.kind === 'time'
            ? 'Time'
            : t.kind;
  }
}
