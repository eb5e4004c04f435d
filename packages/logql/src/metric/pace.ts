// Long loops of a query on the main thread (planning many streams, merging, stepping the evaluator) give
// the event loop a turn every few milliseconds, so /ready and pushes are answered while big queries run.
// The same points notice a query that was cancelled or ran out of time.

/**
 * How long the loops of all queries together may hold the thread between two turns of the event loop. Short,
 * because libuv accepts one pending connection per turn: with 50 clients connecting at once, a 10 ms slice
 * kept the last of them (and /ready behind them) waiting 800 ms; 1 ms costs no measurable query time.
 */
const SLICE_MS = 1;

// One slice per turn for all queries together. Had each query yielded with its own setImmediate, every
// waiting query would run its slice in the same check phase: fifty queries would hold the thread for
// fifty slices before the next socket is read. So yielded queries wait in line, and one immediate per
// turn lets the first of them go on.
let lastTurn = performance.now();
const waiting: (() => void)[] = [];
let scheduled = false;
let passTurn = false;
/** Turns left to I/O in a row; bounded, so that connections arriving at every turn cannot starve queries. */
let passed = 0;
const MAX_PASSED = 8;

/**
 * The next turn of the event loop goes to I/O alone: a server calls this when it accepts a connection, since
 * more of a burst may be waiting to be accepted, one per turn.
 */
export function leaveNextTurn(): void {
  passTurn = true;
}

function nextInLine(): void {
  scheduled = false;
  if (passTurn && passed < MAX_PASSED) {
    passTurn = false;
    passed++;
    schedule();
    return;
  }
  passTurn = false;
  passed = 0;
  lastTurn = performance.now();
  waiting.shift()?.();
  // Queued from inside the check phase, this runs on the next turn, after pending I/O.
  if (waiting.length > 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(nextInLine);
}

export class Pace {
  readonly signal: AbortSignal | undefined;

  constructor(signal?: AbortSignal) {
    this.signal = signal;
  }

  /** Call once per loop iteration: after a slice, waits for a turn in line; throws the signal's reason once aborted. */
  async step(): Promise<void> {
    if (performance.now() - lastTurn < SLICE_MS) return;
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      schedule();
    });
    this.signal?.throwIfAborted();
  }
}
