// count_over_time, sum_over_time / bytes_over_time, and their per-second forms
// (rate, bytes_rate): a count or a sum divided by the range in seconds.
import { durationSeconds } from './go-duration.js';
import type { RangeFn } from './range-fn.js';

export const countOverTime: RangeFn = (_values, _ts, lo, hi) => hi - lo;

export const sumOverTime: RangeFn = (values, _ts, lo, hi) => {
  let sum = 0;
  for (let i = lo; i < hi; i++) sum += values[i]!;
  return sum;
};

export function perSecond(fn: RangeFn, rangeNs: number): RangeFn {
  const seconds = durationSeconds(rangeNs);
  return (values, ts, lo, hi) => fn(values, ts, lo, hi) / seconds;
}
