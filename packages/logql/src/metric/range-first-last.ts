// first_over_time / last_over_time: the earliest / latest sample of the window.
import type { RangeFn } from './range-fn.js';

export const firstOverTime: RangeFn = (values, _ts, lo) => values[lo]!;

export const lastOverTime: RangeFn = (values, _ts, _lo, hi) => values[hi - 1]!;
