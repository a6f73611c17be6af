// The engine's types section: the branded ids, enums, state and reason unions, params, events,
// snapshots narrowed per state where the invariants make a field exact, outcome and init.

import type { IrExpr, IrMachine } from '../lower/ir.ts';
import type { EngineContext } from './engine-context.ts';

/** Adds the engine's exported types (and the internal wide snapshot) to `context.out`. */
export function emitEngineTypes(context: EngineContext): void {
  const { ir, names, M, Wide, field, param, eventType, stateType, tsType, out, slotFields } =
    context;
  for (const t of ir.types)
    out.addTypeAlias({
      isExported: true,
      name: t.name,
      type: `string & { readonly __brand: '${t.name}' }`,
      docs: [`An opaque ${t.name} (a branded string).`],
    });
  for (const t of ir.types)
    out.addFunction({
      isExported: true,
      name: names.brand(t.name),
      parameters: [{ name: 'value', type: 'string' }],
      returnType: t.name,
      docs: [`Brands a string as a ${t.name} (parseEvent does this for untrusted input).`],
      statements: [`return value as ${t.name};`],
    });
  for (const e of ir.enums)
    out.addTypeAlias({
      isExported: true,
      name: e.name,
      type: e.members.map((x) => `'${x}'`).join(' | '),
    });
  out.addTypeAlias({
    isExported: true,
    name: `${M}StateName`,
    type: ir.states.map((s) => `'${s.name}'`).join(' | '),
  });
  out.addTypeAlias({
    isExported: true,
    name: `${M}TransitionReason`,
    // None: a machine with no transitions under `on violation -> reject` accepts nothing.
    type: ir.acceptReasons.map((r) => `'${r}'`).join(' | ') || 'never',
    docs: ['Why a transition happened.'],
  });
  out.addTypeAlias({
    isExported: true,
    name: `${M}RejectReason`,
    type: ir.rejectReasons.map((r) => `'${r}'`).join(' | '),
    docs: ['Why an event was rejected.'],
  });
  out.addInterface({
    isExported: true,
    name: `${M}Params`,
    docs: ['Runtime values of the params (durations in milliseconds).'],
    properties: ir.params.map((p) => ({
      name: param(p.name),
      type: tsType(p.type),
      isReadonly: true,
    })),
  });
  for (const e of ir.events)
    out.addInterface({
      isExported: true,
      name: eventType(e.name),
      properties: [
        { name: 'type', type: `'${e.name}'`, isReadonly: true },
        ...e.fields.map((f) => ({
          name: names.eventField(f.name),
          type: tsType(f.type),
          isReadonly: true,
        })),
        {
          name: 'expectedVersion',
          type: 'number',
          isReadonly: true,
          hasQuestionToken: true,
          docs: [
            'If present and not the current version, the event is rejected (VERSION_MISMATCH).',
          ],
        },
      ],
    });
  out.addTypeAlias({
    isExported: true,
    name: `${M}Event`,
    type: ir.events.map((e) => eventType(e.name)).join(' | '),
  });

  const narrowing = stateNarrowing(ir);
  const wideProps = [
    { name: 'version', type: 'number', isReadonly: true },
    { name: 'params', type: `${M}Params`, isReadonly: true },
    ...slotFields.map((f) => ({ name: field(f.name), type: tsType(f.type), isReadonly: true })),
  ];
  for (const s of ir.states)
    out.addInterface({
      isExported: true,
      name: stateType(s.name),
      properties: [
        { name: 'state', type: `'${s.name}'`, isReadonly: true },
        ...wideProps.map((p) => {
          const spec = slotFields.find((f) => field(f.name) === p.name);
          const n = spec ? narrowing.get(s.name)?.get(spec.name) : undefined;
          if (!spec || !n || spec.type.kind !== 'nullable') return p;
          return { ...p, type: n === 'null' ? 'null' : tsType(spec.type.inner) };
        }),
      ],
    });
  out.addTypeAlias({
    isExported: true,
    name: `${M}Snapshot`,
    type: ir.states.map((s) => stateType(s.name)).join(' | '),
    docs: ['A snapshot, narrowed per state where the invariants make a field exact.'],
  });
  out.addInterface({
    name: Wide,
    docs: ['Any snapshot, before the invariants are checked (internal).'],
    properties: [{ name: 'state', type: `${M}StateName`, isReadonly: true }, ...wideProps],
  });
  out.addTypeAlias({
    isExported: true,
    name: `${M}Outcome`,
    type: `{ readonly ok: true; readonly snapshot: ${M}Snapshot; readonly from: ${M}StateName; readonly to: ${M}StateName; readonly transition: string; readonly reason: ${M}TransitionReason } | { readonly ok: false; readonly snapshot: ${M}Snapshot; readonly reason: ${M}RejectReason }`,
  });
  out.addInterface({
    isExported: true,
    name: `${M}Init`,
    properties: [
      ...ir.consts.map((c) => ({ name: field(c.name), type: tsType(c.type), isReadonly: true })),
      { name: 'params', type: `${M}Params`, isReadonly: true },
      {
        name: 'now',
        type: 'number',
        isReadonly: true,
        docs: ['The creation time (milliseconds).'],
      },
    ],
  });
}

type Narrowing = Map<string, Map<string, 'nonnull' | 'null'>>;

/** Per state, the nullable variables the invariants make exact (see README: narrowing). */
export function stateNarrowing(ir: IrMachine): Narrowing {
  const out: Narrowing = new Map(ir.states.map((s) => [s.name, new Map()]));
  const allStates = ir.states.map((s) => s.name);
  const stateSet = (e: IrExpr): string[] | null => {
    if (e.kind !== 'binary' || e.left.kind !== 'state' || e.left.primed) return null;
    if (e.op === '==' && e.right.kind === 'stateLit') return [e.right.name];
    if (
      e.op === 'in' &&
      e.right.kind === 'setLit' &&
      e.right.elements.every((x) => x.kind === 'stateLit')
    )
      return e.right.elements.map((x) => (x as { name: string }).name);
    return null;
  };
  const nullTest = (e: IrExpr): { variable: string; nonNull: boolean } | null => {
    if (
      e.kind !== 'binary' ||
      (e.op !== '!=' && e.op !== '==') ||
      e.right.kind !== 'null' ||
      e.left.kind !== 'var' ||
      e.left.primed
    )
      return null;
    return { variable: e.left.name, nonNull: e.op === '!=' };
  };
  const set = (states: readonly string[], variable: string, v: 'nonnull' | 'null'): void => {
    for (const s of states) if (s !== ir.violationState) out.get(s)!.set(variable, v);
  };
  const flip = (v: 'nonnull' | 'null'): 'nonnull' | 'null' =>
    v === 'nonnull' ? 'null' : 'nonnull';
  const visit = (e: IrExpr): void => {
    if (e.kind === 'binary' && e.op === 'and') {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (e.kind !== 'binary') return;
    if (e.op === '==') {
      const [sides, test] = stateSet(e.left)
        ? [stateSet(e.left), nullTest(e.right)]
        : [stateSet(e.right), nullTest(e.left)];
      if (sides && test) {
        const v = test.nonNull ? 'nonnull' : 'null';
        set(sides, test.variable, v);
        set(
          allStates.filter((s) => !sides.includes(s)),
          test.variable,
          flip(v),
        );
      }
    } else if (e.op === '=>') {
      const sides = stateSet(e.left);
      const test = nullTest(e.right);
      if (sides && test) set(sides, test.variable, test.nonNull ? 'nonnull' : 'null');
      const back = nullTest(e.left);
      const into = stateSet(e.right);
      if (back && into)
        set(
          allStates.filter((s) => !into.includes(s)),
          back.variable,
          back.nonNull ? 'null' : 'nonnull',
        );
    }
  };
  for (const inv of ir.invariants) visit(inv.expr);
  return out;
}
