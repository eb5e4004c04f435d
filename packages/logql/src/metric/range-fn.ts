// A range function reduces the samples of one series inside one step window to a value.
// Loki evaluates them over the window's samples in time order; so do these, over
// values[lo..hi) (hi > lo) of a series' typed arrays.
import type { RangeAggregationExpr } from '../syntax/ast.js';
import { QueryError } from './errors.js';
import { avgOverTime } from './range-avg.js';
import { firstOverTime, lastOverTime } from './range-first-last.js';
import { maxOverTime, minOverTime } from './range-min-max.js';
import { quantileOverTime } from './range-quantile.js';
import { rateCounter } from './range-rate-counter.js';
import { stddevOverTime, stdvarOverTime } from './range-stdvar.js';
import { countOverTime, perSecond, sumOverTime } from './range-sum.js';

/** `ts` holds the sample times as exact ns offsets; only rate_counter reads it. */
export type RangeFn = (values: Float64Array, ts: Float64Array, lo: number, hi: number) => number;

/** `bucketed`: the samples are sums of bucketed samples (SampleRequest.bucketNs), so a count adds their values up. */
export function rangeFunction(expr: RangeAggregationExpr, bucketed = false): RangeFn {
  const rangeNs = expr.range.range;
  const count = bucketed ? sumOverTime : countOverTime;
  switch (expr.op) {
    case 'count_over_time':
      return count;
    case 'absent_over_time':
      return countOverTime;
    case 'rate':
      return perSecond(expr.range.unwrap ? sumOverTime : count, rangeNs);
    case 'bytes_rate':
      return perSecond(sumOverTime, rangeNs);
    case 'bytes_over_time':
    case 'sum_over_time':
      return sumOverTime;
    case 'avg_over_time':
      return avgOverTime;
    case 'min_over_time':
      return minOverTime;
    case 'max_over_time':
      return maxOverTime;
    case 'stdvar_over_time':
      return stdvarOverTime;
    case 'stddev_over_time':
      return stddevOverTime;
    case 'quantile_over_time':
      if (expr.param === undefined) throw new QueryError('parse error : parameter required for operation quantile_over_time', 400);
      return quantileOverTime(expr.param);
    case 'first_over_time':
      return firstOverTime;
    case 'last_over_time':
      return lastOverTime;
    case 'rate_counter':
      return rateCounter(rangeNs);
  }
}
