// The names check results and traces use (explore/result.ts, tlc/parse-output.ts,
// conformance/itf.ts, cli/report.ts): a property is reported by its spec name beside the
// built-in checks, an action by its transition's name beside the clock's `Tick` and a
// terminal state's `Done`. A spec name equal to one of those would make a report ambiguous.

import { BUILTIN } from '../explore/builtin.ts';
import { findClashes, type NameProblem, type SpecDecls } from './declarations.ts';

const BACKEND = 'check results';

/** Properties and transitions whose reported names would equal a built-in one. */
export function findReportClashes<TRef>(d: SpecDecls<TRef>): NameProblem<TRef>[] {
  const checks = [
    BUILTIN.typeOk,
    BUILTIN.deterministic,
    BUILTIN.versionIncrements,
    BUILTIN.terminalAbsorbing,
    BUILTIN.deadlock,
  ];
  return [
    ...findClashes(BACKEND, [
      ...checks.map((c) => ({ name: c, side: { builtin: `the built-in check '${c}'` } })),
      ...d.transitions
        .filter((t) => t.hasEnsures)
        .map((t) => ({
          name: BUILTIN.ensures(t.decl.name),
          side: { decl: t.decl, derived: 'the ensure check of' },
        })),
      ...[...d.invariants, ...d.steps, ...d.properties].map((decl) => ({
        name: decl.name,
        side: { decl },
      })),
    ]),
    ...findClashes(BACKEND, [
      { name: 'Tick', side: { builtin: "the clock's step 'Tick'" } },
      { name: 'Done', side: { builtin: "a terminal state's stutter step 'Done'" } },
      ...d.transitions.map((t) => ({ name: t.decl.name, side: { decl: t.decl } })),
    ]),
  ];
}
