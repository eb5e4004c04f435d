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

  constructor(limit: number, forward: boolean) {
    this.#limit = limit;
    this.#forward = forward;
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
  }

  /** The limit-th best timestamp, once `limit` are known. */
  get cutoff(): bigint | undefined {
    return this.#limit > 0 && this.#best.length >= this.#limit ? this.#best[this.#limit - 1] : undefined;
  }
}
