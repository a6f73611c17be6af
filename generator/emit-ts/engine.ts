// IR → generated/<machine>.ts: the typed transition engine, built with ts-morph from
// declaration structures. It implements the IR's dispatch rule (generator/lower/ir.ts) and
// nothing else: pure functions over immutable snapshots, no clock reads, no I/O, no throws
// for behavioural reasons. The module is standalone (no import of Tether).

import { Project, VariableDeclarationKind, type SourceFile } from 'ts-morph';
import { childrenOf, lastVersion, someNode, type IrExpr, type IrMachine } from '../lower/ir.ts';
import { holdsIdsOf, type IrType } from '../lower/types.ts';
import { TsNaming } from '../names/ts.ts';
import { HELPER_NAMES, HELPER_TEXT, helperUses, isConstantHelper } from './helpers.ts';
import { negate, specialiseStepChecks } from './simplify.ts';
import { tsExpr, type TsContext } from './ts-expr.ts';

export interface EmittedEngine {
  readonly path: string;
  readonly content: string;
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

export function emitEngine(ir: IrMachine, dir = 'generated'): EmittedEngine {
  // Every name of the engine comes from one table (names/ts.ts): spec-derived names the
  // checker made distinct, the engine's own allocated around them.
  const names = new TsNaming(ir);
  const { M, m, wide: Wide } = names;
  const field = (n: string): string => names.field(n);
  const param = (n: string): string => names.param(n);
  const eventType = (name: string): string => names.eventType(name);
  const stateType = (name: string): string => names.stateType(name);

  const tsType = (t: IrType): string => {
    switch (t.kind) {
      case 'bool':
        return 'boolean';
      case 'int':
      case 'time':
      case 'duration':
        return 'number';
      case 'enum':
      case 'opaque':
        return t.name;
      case 'state':
        return `${M}StateName`;
      case 'set':
        return `ReadonlySet<${tsType(t.element)}>`;
      case 'nullable':
        return `${tsType(t.inner)} | null`;
      case 'null':
        return 'null';
      case 'unknown':
        return 'never';
      default: {
        const unreachable: never = t;
        return unreachable;
      }
    }
  };
  // What the code being printed uses of the engine's internal declarations and helpers,
  // recorded as it is printed: the engine holds those and no other (strict builds reject
  // unused code).
  const decls = new Declarations();
  const use = (name: string): string => {
    decls.need(name);
    return name;
  };
  const domain = (t: IrType, snapshots: readonly string[], more: readonly string[]): string =>
    t.kind === 'opaque'
      ? `${use(names.idsOf(t.name))}([${snapshots.join(', ')}], [${more.join(', ')}])`
      : t.kind === 'enum'
        ? use(names.enumValues(t.name))
        : t.kind === 'bool'
          ? '[false, true]'
          : use(names.statesConst);
  const slotTypes = new Map<string, IrType>(
    [...ir.consts, ...ir.vars].map((x) => [x.name, x.type]),
  );
  const slotType = (n: string): IrType => slotTypes.get(n) ?? { kind: 'unknown' };
  const ctx: TsContext = {
    field,
    param,
    slotType,
    eventField: (n) => names.eventField(n),
    enabled: (t) => use(names.enabled(t)),
    type: tsType,
    domain,
    nextState: false,
    need: use,
  };
  const next: TsContext = { ...ctx, nextState: true };
  const stepCtx: TsContext = { ...ctx, snapshots: ['s', 'n'] };
  const inTransition = (c: TsContext, t: IrMachine['transitions'][number]): TsContext => ({
    ...c,
    eventFields: ir.events.find((x) => x.name === t.event)!.fields,
  });
  const ex = (e: IrExpr): string => tsExpr(e, ctx);

  const project = new Project({ useInMemoryFileSystem: true });
  const out = new Appender(project);
  out.addStatements([
    `// Generated by \`tether generate\` from ${ir.source}. DO NOT EDIT:`,
    '// edit the spec and run `npm run generate`.',
    '//',
    `// The ${M} transition engine: pure functions over immutable snapshots. dispatch() never`,
    '// throws for a behavioural reason, reads no clock and does no I/O; a rejection returns the',
    '// very snapshot it was given.',
  ]);

  // ---- types ----
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
    type: ir.acceptReasons.map((r) => `'${r}'`).join(' | '),
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
  const slotFields = [
    ...ir.consts.map((c) => ({ name: c.name, type: c.type })),
    ...ir.vars.map((v) => ({ name: v.name, type: v.type })),
  ];
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

  // ---- constants and helpers ----
  // From here on each declaration is printed in `decls`, recording what its code needs, and
  // added (in this order) once it is known to be used.
  const constant = (name: string, init: string, exported = false): void =>
    decls.declare(exported ? null : name, () => () => {
      out.addVariableStatement({
        isExported: exported,
        declarationKind: VariableDeclarationKind.Const,
        declarations: [{ name, initializer: init }],
      });
    });
  /** A function: `print` prints its structure (what it needs recorded), `name` null if exported. */
  const fn = (name: string | null, print: () => Parameters<Adder['addFunction']>[0]): void =>
    decls.declare(name, () => {
      const structure = print();
      return () => void out.addFunction(structure);
    });
  /** Statements always emitted. */
  const statements = (print: () => string): void =>
    decls.declare(null, () => {
      const text = print();
      return () => void out.addStatements(text);
    });
  constant(names.statesConst, `[${ir.states.map((s) => `'${s.name}'`).join(', ')}] as const`);
  for (const e of ir.enums)
    constant(names.enumValues(e.name), `[${e.members.map((x) => `'${x}'`).join(', ')}] as const`);
  // The runtime helpers (helpers.ts), each using what the table says, added in one block:
  // those used, in the table's order, a blank line apart.
  for (const h of HELPER_NAMES)
    decls.declare(h, () => {
      for (const u of helperUses(h)) use(u);
      return () => {};
    });
  decls.declare(null, () => (used) => {
    const kept = HELPER_NAMES.filter((h) => used.has(h));
    if (kept.length === 0) return;
    // The block is spaced as ts-morph leaves a file it removed the unused helpers from (what
    // this emitter did before): a blank line before it, but one newline between two constants
    // (a constant before it, and the first helper a constant after the first helper is gone).
    const constantBefore =
      used.has(names.statesConst) || ir.enums.some((e) => used.has(names.enumValues(e.name)));
    const tight = kept[0] !== HELPER_NAMES[0] && isConstantHelper(kept[0]!) && constantBefore;
    out.addStatements(`${tight ? '' : '\n'}${kept.map((h) => HELPER_TEXT.get(h)!).join('\n\n')}\n`);
  });
  for (const t of ir.types) {
    const holders = slotFields.filter((f) => holdsIdsOf(f.type, t.name));
    fn(names.idsOf(t.name), () => ({
      name: names.idsOf(t.name),
      docs: [
        `What a quantifier over ${t.name} ranges over (ir.ts, rule 8): one ${t.name} that nothing in scope holds, then those`,
        'the snapshots and `more` (event fields, enclosing variables) hold; repeats are harmless. Ids are',
        'only compared, so these decide it for every id. An array, not a generator: V8 optimises array loops.',
      ],
      parameters: [
        { name: holders.length ? 'snapshots' : '_snapshots', type: `readonly ${Wide}[]` },
        { name: 'more', type: `readonly (${t.name} | null)[]` },
      ],
      returnType: `${t.name}[]`,
      statements: [
        `const ids: ${t.name}[] = [];`,
        'for (const x of more) if (x !== null) ids.push(x);',
        ...(holders.length
          ? [
              'for (const s of snapshots) {',
              ...holders.map((f) =>
                f.type.kind === 'set'
                  ? `  for (const x of s.${field(f.name)}) ids.push(x);`
                  : `  if (s.${field(f.name)} !== null) ids.push(s.${field(f.name)} as ${t.name});`,
              ),
              '}',
            ]
          : []),
        `ids.unshift(${use('freshAmong')}(ids));`,
        'return ids;',
      ],
    }));
  }

  // ---- create ----
  const initConsts = ir.consts.filter((c) =>
    ir.vars.some((v) => someNode(v.init, (x) => x.kind === 'const' && x.name === c.name)),
  );
  fn(null, () => {
    const inits = ir.vars.map((v) => ex(v.init));
    return {
      isExported: true,
      name: `create${M}`,
      parameters: [{ name: 'init', type: `${M}Init` }],
      returnType: `${M}Snapshot`,
      docs: [`The initial snapshot (state ${ir.initialState}, version 0).`],
      // An initial value reads the params, the consts (TTH2013) and the clock.
      statements: [
        ...(reads('s', inits)
          ? [
              `const s = { params: init.params${initConsts.map((c) => `, ${field(c.name)}: init.${field(c.name)}`).join('')} };`,
            ]
          : []),
        ...(reads('now', inits) ? ['const now = init.now;'] : []),
        `return {\n  state: '${ir.initialState}',\n  version: 0,\n  params: init.params,\n${ir.consts.map((c) => `  ${field(c.name)}: init.${field(c.name)},`).join('\n')}\n${ir.vars.map((v, i) => `  ${field(v.name)}: ${inits[i]},`).join('\n')}\n} as ${M}Snapshot;`,
      ],
    };
  });

  // ---- transitions ----
  const enabledNeeded = new Set<string>();
  const collectEnabled = (e: IrExpr): void => {
    if (e.kind === 'enabled') enabledNeeded.add(e.transition);
    for (const c of childrenOf(e)) collectEnabled(c);
  };
  for (const i of ir.invariants) collectEnabled(i.expr);
  // The candidates dispatch tries for (state, event): up to the first without require
  // clauses (always enabled, so the ones after it are never tried and no rejection follows).
  const tried = (candidates: readonly string[]): { names: string[]; always: boolean } => {
    const list: string[] = [];
    for (const c of candidates) {
      list.push(c);
      if (ir.transitions.find((t) => t.name === c)!.requires.length === 0)
        return { names: list, always: true };
    }
    return { names: list, always: false };
  };
  const guarded = new Set<string>(enabledNeeded);
  const reasoned = new Set<string>();
  for (const d of ir.dispatch) {
    const { names: tries, always } = tried(d.candidates);
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
        `const n: ${Wide} = {\n  state: '${t.target}',\n  version: s.version + ${t.versionStep},\n  params: s.params,\n${slotFields.map((f) => `  ${field(f.name)}: ${assigned.get(f.name) ?? `s.${field(f.name)}`},`).join('\n')}\n};`,
        residual.size === 0
          ? '// Every ensure, invariant and step property holds by construction for this step.'
          : '// seed §10: the checks this step needs at runtime (the others hold by construction).',
        ...[...residual].map(
          ([code, names]) =>
            `if ${code.startsWith('(') && balanced(code.slice(1, -1)) ? code : `(${code})`} return ${use('violation')}(s, '${t.name}'); // ${names.join(', ')}`,
        ),
        `return { ok: true, snapshot: n as ${M}Snapshot, from: s.state, to: '${t.target}', transition: '${t.name}', reason: '${t.reason}' };`,
      ];
      return {
        name: names.take(t.name),
        docs: [
          `${ir.source}:${t.loc.line} transition ${t.name}: ${t.sources.join(' | ')} -> ${t.target} on ${t.event}`,
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
      // Each field ranges over the ids in scope, the fields before it included (rule 8).
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
          `${event.fields.map((f, i) => `for (const ${names.fieldLocal(f.name)} of ${fieldDomain(f.type, event.fields.slice(0, i))})`).join(' ')} if (${use(names.guard(t.name))}(s, { type: '${t.event}'${event.fields.map((f) => (names.fieldLocal(f.name) === names.eventField(f.name) ? `, ${names.fieldLocal(f.name)}` : `, ${names.eventField(f.name)}: ${names.fieldLocal(f.name)}`)).join('')} }, now) < 0) return true;`,
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
  fn('violation', () => ({
    name: 'violation',
    docs: [
      `seed §10: a step that would break an ensure, invariant or step property moves to ${ir.violationState} instead, keeping the last consistent values.`,
    ],
    parameters: [
      { name: 's', type: `${M}Snapshot` },
      { name: 'transition', type: 'string' },
    ],
    returnType: `${M}Outcome`,
    statements: [
      `return { ok: true, snapshot: { ...s, state: '${ir.violationState}', version: s.version + 1 } as ${M}Snapshot, from: s.state, to: '${ir.violationState}', transition, reason: 'INVARIANT_VIOLATION' };`,
    ],
  }));

  // ---- dispatch ----
  const terminal = ir.states.filter((s) => s.terminal).map((s) => s.name);
  const byEvent = new Map<string, IrMachine['dispatch']>();
  for (const d of ir.dispatch) byEvent.set(d.event, [...(byEvent.get(d.event) ?? []), d]);
  fn(null, () => {
    const cases = ir.events
      .filter((e) => byEvent.has(e.name))
      .map((e) => {
        // States with the same candidates share one body under several case labels.
        const groups = new Map<string, { states: string[]; candidates: readonly string[] }>();
        for (const d of byEvent.get(e.name)!) {
          const key = d.candidates.join(' ');
          const g = groups.get(key) ?? { states: [], candidates: d.candidates };
          g.states.push(d.state);
          groups.set(key, g);
        }
        const states = [...groups.values()].map((group) => {
          const { names: order, always } = tried(group.candidates);
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
        return `case '${e.name}':\n  switch (s.state) {\n${states.join('\n')}\n  }\n  break;`;
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
        `// The candidates for (state, event), in declaration order; the first enabled one is taken,\n// else the failing clause of the one that got furthest names the reason.\nswitch (e.type) {\n${cases.join('\n')}\n}`,
        "return { ok: false, snapshot: s, reason: 'NO_TRANSITION' };",
      ],
    };
  });

  // ---- parseEvent ----
  statements(() => parseEventSource(ir, names, tsType, use));

  // ---- metadata and engine ----
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
  statements(() => engineClassSource(M));

  decls.addUsed();
  const file = project.createSourceFile(`${dir}/${m}.ts`, out.text());
  file.formatText({ indentSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });
  return { path: `${dir}/${m}.ts`, content: file.getFullText().replace(/\r\n/g, '\n') };
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

/** Whether generated code reads the local `name`: outside string literals and comments, not
 *  as a property (`e.now` is a field and `e: s.e` a key, not the local e; `...s.x` reads s). */
const reads = (name: string, lines: readonly string[]): boolean =>
  new RegExp(`(?<![.\\w$])${name}\\b(?!\\s*:)`).test(
    lines
      .map((l) =>
        l
          .replace(/\/\/.*$/gm, '')
          .replace(/'(?:[^'\\]|\\.)*'/g, "''")
          .replace(/\.\.\./g, ' '),
      )
      .join(' '),
  );
/** Whether the parentheses of a code snippet balance (so "(a) || (b)" is not taken for one group). */
const balanced = (code: string): boolean => {
  let depth = 0;
  for (const ch of code) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
};
const wrapCall = (code: string): string =>
  /^[\w.$]+(\(.*\))?$/.test(code) && !code.includes(' ') ? code : `(${code})`;

/** parseEvent and what it calls; `use` records the enum constants it reads. */
function parseEventSource(
  ir: IrMachine,
  names: TsNaming,
  tsType: (t: IrType) => string,
  use: (name: string) => string,
): string {
  const { M } = names;
  // The limits its checks read (only those: strict builds reject unused code).
  const limits = new Set<'MAX_ID_LENGTH' | 'MAX_SET_SIZE'>();
  const check = (t: IrType, v: string, path: string): string => {
    switch (t.kind) {
      case 'bool':
        return `if (typeof ${v} !== 'boolean') return fail(\`${path} must be true or false\`);`;
      case 'opaque':
        limits.add('MAX_ID_LENGTH');
        return `if (typeof ${v} !== 'string' || ${v}.length === 0 || ${v}.length > MAX_ID_LENGTH) return fail(\`${path} must be a non-empty string of at most \${MAX_ID_LENGTH} characters\`);`;
      case 'enum':
        return `if (!(${use(names.enumValues(t.name))} as readonly unknown[]).includes(${v})) return fail(\`${path} must be one of \${${names.enumValues(t.name)}.join(', ')}\`);`;
      case 'int': {
        const lo = t.range?.lo.kind === 'literal' ? t.range.lo.value : null;
        const hi = t.range?.hi.kind === 'literal' ? t.range.hi.value : null;
        const bounds = [lo !== null ? `${v} < ${lo}` : '', hi !== null ? `${v} > ${hi}` : '']
          .filter(Boolean)
          .join(' || ');
        return `if (typeof ${v} !== 'number' || !Number.isSafeInteger(${v})${bounds ? ` || ${bounds}` : ''}) return fail(\`${path} must be an integer${lo !== null || hi !== null ? ` in ${lo ?? ''}..${hi ?? ''}` : ''}\`);`;
      }
      case 'nullable':
        return `if (${v} !== null) { ${check(t.inner, v, path)} }`;
      case 'set':
        limits.add('MAX_SET_SIZE');
        return `if (!Array.isArray(${v}) || ${v}.length > MAX_SET_SIZE) return fail(\`${path} must be an array of at most \${MAX_SET_SIZE} items\`);\nfor (const item of ${v} as unknown[]) { ${check(t.element, 'item', `${path}[]`)} }`;
      default:
        return `return fail('${path} has a type events cannot carry');`;
    }
  };
  const convert = (t: IrType, v: string): string =>
    t.kind === 'set' ? `new Set(${v} as ${tsType(t.element)}[])` : `${v} as ${tsType(t)}`;
  const cases = ir.events.map((e) => {
    const allowed = ['type', 'expectedVersion', ...e.fields.map((f) => names.eventField(f.name))];
    // Each field is read into its local (names/ts.ts): never a reserved word, never one of
    // this function's own names (input, fail, version, event, …).
    return `case '${e.name}': {
  for (const key of Object.keys(input)) if (!${JSON.stringify(allowed)}.includes(key)) return fail(\`unknown field '\${key}' in ${e.name}\`);
  ${e.fields.map((f) => `if (!Object.prototype.hasOwnProperty.call(input, '${names.eventField(f.name)}')) return fail('missing field ${names.eventField(f.name)} in ${e.name}');\n  const ${names.fieldLocal(f.name)}: unknown = input['${names.eventField(f.name)}'];\n  ${check(f.type, names.fieldLocal(f.name), `${e.name}.${names.eventField(f.name)}`)}`).join('\n  ')}
  const event: ${M}Event = { type: '${e.name}'${e.fields.map((f) => `, ${names.eventField(f.name)}: ${convert(f.type, names.fieldLocal(f.name))}`).join('')}${'}'};
  return { ok: true, event: version === undefined ? event : { ...event, expectedVersion: version } };
}`;
  });
  return `
${limits.has('MAX_ID_LENGTH') ? 'const MAX_ID_LENGTH = 256;\n' : ''}${limits.has('MAX_SET_SIZE') ? 'const MAX_SET_SIZE = 1024;\n' : ''}const EVENT_TYPES: readonly string[] = [${ir.events.map((e) => `'${e.name}'`).join(', ')}];

/** Validates untrusted input (e.g. parsed JSON) as a ${M}Event. Never throws: an object JSON
 *  cannot make (a getter or a Proxy trap that throws while it is read) is refused too. */
export function parseEvent(raw: unknown): { readonly ok: true; readonly event: ${M}Event } | { readonly ok: false; readonly error: string } {
  try {
    return readEvent(raw);
  } catch {
    return { ok: false, error: 'the event could not be read (a getter or a proxy threw)' };
  }
}

function readEvent(raw: unknown): { readonly ok: true; readonly event: ${M}Event } | { readonly ok: false; readonly error: string } {
  const fail = (error: string) => ({ ok: false as const, error });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('an event must be an object');
  const input = raw as Record<string, unknown>;
  if (!Object.prototype.hasOwnProperty.call(input, 'type')) return fail('missing field type');
  const type = input['type'];
  let version: number | undefined;
  if (Object.prototype.hasOwnProperty.call(input, 'expectedVersion')) {
    const v = input['expectedVersion'];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return fail('expectedVersion must be a non-negative integer');
    version = v;
  }
  switch (type) {
${cases.join('\n')}
  }
  return fail(\`unknown event type (expected one of \${EVENT_TYPES.join(', ')})\`);
}
`;
}

function engineClassSource(M: string): string {
  return `
/** One entry of the engine's log. */
export interface ${M}LogEntry {
  readonly from: ${M}StateName;
  readonly to: ${M}StateName;
  readonly reason: ${M}TransitionReason;
  readonly version: number;
}

/** Options of a ${M}Engine. */
export interface ${M}EngineOptions {
  /** How many transitions the log keeps: a non-negative integer, or Infinity for all (default 100). */
  readonly logSize?: number;
  /** Called with what a listener threw and the outcome it was given. Default: the error is
   *  rethrown asynchronously (queueMicrotask), the way EventTarget reports a listener's error,
   *  so it is not lost; either way send still returns, and the other listeners are called. */
  readonly onListenerError?: (error: unknown, outcome: ${M}Outcome) => void;
}

// In every JavaScript runtime (HTML, Node.js 11+, Deno, Bun), but not in the ES2022 library.
declare function queueMicrotask(callback: () => void): void;

function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

/** A small stateful wrapper: the current snapshot, send(), listeners and a bounded log.
 *  Listeners hear every outcome once, in commit order: a send made from a listener commits at
 *  once and returns its outcome, which reaches the listeners after the outcomes committed
 *  before it (the outermost send delivers them all before it returns). */
export class ${M}Engine {
  #snapshot: ${M}Snapshot;
  readonly #listeners = new Set<(outcome: ${M}Outcome) => void>();
  readonly #log: ${M}LogEntry[] = [];
  readonly #logSize: number;
  readonly #onListenerError: (error: unknown, outcome: ${M}Outcome) => void;
  /** Committed outcomes not yet delivered to the listeners, oldest first. */
  readonly #undelivered: ${M}Outcome[] = [];
  #delivering = false;

  /** @throws RangeError if options.logSize is not a non-negative integer or Infinity (a programming error). */
  constructor(init: ${M}Init, options: ${M}EngineOptions = {}) {
    const logSize = options.logSize ?? 100;
    if (!(logSize === Infinity || (Number.isSafeInteger(logSize) && logSize >= 0)))
      throw new RangeError(\`logSize must be a non-negative integer or Infinity, not \${String(logSize)}\`);
    this.#snapshot = create${M}(init);
    this.#logSize = logSize;
    this.#onListenerError = options.onListenerError ?? rethrowLater;
  }

  get snapshot(): ${M}Snapshot {
    return this.#snapshot;
  }

  /** The last transitions, oldest first (at most logSize). */
  get log(): readonly ${M}LogEntry[] {
    return this.#log;
  }

  /** Dispatches the event at \`now\`, commits an accepted step, notifies the listeners and
   *  returns the outcome. Never throws for a listener's error (see onListenerError). */
  send(event: ${M}Event, now: number): ${M}Outcome {
    const outcome = dispatch(this.#snapshot, event, now);
    if (outcome.ok) {
      this.#snapshot = outcome.snapshot;
      this.#log.push({ from: outcome.from, to: outcome.to, reason: outcome.reason, version: outcome.snapshot.version });
      if (this.#log.length > this.#logSize) this.#log.shift();
    }
    this.#undelivered.push(outcome);
    if (!this.#delivering) this.#deliver();
    return outcome;
  }

  /** Calls the listener after every send; returns a function that unsubscribes it. */
  subscribe(listener: (outcome: ${M}Outcome) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  // The outermost send drains the queue, so outcomes reach the listeners in commit order.
  // Each outcome goes to the listeners subscribed when its delivery starts, less those
  // unsubscribed before their turn (as EventTarget does).
  #deliver(): void {
    this.#delivering = true;
    try {
      for (let outcome = this.#undelivered.shift(); outcome !== undefined; outcome = this.#undelivered.shift())
        for (const listener of [...this.#listeners]) {
          if (!this.#listeners.has(listener)) continue;
          try {
            listener(outcome);
          } catch (error) {
            this.#report(error, outcome);
          }
        }
    } finally {
      this.#delivering = false;
    }
  }

  #report(error: unknown, outcome: ${M}Outcome): void {
    try {
      this.#onListenerError(error, outcome);
    } catch (again) {
      rethrowLater(again);
    }
  }
}
`;
}

type Adder = Pick<
  SourceFile,
  'addStatements' | 'addTypeAlias' | 'addFunction' | 'addInterface' | 'addVariableStatement'
>;

/** The engine's text, appended declaration by declaration exactly as ts-morph appends to a
 *  source file, but linear in the declarations: ts-morph re-parses the whole file on every
 *  addition, and what an addition writes depends only on the file's last top-level child
 *  (ts-morph's StatementedNode: the separator follows the previous member's kind). So each is
 *  made in a scratch file that holds just that child, and what it writes is kept. */
class Appender {
  readonly #project: Project;
  /** The text before the scratch file's. */
  #done = '';
  #tail: SourceFile;
  constructor(project: Project) {
    this.#project = project;
    this.#tail = project.createSourceFile('__tail.ts', '');
  }
  #add(add: (file: Adder) => unknown): void {
    const before = this.#tail.getFullText();
    add(this.#tail);
    const after = this.#tail.getFullText();
    if (!after.startsWith(before))
      throw new Error('emitEngine: an addition rewrote what was before it');
    const cut = this.#tail.getStatementsWithComments().at(-1)?.getPos() ?? 0;
    this.#done += after.slice(0, cut);
    this.#tail = this.#project.createSourceFile('__tail.ts', after.slice(cut), { overwrite: true });
  }
  addStatements(...a: Parameters<Adder['addStatements']>): void {
    this.#add((f) => f.addStatements(...a));
  }
  addTypeAlias(...a: Parameters<Adder['addTypeAlias']>): void {
    this.#add((f) => f.addTypeAlias(...a));
  }
  addFunction(...a: Parameters<Adder['addFunction']>): void {
    this.#add((f) => f.addFunction(...a));
  }
  addInterface(...a: Parameters<Adder['addInterface']>): void {
    this.#add((f) => f.addInterface(...a));
  }
  addVariableStatement(...a: Parameters<Adder['addVariableStatement']>): void {
    this.#add((f) => f.addVariableStatement(...a));
  }
  text(): string {
    return this.#done + this.#tail.getFullText();
  }
}

/** The engine's declarations, in the engine's order, each with the declarations and helpers
 *  its code uses, recorded while it is printed (`need`). A declaration of a name is added when
 *  some root (a declaration of no name: exported or always there) uses it, directly or through
 *  others; so the engine holds exactly what its code uses. */
class Declarations {
  readonly #all: {
    readonly name: string | null;
    readonly uses: ReadonlySet<string>;
    readonly add: (used: ReadonlySet<string>) => void;
  }[] = [];
  /** What the declaration being printed uses. */
  #uses: Set<string> | null = null;

  /** Records that the code being printed uses the declaration or helper `name`. */
  need(name: string): void {
    if (this.#uses === null) throw new Error(`emitEngine: ${name} is used outside a declaration`);
    this.#uses.add(name);
  }

  /** Declares `name` (null for a root): `print` prints it, what its code uses recorded, and
   *  returns how to add it, given the names used. */
  declare(name: string | null, print: () => (used: ReadonlySet<string>) => void): void {
    if (this.#uses !== null) throw new Error('emitEngine: a declaration inside a declaration');
    const uses = new Set<string>();
    this.#uses = uses;
    try {
      this.#all.push({ name, uses, add: print() });
    } finally {
      this.#uses = null;
    }
  }

  /** Adds, in order, the roots and the declarations they use. */
  addUsed(): void {
    const byName = new Map(this.#all.flatMap((d) => (d.name === null ? [] : [[d.name, d]])));
    const used = new Set<string>();
    const visit = (uses: ReadonlySet<string>): void => {
      for (const n of uses) {
        if (used.has(n)) continue;
        const d = byName.get(n);
        if (!d) throw new Error(`emitEngine: ${n} is used but not declared`);
        used.add(n);
        visit(d.uses);
      }
    };
    for (const d of this.#all) if (d.name === null) visit(d.uses);
    for (const d of this.#all) if (d.name === null || used.has(d.name)) d.add(used);
  }
}
