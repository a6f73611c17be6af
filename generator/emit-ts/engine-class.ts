// The engine's wrapper class section: <Machine>Engine, a small stateful wrapper over dispatch
// (the current snapshot, send, listeners, a bounded log), printed as text.

import type { EngineContext } from './engine-context.ts';

/** Declares the engine class (always emitted) in `context.decls`. */
export function emitEngineClass(context: EngineContext): void {
  const { M, statements } = context;
  statements(() => engineClassSource(M));
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

  /** The snapshot fromSnapshot starts an engine at (set only while it constructs one). */
  static #restored: ${M}Snapshot | null = null;

  /** @throws RangeError if options.logSize is not a non-negative integer or Infinity (a programming error). */
  constructor(init: ${M}Init, options: ${M}EngineOptions = {}) {
    const logSize = options.logSize ?? 100;
    if (!(logSize === Infinity || (Number.isSafeInteger(logSize) && logSize >= 0)))
      throw new RangeError(\`logSize must be a non-negative integer or Infinity, not \${String(logSize)}\`);
    this.#snapshot = ${M}Engine.#restored ?? create${M}(init);
    this.#logSize = logSize;
    this.#onListenerError = options.onListenerError ?? rethrowLater;
  }

  /** An engine at a snapshot read back from storage (parseSnapshot), with an empty log.
   *  @throws RangeError as the constructor does. */
  static fromSnapshot(snapshot: ${M}Snapshot, options: ${M}EngineOptions = {}): ${M}Engine {
    ${M}Engine.#restored = snapshot;
    try {
      return new ${M}Engine(undefined as unknown as ${M}Init, options);
    } finally {
      ${M}Engine.#restored = null;
    }
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
