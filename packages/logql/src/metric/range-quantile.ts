// quantile_over_time(φ): order the window (NaN first, as Loki's heap order does; −0 before +0, as a sort
// does), rank = φ(n−1), linear interpolation between the neighbouring samples; φ<0 → −Inf, φ>1 → +Inf.
// Only two neighbouring order statistics are needed, so nothing is sorted: a tail quantile (p99, p1)
// keeps the few values beyond it in a heap during one pass, any other one is found by selection.
import type { RangeFn } from './range-fn.js';

/** Rearranges a[0..n) so that a[k] holds the k-th smallest value, smaller ones before it, larger after. */
function select(a: Float64Array, n: number, k: number): void {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    // three-way partition: [lo, lt) < pivot, [lt, gt] = pivot, (gt, hi] > pivot; many equal values stay linear
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i]!;
      if (v < pivot) swap(a, lt++, i++);
      else if (v > pivot) swap(a, i, gt--);
      else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * Fills heap[0..count) with the `count` largest non-NaN values of values[lo..hi) times `sign` (−1 gives
 * the smallest, negated), as a min-heap: heap[0] is the smallest kept.
 */
function keepLargest(values: Float64Array, lo: number, hi: number, sign: number, count: number, heap: Float64Array): void {
  let size = 0;
  for (let i = lo; i < hi; i++) {
    const v = values[i]! * sign;
    if (v !== v) continue; // NaN
    if (size < count) {
      // sift up
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (heap[p]! <= v) break;
        heap[c] = heap[p]!;
        c = p;
      }
      heap[c] = v;
    } else if (v > heap[0]!) {
      // replace the root and sift down
      let c = 0;
      for (;;) {
        let child = 2 * c + 1;
        if (child >= count) break;
        if (child + 1 < count && heap[child + 1]! < heap[child]!) child++;
        if (heap[child]! >= v) break;
        heap[c] = heap[child]!;
        c = child;
      }
      heap[c] = v;
    }
  }
}

/** The value at sorted position k of the window's non-NaN values, given as v: a zero gets the sign a sort puts there. */
function signedZeroAt(values: Float64Array, lo: number, hi: number, k: number, v: number): number {
  if (v !== 0) return v;
  let below = 0;
  let negZeros = 0;
  for (let i = lo; i < hi; i++) {
    const x = values[i]!;
    if (x < 0) below++;
    else if (x === 0 && Object.is(x, -0)) negZeros++;
  }
  return k < below + negZeros ? -0 : 0;
}

export function quantileOverTime(q: number): RangeFn {
  let scratch = new Float64Array(64);
  return (values, _ts, lo, hi) => {
    if (q < 0) return -Infinity;
    if (q > 1) return Infinity;
    const n = hi - lo;
    let nans = 0;
    for (let i = lo; i < hi; i++) if (Number.isNaN(values[i]!)) nans++;
    const m = n - nans;
    const rank = q * (n - 1);
    const lower = Math.max(0, Math.floor(rank));
    const upper = Math.min(n - 1, lower + 1);
    const weight = rank - Math.floor(rank);
    // values at sorted positions `lower` and `upper` (NaNs take the first `nans` positions), then at
    // positions kl ≤ ku among the m other values
    let lowV = NaN;
    let upV = NaN;
    const kl = lower - nans;
    const ku = upper - nans;
    if (ku >= 0) {
      let atKl: number;
      let atKu: number;
      const k = Math.max(kl, 0);
      const heapLimit = Math.max(64, m >> 3);
      if (m - k <= heapLimit || ku + 1 <= heapLimit) {
        // the largest m−k values have position k at their root; the smallest ku+1 (negated) have ku there
        const top = m - k <= heapLimit;
        const count = top ? m - k : ku + 1;
        const sign = top ? 1 : -1;
        if (scratch.length < count) scratch = new Float64Array(count * 2);
        keepLargest(values, lo, hi, sign, count, scratch);
        const root = scratch[0]! * sign;
        const next = count < 2 ? root : count < 3 ? scratch[1]! * sign : Math.min(scratch[1]!, scratch[2]!) * sign;
        atKl = top ? root : ku === k ? root : next;
        atKu = top ? (ku === k ? root : next) : root;
      } else {
        if (scratch.length < m) scratch = new Float64Array(m * 2);
        let j = 0;
        for (let i = lo; i < hi; i++) {
          const v = values[i]!;
          if (!Number.isNaN(v)) scratch[j++] = v;
        }
        select(scratch, m, k);
        atKl = scratch[k]!;
        if (ku === k) atKu = atKl;
        else {
          // the smallest value after position k is the next in order
          atKu = scratch[k + 1]!;
          for (let i = k + 2; i < m; i++) if (scratch[i]! < atKu) atKu = scratch[i]!;
        }
      }
      if (kl >= 0) lowV = signedZeroAt(values, lo, hi, kl, atKl);
      upV = signedZeroAt(values, lo, hi, ku, atKu);
    }
    return lowV * (1 - weight) + upV * weight;
  };
}
