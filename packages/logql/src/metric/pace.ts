// Long loops of a query on the main thread (planning many streams, merging, stepping the evaluator) give
// the event loop a turn every few milliseconds, so /ready and pushes are answered while big queries run.
// The same points notice a query that was cancelled or ran out of time.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long the loops of all queries together may hold the thread between turns. */
const SLICE_MS = 10;

// Shared by every query: fifty queries each taking its own slice per turn would hold the thread fifty times as long.
let lastTurn = performance.now();

export class Pace {
  readonly signal: AbortSignal | undefined;

  constructor(signal?: AbortSignal) {
    this.signal = signal;
  }

  /** Call once per loop iteration: after a slice, yields a turn; throws the signal's reason once aborted. */
  async step(): Promise<void> {
    if (performance.now() - lastTurn < SLICE_MS) return;
    await nextTurn();
    this.signal?.throwIfAborted();
    lastTurn = performance.now();
  }
}
