// The engine's transitions section: per transition its guard, its reasons, its take (the step
// and the checks simplify.ts leaves to run time), enabled() where read; and violation().

import { childrenOf, showTarget, type IrExpr } from '../lower/ir.ts';
import { holdsIdsOf, type IrType } from '../lower/types.ts';
import type { EngineContext } from './engine-context.ts';
import { triedCandidates } from './engine-dispatch.ts';
import { balanced, reads, wrapCall } from './printed-code.ts';
import { negate, specialiseStepChecks } from './simplify.ts';
import { tsExpr } from './ts-expr.ts';

/** Declares each transition's functions and constants, and violation, in `context.decls`. */
export function emitEngineTransitions(context: EngineContext): void {
  const {
    ir,
    names,
    M,
    Wide,
    field,
    param,
    eventType,
    use,
    domain,
    ctx,
    next,
    stepCtx,
    inTransition,
    slotFields,
    constant,
    fn,
  } = context;
  const enabledNeeded = new Set<string>();
  const collectEnabled = (e: IrExpr): void => {
    if (e.kind === 'enabled') enabledNeeded.add(e.transition);
    for (const c of childrenOf(e)) collectEnabled(c);
  };
  for (const i of ir.invariants) collectEnabled(i.expr);
  const guarded = new Set<string>(enabledNeeded);
  const reasoned = new Set<string>();
  for (const d of ir.dispatch) {
    const { names: tries, always } = triedCandidates(ir, d.candidates);
    for (const n of always ? tries.slice(0, -1) : tries) guarded.add(n);
    if (!always) for (const n of tries) reasoned.add(n);
  }
  for (const t of ir.transitions) {
    const ev = eventType(t.event);
    const tctx = inTransition(ctx, t);
    if (guarded.has(t.name))
      fn(names.guard(t.name), () => {
        const guard = t.requires.map(
          (r, i) => `if (!${wrapCall(tsExpr(r.cond, tctx))}) return ${i};`,
        );
        return {
          name: names.guard(t.name),
          docs: [
            `${ir.source}:${t.loc.line} — the index of the first failing require clause, or -1.`,
          ],
          parameters: [
            { name: reads('s', guard) ? 's' : '_s', type: Wide },
            { name: reads('e', guard) ? 'e' : '_e', type: ev },
            { name: reads('now', guard) ? 'now' : '_now', type: 'number' },
          ],
          returnType: 'number',
          statements: [...guard, 'return -1;'],
        };
      });
    if (reasoned.has(t.name))
      constant(
        names.reasons(t.name),
        `[${t.requires.map((r) => `'${r.reason}'`).join(', ')}] as const satisfies readonly ${M}RejectReason[]`,
      );
    fn(names.take(t.name), () => {
      const assigned = new Map(t.assignments.map((a) => [a.variable, tsExpr(a.value, tctx)]));
      // seed §10 / ir.ts rule 7, specialised to this transition (emit-ts/simplify.ts): the
      // ensures, invariants and step properties that do not hold by construction.
      // Each printed as the condition that makes the step a violation.
      const residual = new Map<string, string[]>();
      for (const c of specialiseStepChecks(ir, t)) {
        const code = c.onNext
          ? `!${wrapCall(tsExpr(c.onNext, c.kind === 'step' ? stepCtx : inTransition({ ...next, snapshots: ['n'] }, t)))}`
          : c.residual.kind === 'bool' && c.residual.value
            ? null
            : tsExpr(negate(c.residual), inTransition(stepCtx, t));
        if (code !== null) residual.set(code, [...(residual.get(code) ?? []), c.name]);
      }
      const body = [
        // seed §5 / ir.ts rule 6: every right side reads s; unassigned fields keep their values.
        `const n: ${Wide} = {\n  state: ${t.target === null ? 's.state' : `'${t.target}'`},\n  version: s.version + ${t.versionStep},\n  params: s.params,\n${slotFields.map((f) => `  ${field(f.name)}: ${assigned.get(f.name) ?? `s.${field(f.name)}`},`).join('\n')}\n};`,
        residual.size === 0
          ? '// Every ensure, invariant and step property holds by construction for this step.'
          : '// seed §10: the checks this step needs at runtime (the others hold by construction).',
        ...[...residual].map(
          ([code, names]) =>
            `if ${code.startsWith('(') && balanced(code.slice(1, -1)) ? code : `(${code})`} return ${use('violation')}(s, '${t.name}'); // ${names.join(', ')}`,
        ),
        `return { ok: true, snapshot: n as ${M}Snapshot, from: s.state, to: ${t.target === null ? 's.state' : `'${t.target}'`}, transition: '${t.name}', reason: '${t.reason}' };`,
      ];
      return {
        name: names.take(t.name),
        docs: [
          `${ir.source}:${t.loc.line} transition ${t.name}: ${t.sources.join(' | ')} -> ${showTarget(t)} on ${t.event}`,
        ],
        parameters: [
          { name: 's', type: `${M}Snapshot` },
          { name: reads('e', body) ? 'e' : '_e', type: ev },
          { name: reads('now', body) ? 'now' : '_now', type: 'number' },
        ],
        returnType: `${M}Outcome`,
        statements: body,
      };
    });
    if (enabledNeeded.has(t.name)) {
      const event = ir.events.find((x) => x.name === t.event)!;
      // Each field ranges over the ids in scope, the fields before it included (rule 8); one
      // with a model range is read by no require clause (TTH2020): any one value will do.
      // Each loop variable is the field's local (names/ts.ts): it shadows nothing the body reads.
      fn(names.enabled(t.name), () => ({
        name: names.enabled(t.name),
        docs: [`enabled(${t.name}): some ${t.event} payload passes every require clause.`],
        parameters: [
          { name: 's', type: Wide },
          { name: 'now', type: 'number' },
        ],
        returnType: 'boolean',
        statements: [
          `if (!(${t.sources.map((x) => `s.state === '${x}'`).join(' || ')})) return false;`,
          `${event.fields.map((f, i) => `for (const ${names.fieldLocal(f.name)} of ${f.model ? '[0]' : fieldDomain(f.type, event.fields.slice(0, i))}) `).join('')}if (${use(names.guard(t.name))}(s, { type: '${t.event}'${event.fields.map((f) => (names.fieldLocal(f.name) === names.eventField(f.name) ? `, ${names.fieldLocal(f.name)}` : `, ${names.eventField(f.name)}: ${names.fieldLocal(f.name)}`)).join('')} }, now) < 0) return true;`,
          'return false;',
        ],
      }));
    }
  }
  function fieldDomain(
    t: IrType,
    before: readonly { readonly name: string; readonly type: IrType }[],
  ): string {
    if (t.kind === 'nullable') return `[null, ...${fieldDomain(t.inner, before)}]`;
    if (t.kind === 'int' && t.range) {
      const b = (x: typeof t.range.lo): string =>
        x.kind === 'literal' ? String(x.value) : `s.params.${param(x.name)}`;
      return `${use('range')}(${b(t.range.lo)}, ${b(t.range.hi)})`;
    }
    if (t.kind === 'set') return `${use('subsets')}(${fieldDomain(t.element, before)})`;
    if (t.kind !== 'opaque') return domain(t, [], []);
    return domain(
      t,
      ['s'],
      before
        .filter((f) => holdsIdsOf(f.type, t.name))
        .map((f) =>
          f.type.kind === 'set' ? `...${names.fieldLocal(f.name)}` : names.fieldLocal(f.name),
        ),
    );
  }
  const target = ir.violationState;
  fn('violation', () => ({
    name: 'violation',
    docs: [
      target === null
        ? 'ir.ts rule 7 (`on violation -> reject`): a step that would break an ensure, invariant or step property is refused; seed §9: rejection must not mutate state.'
        : `seed §10: a step that would break an ensure, invariant or step property moves to ${target} instead, keeping the last consistent values.`,
    ],
    parameters: [
      { name: 's', type: `${M}Snapshot` },
      { name: target === null ? '_transition' : 'transition', type: 'string' },
    ],
    returnType: `${M}Outcome`,
    statements: [
      target === null
        ? `return { ok: false, snapshot: s, reason: 'INVARIANT_VIOLATION' };`
        : `return { ok: true, snapshot: { ...s, state: '${target}', version: s.version + 1 } as ${M}Snapshot, from: s.state, to: '${target}', transition, reason: 'INVARIANT_VIOLATION' };`,
    ],
  }));
}
