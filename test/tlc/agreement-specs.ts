// The specs on which the built-in explorer must agree with TLC: same verdict, the same status
// for every property (the rule of explore/result.ts), and on a passing spec the same
// distinct-state count and depth. They pass, fail a safety property (the search stops), or
// fail only liveness (the search completes: its safety properties hold).

import type { PropertyStatus } from '../../generator/explore/result.ts';

export const AGREEMENT_SPECS = [
  'spec/session.tether',
  'test/fixtures/golden/constructs.tether',
  'test/fixtures/language/def.tether',
  'test/fixtures/language/duration-scale.tether',
  'test/fixtures/language/empty-map.tether',
  'test/fixtures/language/map.tether',
  'test/fixtures/language/bounded-vars.tether',
  'test/fixtures/language/duration-fields.tether',
  'test/fixtures/language/fairness-each.tether',
  'test/fixtures/language/otherwise.tether',
  'test/fixtures/language/refuse.tether',
  'test/fixtures/language/state-values.tether',
  'test/fixtures/language/stay.tether',
  'test/fixtures/language/violation-reject.tether',
  'test/fixtures/models/bounded-liveness.tether',
  'test/fixtures/models/bounded-type-ok.tether',
  'test/fixtures/models/broken-ensure.tether',
  'test/fixtures/models/map-shapes.tether',
  'test/fixtures/models/deadlock.tether',
  'test/fixtures/models/overflow.tether',
  'test/fixtures/models/seq-overflow.tether',
  'test/fixtures/models/settles.tether',
  'test/fixtures/models/strong-fairness.tether',
  'test/fixtures/models/two-phase-plain-fairness.tether',
  'test/fixtures/models/weak-fairness-one-payload.tether',
  'test/fixtures/models/weak-fairness.tether',
  'test/fixtures/pipeline-found/explorer-nested-set-membership.tether',
  'test/fixtures/pipeline-found/tlc-always-as-invariant.tether',
  'test/fixtures/pipeline-found/tlc-constant-invariant.tether',
  'test/fixtures/pipeline-found/tlc-initial-state-violation.tether',
  'test/fixtures/pipeline-found/tlc-predicate-property.tether',
  'test/fixtures/protocols/circuit-breaker.tether',
  'test/fixtures/protocols/tcp.tether',
  'test/fixtures/protocols/two-phase.tether',
  'test/fixtures/protocols/two-phase-map.tether',
  'test/fixtures/results/always-conjunct.tether',
  'test/fixtures/results/clock-loop.tether',
  'test/fixtures/results/finish-fair.tether',
  'test/fixtures/results/first-violation-deterministic.tether',
  'test/fixtures/results/first-violation-step.tether',
  'test/fixtures/results/late-loop.tether',
  'test/fixtures/results/stuck-outside.tether',
  'test/fixtures/results/strong-after-prefix.tether',
  'test/fixtures/results/two-loops.tether',
  'test/fixtures/seeded/missing-nonce-check.tether',
  'test/fixtures/seeded/rejection-mutates.tether',
  'test/fixtures/seeded/two-transitions-enabled.tether',
  'test/fixtures/seeded/unbounded-recovery.tether',
] as const;

/** What TLC v1.8.0 reported (through `tether check`'s reading, reruns included). */
export type RecordedFigures =
  | {
      readonly result: 'pass';
      readonly distinctStates: number;
      readonly depth: number;
      readonly statuses: Readonly<Record<string, PropertyStatus['status']>>;
    }
  | {
      readonly result: 'fail';
      readonly violated: readonly string[];
      readonly statuses: Readonly<Record<string, PropertyStatus['status']>>;
    };
