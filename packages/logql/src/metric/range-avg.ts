// avg_over_time: Prometheus' incremental mean, which keeps an infinite mean instead of
// turning it into NaN by subtracting infinities.
import type { RangeFn } from './range-fn.js';

export const avgOverTime: RangeFn = (values, _ts, lo, hi) => {
  let mean = 0;
  let count = 0;
  for (let i = lo; i < hi; i++) {
    const v = values[i]!;
    count++;
    if (mean === Infinity || mean === -Infinity) {
      if ((v === Infinity || v === -Infinity) && mean > 0 === v > 0) continue;
      if (Number.isFinite(v)) continue;
    }
    mean += v / count - mean / count;
  }
  return mean;
};
