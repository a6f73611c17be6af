// Stands in for vitest's `describe`/`it` when the pipeline harness runs a generated
// conformance suite in-process: the suite's file is imported with its `vitest` import pointed
// here, its cases are collected, then run one by one (vitest's own `expect` is re-exported,
// so every assertion is the suite's own). Spawning vitest per generated spec would cost
// seconds each.

export { expect } from 'vitest';

/** One collected case: its title path and body; `skipped` when its skipIf condition held. */
export interface CollectedCase {
  readonly title: string;
  readonly run: () => unknown;
  readonly skipped: boolean;
  /** Registered through `it.skipIf` (the suites' TLC cases). */
  readonly conditional: boolean;
}

// The collection under way (one import at a time: collectCases awaits each).
let collecting: CollectedCase[] | null = null;
const titles: string[] = [];

export function describe(title: string, body: () => void): void {
  titles.push(title);
  try {
    body();
  } finally {
    titles.pop();
  }
}

function register(title: string, run: () => unknown, skipped: boolean, conditional: boolean): void {
  if (!collecting) throw new Error('suite-shim: a case was registered outside collectCases');
  collecting.push({ title: [...titles, title].join(' > '), run, skipped, conditional });
}

export function it(title: string, run: () => unknown, _timeout?: number): void {
  register(title, run, false, false);
}

it.skipIf =
  (condition: unknown) =>
  (title: string, run: () => unknown, _timeout?: number): void =>
    register(title, run, Boolean(condition), true);

/** Imports a suite module (by `load`) and returns the cases it registered. */
export async function collectCases(load: () => Promise<unknown>): Promise<CollectedCase[]> {
  if (collecting) throw new Error('suite-shim: collections cannot nest');
  collecting = [];
  try {
    await load();
    return collecting;
  } finally {
    collecting = null;
  }
}
