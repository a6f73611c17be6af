// The specs on which the built-in explorer must agree with TLC: same verdict, and on a
// passing spec the same distinct-state count and depth; on a failing one the same property.

export const AGREEMENT_SPECS = [
  'spec/session.tether',
  'test/fixtures/golden/constructs.tether',
  'test/fixtures/models/broken-ensure.tether',
  'test/fixtures/models/deadlock.tether',
  'test/fixtures/models/overflow.tether',
  'test/fixtures/models/settles.tether',
  'test/fixtures/models/strong-fairness.tether',
  'test/fixtures/models/weak-fairness.tether',
  'test/fixtures/seeded/missing-nonce-check.tether',
  'test/fixtures/seeded/rejection-mutates.tether',
  'test/fixtures/seeded/two-transitions-enabled.tether',
  'test/fixtures/seeded/unbounded-recovery.tether',
] as const;

export type RecordedFigures =
  | { readonly result: 'pass'; readonly distinctStates: number; readonly depth: number }
  | { readonly result: 'fail'; readonly violated: string };
