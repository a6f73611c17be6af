// The engine's dispatch section: dispatch(s, e, now), the IR's dispatch rule (ir.ts) as one
// switch per event and state over the candidate transitions' guards and takes.

import { OUT_OF_RANGE, hasParamBound, lastVersion, type IrMachine } from '../lower/ir.ts';
import type { IrBound, IrType } from '../lower/types.ts';
import type { EngineContext } from './engine-context.ts';
import { indent } from './printed-code.ts';

/** Declares the exported dispatch function in `context.decls`. */
export function emitEngineDispatch(context: EngineContext): void {
  const { ir, names, M, use, fn } = context;
  const terminal = ir.states.filter((s) => s.terminal).map((s) => s.name);
  const byEvent = new Map<string, IrMachine['dispatch']>();
  for (const d of ir.dispatch) byEvent.set(d.event, [...(byEvent.get(d.event) ?? []), d]);
  // ir.ts dispatch rule 3: (state, event) pairs with no candidate that a refusal names.
  const refusals = new Map<string, Map<string, string[]>>(); // event → reason → states
  for (const r of ir.refusals) {
    const reasons = refusals.get(r.event) ?? new Map<string, string[]>();
    reasons.set(r.reason, [...(reasons.get(r.reason) ?? []), r.state]);
    refusals.set(r.event, reasons);
  }
  fn(null, () => {
    const cases = ir.events
      .filter((e) => byEvent.has(e.name) || refusals.has(e.name))
      .map((e) => {
        // States with the same candidates share one body under several case labels.
        const groups = new Map<string, { states: string[]; candidates: readonly string[] }>();
        for (const d of byEvent.get(e.name) ?? []) {
          const key = d.candidates.join(' ');
          const g = groups.get(key) ?? { states: [], candidates: d.candidates };
          g.states.push(d.state);
          groups.set(key, g);
        }
        const states = [...groups.values()].map((group) => {
          const { names: order, always } = triedCandidates(ir, group.candidates);
          const d = { ...group, candidates: always ? order.slice(0, -1) : order };
          const tries = d.candidates.map(
            (c, i) =>
              `const f${i} = ${use(names.guard(c))}(s, e, now);\n    if (f${i} < 0) return ${use(names.take(c))}(s, e, now);`,
          );
          const reasons = always
            ? `return ${use(names.take(order.at(-1)!))}(s, e, now);`
            : d.candidates.length === 1
              ? `return { ok: false, snapshot: s, reason: ${use(names.reasons(d.candidates[0]!))}[f0]! };`
              : [
                  `let reason: ${M}RejectReason = ${use(names.reasons(d.candidates[0]!))}[f0]!;`,
                  'let furthest = f0;',
                  ...d.candidates
                    .slice(1)
                    .map(
                      (c, i) =>
                        `if (f${i + 1} > furthest) {\n      furthest = f${i + 1};\n      reason = ${use(names.reasons(c))}[f${i + 1}]!;\n    }`,
                    ),
                  'return { ok: false, snapshot: s, reason };',
                ].join('\n    ');
          return `${d.states.map((st) => `  case '${st}':`).join('\n')} {\n    ${[...tries, reasons].join('\n    ')}\n  }`;
        });
        for (const [reason, refused] of refusals.get(e.name) ?? [])
          states.push(
            `${refused.map((st) => `  case '${st}':`).join('\n')}\n    return { ok: false, snapshot: s, reason: '${reason}' }; // refused`,
          );
        return `case '${e.name}':\n  switch (s.state) {\n${indent(states.join('\n'), 2)}\n  }\n  break;`;
      });
    return {
      isExported: true,
      name: 'dispatch',
      docs: [
        'Applies an event at time `now` (milliseconds). Pure: the snapshot is never modified; a rejection returns the very same snapshot object.',
      ],
      parameters: [
        { name: 's', type: `${M}Snapshot` },
        { name: 'e', type: `${M}Event` },
        { name: 'now', type: 'number' },
      ],
      returnType: `${M}Outcome`,
      statements: [
        ...(terminal.length
          ? [
              `// Terminal states absorb every event.\nif (${terminal.map((t) => `s.state === '${t}'`).join(' || ')}) return { ok: false, snapshot: s, reason: 'TERMINATED' };`,
            ]
          : []),
        `// ir.ts dispatch rule 2: a version whose successor would not be exact (2^53 − 1 is the last\n// safe integer), or that is no version, takes no step; then seed §5, §9: a stale\n// expectedVersion is rejected. Both before any guard.\nif (!(s.version >= 0 && s.version <= ${lastVersion(ir)} && Number.isInteger(s.version))) return { ok: false, snapshot: s, reason: 'VERSION_EXHAUSTED' };`,
        "if (e.expectedVersion !== undefined && e.expectedVersion !== s.version) return { ok: false, snapshot: s, reason: 'VERSION_MISMATCH' };",
        ...outOfRangeChecks(context),
        `// The candidates for (state, event), in declaration order; the first enabled one is taken,\n// else the failing clause of the one that got furthest names the reason.\nswitch (e.type) {\n${indent(cases.join('\n'), 2)}\n}`,
        "return { ok: false, snapshot: s, reason: 'NO_TRANSITION' };",
      ],
    };
  });
}

/** ir.ts dispatch rule 2: an event field past a param bound of its range (which parseEvent,
 *  without the params, cannot check) is rejected with OUT_OF_RANGE, so that no step stores a
 *  value parseSnapshot would refuse. One statement per event that has such a field. */
function outOfRangeChecks(context: EngineContext): string[] {
  const { ir, names } = context;
  const bound = (b: IrBound): string =>
    b.kind === 'literal' ? String(b.value) : `s.params.${names.param(b.name)}`;
  // The condition that `v`, of type t, is out of range; `depth` names nested loop variables.
  const outside = (t: IrType, v: string, depth: number): string | null => {
    if (!hasParamBound(t)) return null;
    if (t.kind === 'nullable') return `(${v} !== null && ${outside(t.inner, v, depth)!})`;
    if (t.kind === 'set') {
      const x = `x${depth}`;
      return `[...${v}].some((${x}) => ${outside(t.element, x, depth + 1)!})`;
    }
    if (t.kind !== 'int' || t.range === null) return null;
    return `(${v} < ${bound(t.range.lo)} || ${v} > ${bound(t.range.hi)})`;
  };
  const checks = ir.events.flatMap((e) => {
    const conds = e.fields.flatMap((f) => {
      const c = outside(f.type, `e.${names.eventField(f.name)}`, 0);
      return c === null ? [] : [c];
    });
    return conds.length === 0
      ? []
      : [
          `if (e.type === '${e.name}' && (${conds.join(' || ')})) return { ok: false, snapshot: s, reason: '${OUT_OF_RANGE}' };`,
        ];
  });
  return checks.length === 0
    ? []
    : [
        `// ir.ts dispatch rule 2: a field past a param bound of its range (parseEvent cannot\n// check it without the params) takes no step, so none stores a value parseSnapshot refuses.\n${checks.join('\n')}`,
      ];
}

// The candidates dispatch tries for (state, event): up to the first without require
// clauses (always enabled, so the ones after it are never tried and no rejection follows).
// A clause `otherwise` added holds whenever dispatch gets to its candidate (the earlier ones
// failed), so a candidate with only such clauses is always taken too.
export function triedCandidates(
  ir: IrMachine,
  candidates: readonly string[],
): { names: string[]; always: boolean } {
  const list: string[] = [];
  for (const c of candidates) {
    list.push(c);
    if (ir.transitions.find((t) => t.name === c)!.requires.every((r) => r.otherwise === true))
      return { names: list, always: true };
  }
  return { names: list, always: false };
}
