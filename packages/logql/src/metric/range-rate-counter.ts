// rate_counter: Prometheus' extrapolated counter rate as Loki 3.x computes it. Loki feeds
// nanosecond sample times into code written for milliseconds, so (matching its answers):
// the gap to the window start is always range_ms/1000, the gap to the end is 0, and
// intervals between samples are ns/1000. Fewer than two samples give 0, not an absent series.
import { durationSeconds } from './go-duration.js';
import type { RangeFn } from './range-fn.js';

export function rateCounter(rangeNs: number): RangeFn {
  const startGap = Math.trunc(rangeNs / 1e6) / 1000;
  const seconds = durationSeconds(rangeNs);
  return (values, ts, lo, hi) => {
    const n = hi - lo;
    if (n < 2) return 0;
    const first = values[lo]!;
    let result = values[hi - 1]! - first;
    let previous = 0;
    for (let i = lo; i < hi; i++) {
      const v = values[i]!;
      if (v < previous) result += previous; // a counter reset
      previous = v;
    }
    let toStart = startGap;
    const toEnd = 0;
    const sampled = (ts[hi - 1]! - ts[lo]!) / 1000;
    const average = sampled / (n - 1);
    if (result > 0 && first >= 0) {
      // A counter starts at zero: do not extrapolate below it.
      const toZero = sampled * (first / result);
      if (toZero < toStart) toStart = toZero;
    }
    const threshold = average * 1.1;
    let extrapolated = sampled;
    extrapolated += toStart < threshold ? toStart : average / 2;
    extrapolated += toEnd < threshold ? toEnd : average / 2;
    return (result * (extrapolated / sampled)) / seconds;
  };
}
