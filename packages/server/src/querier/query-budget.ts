// What a log query's tasks keep, counted in memory shared by the main thread and the scan workers, so that
// each task judges the whole query's course and not only its own: three streams that each look small may
// fill the query's bound together, and a task alone would find that out only after formatting its share.

/** Entries a task keeps before its size is extrapolated over its rows left. */
export const EXTRAPOLATE_AFTER = 8;

// slots of the shared array
const KEPT_BYTES = 0;
const AHEAD_BYTES = 1;
const KEPT_ENTRIES = 2;

/** A fresh count for one query (one per split part), passed to each of its tasks. */
export function newQueryBudget(): BigInt64Array {
  return new BigInt64Array(new SharedArrayBuffer(3 * 8));
}

/**
 * One task's part in its query's count. After each kept entry the task adds its bytes and replaces its estimate
 * of the bytes still ahead of it: the entries still to keep from the rows in range ahead in its current block (as
 * many as its limit allows, at the rate kept so far) at its average size so far. Only the current block's rows are
 * known to be in range, so later blocks and tasks not yet started are not counted. The query is clearly over
 * when what all its tasks kept, plus what the running ones expect, passes the bound with a margin for the
 * estimate that shrinks as the query keeps more entries: twice the bound at its first EXTRAPOLATE_AFTER
 * entries (one task's first entries may be its largest), 1.125 times at 64.
 */
export class TaskBudget {
  readonly #shared: BigInt64Array;
  readonly #maxBytes: number;
  readonly #limit: number;
  #held = 0;
  #kept = 0;
  /** this task's estimate in the shared AHEAD_BYTES */
  #ahead = 0n;

  constructor(shared: BigInt64Array, maxBytes: number, limit: number) {
    this.#shared = shared;
    this.#maxBytes = maxBytes;
    this.#limit = limit;
  }

  /**
   * Counts a kept entry of `bytes`, `passed` rows of the task in range read and `left` ahead in its block;
   * true when the query holds more than its bound or is clearly on course to.
   */
  keep(bytes: number, passed: number, left: number): boolean {
    this.#held += bytes;
    this.#kept++;
    const s = this.#shared;
    const keptBytes = Atomics.add(s, KEPT_BYTES, BigInt(bytes)) + BigInt(bytes);
    const keptEntries = Atomics.add(s, KEPT_ENTRIES, 1n) + 1n;
    if (keptBytes > BigInt(this.#maxBytes)) return true;
    if (this.#kept < EXTRAPOLATE_AFTER) return false;
    const entries = Math.min(this.#limit - this.#kept, (this.#kept / passed) * left);
    const ahead = BigInt(Math.ceil((this.#held / this.#kept) * entries));
    const aheadAll = Atomics.add(s, AHEAD_BYTES, ahead - this.#ahead) + ahead - this.#ahead;
    this.#ahead = ahead;
    const margin = 1 + EXTRAPOLATE_AFTER / Number(keptEntries);
    return Number(keptBytes + aheadAll) > margin * this.#maxBytes;
  }

  /** The task is over: its estimate goes (what it kept stays counted, as the main thread holds it). */
  end(): void {
    Atomics.sub(this.#shared, AHEAD_BYTES, this.#ahead);
    this.#ahead = 0n;
  }
}
