// min_over_time / max_over_time: a NaN is replaced by any later value.
import type { RangeFn } from './range-fn.js';

export const maxOverTime: RangeFn = (values, _ts, lo, hi) => {
  let max = values[lo]!;
  for (let i = lo + 1; i < hi; i++) {
    const v = values[i]!;
    if (v > max || Number.isNaN(max)) max = v;
  }
  return max;
};

export const minOverTime: RangeFn = (values, _ts, lo, hi) => {
  let min = values[lo]!;
  for (let i = lo + 1; i < hi; i++) {
    const v = values[i]!;
    if (v < min || Number.isNaN(min)) min = v;
  }
  return min;
};
