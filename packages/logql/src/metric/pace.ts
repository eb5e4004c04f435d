// Long loops of a query on the main thread (planning many streams, merging, stepping the evaluator) give
// the event loop a turn every few milliseconds, so /ready and pushes are answered while a big query runs.
// The same points notice a query that was cancelled or ran out of time.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long a loop may hold the thread between turns. */
const SLICE_MS = 10;

export class Pace {
  readonly signal: AbortSignal | undefined;
  #since = performance.now();

  constructor(signal?: AbortSignal) {
    this.signal = signal;
  }

  /** Call once per loop iteration: after a slice, yields a turn; throws the signal's reason once aborted. */
  async step(): Promise<void> {
    if (performance.now() - this.#since < SLICE_MS) return;
    await nextTurn();
    this.signal?.throwIfAborted();
    this.#since = performance.now();
  }
}
