// A mutant generator of our own over a generated engine (generated/<machine>.ts): each mutant
// is one small text edit at a node found with ts-morph, named by its operator and place.
// Operators (the kinds of bug a hand edit or a generator bug would make):
//   drop-clause, negate-clause      a require clause removed or inverted (guard_*)
//   swap-reason                     a rejection or acceptance reason replaced by another
//   wrong-target                    a transition moves to another state
//   no-version-bump                 an accepted step leaves the version alone
//   drop-assignment                 a `set` forgotten (the variable keeps its old value)
//   operator                        < <= > >= === !== && || + - swapped for a neighbour
//   map-update                      mapPut(m, k, v) made mapRemove(m, k); mapRemove(m, k) made m
//   absorb-removed                  terminal states stop absorbing events
//   version-check-removed           expectedVersion no longer checked
//   version-bound-removed           a version that cannot grow exactly no longer rejected
//   reject-copies, reject-mutates   a rejection returns a copy, or a changed snapshot
//   tie-rule                        ties between failing candidates go to the later one
//   initial-value                   createX starts from a wrong value
//   validation-dropped              a check of parseEvent removed
//   snapshot-check-dropped          a check of parseSnapshot removed (its shape, types, params
//                                   or an invariant)
//   stored-field-wrong              serializeSnapshot stores a field wrongly (a set as a Set or
//                                   a map as a Map, which JSON makes {}; another field as null)
//   safety-net                      a runtime check of an invariant, step property or ensure
//                                   removed (the `if (…) return violation(…)` lines of take_*)
// Mutants in the safety net change behaviour only on snapshots the model check proves
// unreachable; the suite's safety-net case (arbitrary snapshots) must kill them all the same.

import { Node, Project, SyntaxKind, type SourceFile } from 'ts-morph';

export interface Mutant {
  readonly id: number;
  readonly operator: string;
  /** The function (or const) the edit is in. */
  readonly where: string;
  readonly line: number;
  readonly original: string;
  readonly replacement: string;
  /** Only reachable when a step would break an invariant, step property or ensure. */
  readonly safetyNet: boolean;
  /** For a mutant in guard_<t> or REASONS_<t>: the require clause's index. */
  readonly clause?: number;
  /** For a mutant in dispatch: the event case it is in. */
  readonly event?: string;
  /** For a safety-net mutant that removes a check: the checks it stands for (the names in
   *  its comment: `Ensures_<transition>`, invariants, step properties). */
  readonly checks?: readonly string[];
  readonly start: number;
  readonly end: number;
}

const OPERATOR_SWAPS: Readonly<Record<string, string>> = {
  '<': '<=',
  '<=': '<',
  '>': '>=',
  '>=': '>',
  '===': '!==',
  '!==': '===',
  '&&': '||',
  '||': '&&',
  '+': '-',
  '-': '+',
};

export function listMutants(source: string, fileName = 'engine.ts'): Mutant[] {
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile(fileName, source);
  const out: Omit<Mutant, 'id'>[] = [];
  let context: { clause?: number; event?: string; checks?: readonly string[] } = {};
  const add = (
    node: Node,
    operator: string,
    replacement: string,
    where: string,
    safetyNet = false,
  ): void => {
    const start = node.getStart();
    const end = node.getEnd();
    const original = source.slice(start, end);
    if (original === replacement) return;
    out.push({
      operator,
      where,
      line: file.getLineAndColumnAtPos(start).line,
      original,
      replacement,
      safetyNet,
      start,
      end,
      ...context,
    });
  };

  const states = stringUnion(file, /StateName$/);
  const rejectReasons = stringUnion(file, /RejectReason$/);
  const acceptReasons = stringUnion(file, /TransitionReason$/).filter(
    (r) => r !== 'INVARIANT_VIOLATION',
  );
  const other = (list: readonly string[], v: string): string | null => {
    const i = list.indexOf(v);
    return list.length < 2 || i < 0 ? null : list[(i + 1) % list.length]!;
  };
  const swapLiteral = (
    lit: Node,
    list: readonly string[],
    operator: string,
    where: string,
    safetyNet = false,
  ): void => {
    const v = lit.asKind(SyntaxKind.StringLiteral)?.getLiteralValue();
    const to = v === undefined ? null : other(list, v);
    if (to) add(lit, operator, `'${to}'`, where, safetyNet);
  };
  // A target state is swapped for another; a `-> stay` (s.state) moves to the last state.
  const moveTarget = (node: Node, where: string): void => {
    if (node.getText() === 's.state') {
      const last = states.at(-1);
      if (last !== undefined) add(node, 'wrong-target', `'${last}'`, where);
    } else swapLiteral(node, states, 'wrong-target', where);
  };
  const operators = (root: Node, where: string, safetyNet = false): void => {
    for (const b of root.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
      const op = b.getOperatorToken();
      const to = OPERATOR_SWAPS[op.getText()];
      if (to) add(op, 'operator', to, where, safetyNet);
    }
    // A map update wrong: the key removed instead of set, or a removal forgotten.
    const calls = root.getDescendantsOfKind(SyntaxKind.CallExpression);
    const self = root.asKind(SyntaxKind.CallExpression);
    for (const c of self ? [self, ...calls] : calls) {
      const callee = c.getExpression().getText();
      const [m, k] = c.getArguments().map((a) => a.getText());
      // (only in an engine that has mapRemove: a mutant must compile)
      if (callee === 'mapPut' && m && k && /function mapRemove\b/.test(source))
        add(c, 'map-update', `mapRemove(${m}, ${k})`, where, safetyNet);
      // (a removal that is a whole assignment forgotten is drop-assignment's)
      else if (callee === 'mapRemove' && m && c !== self) add(c, 'map-update', m, where, safetyNet);
    }
  };

  for (const fn of file.getFunctions()) {
    const name = fn.getName() ?? '';
    const body = fn.getBody()?.asKind(SyntaxKind.Block);
    if (!body) continue;
    if (name.startsWith('guard_')) {
      body.getStatements().forEach((stmt, clause) => {
        if (!Node.isIfStatement(stmt)) return;
        context = { clause };
        add(stmt, 'drop-clause', '', name);
        const cond = stmt.getExpression();
        const inner = cond.asKind(SyntaxKind.PrefixUnaryExpression);
        if (inner && inner.getOperatorToken() === SyntaxKind.ExclamationToken)
          add(cond, 'negate-clause', `(${inner.getOperand().getText()})`, name);
        operators(stmt, name);
      });
      context = {};
    } else if (name.startsWith('take_')) {
      const n = body
        .getVariableStatement('n')
        ?.getDeclarations()[0]
        ?.getInitializer()
        ?.asKind(SyntaxKind.ObjectLiteralExpression);
      for (const p of n?.getProperties() ?? []) {
        const prop = p.asKind(SyntaxKind.PropertyAssignment);
        if (!prop) continue;
        const key = prop.getName();
        const init = prop.getInitializerOrThrow();
        if (key === 'state') moveTarget(init, name);
        else if (key === 'version') add(init, 'no-version-bump', 's.version', name);
        else if (key !== 'params' && init.getText() !== `s.${key}`)
          add(init, 'drop-assignment', `s.${key}`, name);
        if (key !== 'state' && key !== 'version' && key !== 'params') operators(init, name);
      }
      for (const stmt of body
        .getStatements()
        .filter(
          (x) => Node.isIfStatement(x) && x.getThenStatement().getText().includes('violation('),
        )) {
        // `if (…) return violation(s, 't'); // consistent, only_participants`
        const comment = stmt.getTrailingCommentRanges()[0]?.getText() ?? '';
        const checks = comment
          .replace(/^\/\/\s*/, '')
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== '');
        context = checks.length > 0 ? { checks } : {};
        add(stmt, 'safety-net', '', name, true);
        context = {};
      }
      for (const ret of body.getDescendantsOfKind(SyntaxKind.ReturnStatement)) {
        const obj = ret.getExpression()?.asKind(SyntaxKind.ObjectLiteralExpression);
        if (!obj) continue;
        const to = obj.getProperty('to')?.asKind(SyntaxKind.PropertyAssignment)?.getInitializer();
        const reason = obj
          .getProperty('reason')
          ?.asKind(SyntaxKind.PropertyAssignment)
          ?.getInitializer();
        if (to) moveTarget(to, name);
        if (reason) swapLiteral(reason, acceptReasons, 'swap-reason', name);
      }
    } else if (name === 'dispatch') {
      for (const stmt of body.getStatements().filter((s) => Node.isIfStatement(s))) {
        const text = stmt.getText();
        const operator = text.includes("reason: 'TERMINATED'")
          ? 'absorb-removed'
          : text.includes("reason: 'VERSION_EXHAUSTED'")
            ? 'version-bound-removed'
            : text.includes('expectedVersion')
              ? 'version-check-removed'
              : 'drop-check';
        add(stmt, operator, '', name);
      }
      for (const ret of body.getDescendantsOfKind(SyntaxKind.ReturnStatement)) {
        const obj = ret.getExpression()?.asKind(SyntaxKind.ObjectLiteralExpression);
        const snap = obj?.getProperty('snapshot')?.asKind(SyntaxKind.PropertyAssignment);
        if (!obj || !snap || obj.getProperty('ok')?.getText() !== 'ok: false') continue;
        add(snap.getInitializerOrThrow(), 'reject-copies', '{ ...s }', name);
        add(
          snap.getInitializerOrThrow(),
          'reject-mutates',
          '{ ...s, version: s.version + 1 }',
          name,
        );
        const reason = obj
          .getProperty('reason')
          ?.asKind(SyntaxKind.PropertyAssignment)
          ?.getInitializer();
        if (reason) swapLiteral(reason, rejectReasons, 'swap-reason', name);
      }
      for (const b of body.getDescendantsOfKind(SyntaxKind.BinaryExpression))
        if (b.getOperatorToken().getText() === '>' && b.getRight().getText() === 'furthest') {
          const event = eventCase(b);
          context = event === undefined ? {} : { event };
          add(b.getOperatorToken(), 'tie-rule', '>=', name);
          context = {};
        }
    } else if (name === 'violation') {
      for (const p of body.getDescendantsOfKind(SyntaxKind.PropertyAssignment)) {
        if (p.getName() === 'state')
          swapLiteral(p.getInitializerOrThrow(), states, 'safety-net', name, true);
        if (p.getName() === 'version')
          add(p.getInitializerOrThrow(), 'safety-net', 's.version', name, true);
      }
    } else if (name.startsWith('create')) {
      const obj = body
        .getDescendantsOfKind(SyntaxKind.ObjectLiteralExpression)
        .find((o) => o.getProperty('state'));
      for (const p of obj?.getProperties() ?? []) {
        const prop = p.asKind(SyntaxKind.PropertyAssignment);
        if (!prop || prop.getName() === 'params') continue;
        const init = prop.getInitializerOrThrow();
        if (prop.getName() === 'state') swapLiteral(init, states, 'initial-value', name);
        else if (init.getKind() === SyntaxKind.NumericLiteral)
          add(init, 'initial-value', String(Number(init.getText()) + 1), name);
        else if (init.getText().includes('now')) add(init, 'initial-value', '(now + 1)', name);
        else if (init.getText() === 'null') continue;
        else add(init, 'initial-value', 'null', name);
      }
    } else if (name === 'parseEvent' || name === 'readEvent') {
      // parseEvent guards readEvent, which does the checking.
      for (const stmt of body.getDescendantsOfKind(SyntaxKind.IfStatement))
        if (stmt.getThenStatement().getText().includes('fail('))
          add(stmt, 'validation-dropped', '', name);
    } else if (name === 'readSnapshot' || name === 'readParams' || name === 'brokenInvariants') {
      // parseSnapshot guards readSnapshot; brokenInvariants lists the invariants a stored
      // snapshot breaks.
      for (const stmt of body.getDescendantsOfKind(SyntaxKind.IfStatement))
        if (/\b(return fail|broken\.push)\(/.test(stmt.getThenStatement().getText()))
          add(stmt, 'snapshot-check-dropped', '', name);
    } else if (name === 'serializeSnapshot') {
      const stored = body
        .getDescendantsOfKind(SyntaxKind.ReturnStatement)[0]
        ?.getExpression()
        ?.asKind(SyntaxKind.ObjectLiteralExpression);
      for (const p of stored?.getProperties() ?? []) {
        const prop = p.asKind(SyntaxKind.PropertyAssignment);
        if (!prop) continue;
        const value = prop.getInitializerOrThrow();
        // A set or a map stored as it is (JSON makes it {}), or a field stored as null.
        const helper = ['storedMembers(', 'storedEntries('].find((h) =>
          value.getText().startsWith(h),
        );
        if (helper)
          add(value, 'stored-field-wrong', value.getText().slice(helper.length, -1), name);
        else if (prop.getName() !== 'state') add(value, 'stored-field-wrong', 'null', name);
      }
    }
  }
  for (const v of file.getVariableDeclarations()) {
    const name = v.getName();
    if (!name.startsWith('REASONS_')) continue;
    const list = v.getInitializer()?.getFirstDescendantByKind(SyntaxKind.ArrayLiteralExpression);
    list?.getElements().forEach((lit, clause) => {
      context = { clause };
      swapLiteral(lit, rejectReasons, 'swap-reason', name);
    });
    context = {};
  }
  return out
    .sort(
      (a, b) =>
        a.start - b.start ||
        a.operator.localeCompare(b.operator) ||
        a.replacement.localeCompare(b.replacement),
    )
    .map((m, id) => ({ ...m, id: id + 1 }));
}

export function applyMutant(source: string, m: Mutant): string {
  return source.slice(0, m.start) + m.replacement + source.slice(m.end);
}

/** The event of the outer `case 'EVENT':` of dispatch that a node is in. */
function eventCase(node: Node): string | undefined {
  const cases = node.getAncestors().filter((a) => Node.isCaseClause(a));
  const outer = cases.at(-1);
  return outer
    ?.asKind(SyntaxKind.CaseClause)
    ?.getExpression()
    .asKind(SyntaxKind.StringLiteral)
    ?.getLiteralValue();
}

/** The string literals of an exported union type alias whose name matches. */
function stringUnion(file: SourceFile, name: RegExp): string[] {
  const alias = file.getTypeAliases().find((t) => name.test(t.getName()));
  return (
    alias
      ?.getTypeNodeOrThrow()
      .getDescendantsOfKind(SyntaxKind.StringLiteral)
      .map((s) => s.getLiteralValue()) ?? []
  );
}
