// stdvar_over_time / stddev_over_time: population variance by Welford's online algorithm.
import type { RangeFn } from './range-fn.js';

export const stdvarOverTime: RangeFn = (values, _ts, lo, hi) => {
  let aux = 0;
  let mean = 0;
  let count = 0;
  for (let i = lo; i < hi; i++) {
    const v = values[i]!;
    count++;
    const delta = v - mean;
    mean += delta / count;
    aux += delta * (v - mean);
  }
  return aux / count;
};

export const stddevOverTime: RangeFn = (values, ts, lo, hi) => Math.sqrt(stdvarOverTime(values, ts, lo, hi));
