// quantile_over_time(φ): sort (NaN first, as Loki's heap order does), rank = φ(n−1),
// linear interpolation between the neighbouring samples; φ<0 → −Inf, φ>1 → +Inf.
import type { RangeFn } from './range-fn.js';

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
    const sorted = scratch.subarray(0, m).sort();
    const at = (i: number): number => (i < nans ? NaN : sorted[i - nans]!);
    const rank = q * (n - 1);
    const lower = Math.max(0, Math.floor(rank));
    const upper = Math.min(n - 1, lower + 1);
    const weight = rank - Math.floor(rank);
    return at(lower) * (1 - weight) + at(upper) * weight;
  };
}
