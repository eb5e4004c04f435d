/** A token bucket in bytes, refilled continuously (Loki's local ingestion-rate strategy). */
export class TokenBucket {
  #rate: number;
  #burst: number;
  #tokens: number;
  #last: number;
  constructor(ratePerSec: number, burst: number, nowMs: number) {
    this.#rate = ratePerSec;
    this.#burst = burst;
    this.#tokens = burst;
    this.#last = nowMs;
  }
  /** Takes n tokens if available; a request larger than the burst can never pass. */
  allow(n: number, nowMs: number): boolean {
    this.#tokens = Math.min(this.#burst, this.#tokens + ((nowMs - this.#last) / 1000) * this.#rate);
    this.#last = nowMs;
    if (n > this.#tokens) return false;
    this.#tokens -= n;
    return true;
  }
}
