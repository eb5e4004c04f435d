// Int64 bounds: no timestamp is beyond them.
const NO_CUTOFF_FORWARD = (1n << 63n) - 1n;
const NO_CUTOFF_BACKWARD = -(1n << 63n);

/** Whether `ts` is strictly beyond the cutoff in `shared` (LimitCutoff.shared): no later row can reach the answer. */
export function beyondCutoff(shared: BigInt64Array, ts: bigint, forward: boolean): boolean {
  const cut = Atomics.load(shared, 0);
  return forward ? ts > cut : ts < cut;
}

/**
 * The `limit` best timestamps seen so far in a log query's direction (newest first when backward). Once
 * `limit` entries are known, an entry strictly worse than the limit-th can never reach the answer, so the
 * query skips runs and blocks beyond that time. Per-stream truncation cannot invalidate the bound: an entry a
 * stream drops has `limit` better ones of that stream ahead of it.
 */
export class LimitCutoff {
  readonly #limit: number;
  readonly #forward: boolean;
  #best: bigint[] = [];
  /**
   * The cutoff as the scan workers see it (NO_CUTOFF until one is known), in memory shared with them: a
   * task already running stops at the first row beyond it instead of reading on to its own limit.
   */
  readonly shared: BigInt64Array;

  constructor(limit: number, forward: boolean) {
    this.#limit = limit;
    this.#forward = forward;
    this.shared = new BigInt64Array(new SharedArrayBuffer(8));
    this.shared[0] = forward ? NO_CUTOFF_FORWARD : NO_CUTOFF_BACKWARD;
  }

  /** `ts` in the query direction (best first), as a task returns its entries. */
  add(ts: readonly bigint[]): void {
    if (ts.length === 0) return;
    const a = this.#best;
    const merged: bigint[] = [];
    let i = 0;
    let j = 0;
    while (merged.length < this.#limit && (i < a.length || j < ts.length)) {
      const takeA = j >= ts.length || (i < a.length && (this.#forward ? a[i]! <= ts[j]! : a[i]! >= ts[j]!));
      merged.push(takeA ? a[i++]! : ts[j++]!);
    }
    this.#best = merged;
    const cut = this.cutoff;
    if (cut !== undefined) Atomics.store(this.shared, 0, cut);
  }

  /** Entries known so far, up to the limit. */
  get known(): number {
    return this.#best.length;
  }

  /** The limit-th best timestamp, once `limit` are known. */
  get cutoff(): bigint | undefined {
    return this.#limit > 0 && this.#best.length >= this.#limit ? this.#best[this.#limit - 1] : undefined;
  }
}
