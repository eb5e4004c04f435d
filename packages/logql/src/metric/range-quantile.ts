// quantile_over_time(φ): order the window (NaN first, as Loki's heap order does; −0 before +0, as a sort
// does), rank = φ(n−1), linear interpolation between the neighbouring samples; φ<0 → −Inf, φ>1 → +Inf.
// Only two order statistics are needed, so the window is partially ordered by selection, not sorted.
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

/** The k-th value of a[0..n) in sort order, where a zero is −0 if the sorted array would have −0 there. */
function signedZeroAt(a: Float64Array, n: number, k: number, v: number): number {
  if (v !== 0) return v;
  let below = 0;
  let negZeros = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
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
    if (scratch.length < n) scratch = new Float64Array(n * 2);
    let nans = 0;
    let m = 0;
    for (let i = lo; i < hi; i++) {
      const v = values[i]!;
      if (Number.isNaN(v)) nans++;
      else scratch[m++] = v;
    }
    const rank = q * (n - 1);
    const lower = Math.max(0, Math.floor(rank));
    const upper = Math.min(n - 1, lower + 1);
    const weight = rank - Math.floor(rank);
    // values at sorted positions `lower` and `upper` (NaNs take the first `nans` positions)
    let lowV = NaN;
    let upV = NaN;
    const kl = lower - nans;
    const ku = upper - nans;
    if (ku >= 0) {
      const k = Math.max(kl, 0);
      select(scratch, m, k);
      const atK = signedZeroAt(scratch, m, k, scratch[k]!);
      if (kl >= 0) lowV = atK;
      if (ku === k) upV = atK;
      else {
        // the smallest value after position k is the next in order
        let next = scratch[k + 1]!;
        for (let i = k + 2; i < m; i++) if (scratch[i]! < next) next = scratch[i]!;
        upV = signedZeroAt(scratch, m, ku, next);
      }
    }
    return lowV * (1 - weight) + upV * weight;
  };
}
