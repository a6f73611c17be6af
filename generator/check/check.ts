// The checker's driver: a table of stages, each a list of passes with one signature. Every
// pass of a stage runs and reports all it finds; the driver stops after a stage that
// produced errors, because later stages rely on what earlier ones established (names
// resolve, expressions have types).

import type { SpecFile } from '../parse/ast.ts';
import type { DiagnosticSink } from '../diagnostics/types.ts';
import type { CheckContext, CheckPass } from './context.ts';
import { collectDeclarations } from './collect-declarations.ts';
import { inferTypes } from './infer-types.ts';
import { reportDeadEndStates } from './report-dead-end-states.ts';
import { reportDeclaredTypes } from './report-declared-types.ts';
import { reportDoubleAssignment } from './report-double-assignment.ts';
import { reportDuplicateSources } from './report-duplicate-sources.ts';
import { reportInitialState } from './report-initial-state.ts';
import { reportFairness } from './report-fairness.ts';
import { reportInvalidLiterals } from './report-invalid-literals.ts';
import { reportNameClashes } from './report-name-clashes.ts';
import { reportOpaqueDomains } from './report-opaque-domains.ts';
import { reportOutOfRange } from './report-out-of-range.ts';
import { reportOverlappingGuards } from './report-overlapping-guards.ts';
import { reportReasonClauses } from './report-reason-clauses.ts';
import { reportRefusals } from './report-refusals.ts';
import { reportTerminalSources } from './report-terminal-sources.ts';
import { reportCollectionTypes } from './report-collection-types.ts';
import { reportModelSizes } from './report-model-sizes.ts';
import { reportTypeErrors } from './report-type-errors.ts';
import { reportUndefinedNames } from './report-undefined-names.ts';
import { reportUnreachableStates } from './report-unreachable-states.ts';
import { reportUnused } from './report-unused.ts';
import { reportViolationState } from './report-violation-state.ts';

export interface CheckStage {
  readonly name: string;
  readonly passes: readonly CheckPass[];
}

// Order is meaningful: names before types before structure.
export const CHECK_STAGES: readonly CheckStage[] = [
  {
    name: 'names',
    passes: [collectDeclarations, reportInvalidLiterals, reportUndefinedNames, reportNameClashes],
  },
  // The typer (inferTypes) first: the reporters after it read what it recorded.
  {
    name: 'types',
    passes: [
      inferTypes,
      reportDeclaredTypes,
      reportCollectionTypes,
      reportTypeErrors,
      reportOutOfRange,
      reportOpaqueDomains,
    ],
  },
  {
    name: 'structure',
    passes: [
      reportInitialState,
      reportViolationState,
      reportTerminalSources,
      reportRefusals,
      reportFairness,
      reportUnreachableStates,
      reportDeadEndStates,
      reportReasonClauses,
      reportDoubleAssignment,
      reportDuplicateSources,
      reportOverlappingGuards,
      reportModelSizes,
      reportUnused,
    ],
  },
];

/** A spec that passed every stage without errors (warnings allowed). */
export interface Checked {
  readonly ctx: CheckContext;
}

export function checkSpec(ast: SpecFile, source: string, sink: DiagnosticSink): Checked | null {
  const ctx: CheckContext = {
    ast,
    source,
    sink,
    symbols: {
      values: new Map(),
      events: new Map(),
      transitions: new Map(),
      reasons: new Map(),
      states: [],
    },
    exprTypes: new Map(),
    typeFindings: [],
  };
  for (const stage of CHECK_STAGES) {
    for (const pass of stage.passes) pass(ctx);
    if (sink.hasErrors()) return null;
  }
  return { ctx };
}
