import { alignStep, evaluateInstant, evaluateRange, metricResultJSON, type MetricResult, type SampleExpr } from '@logi/logql';
import type { Limits } from '../app/config.js';
import type { StreamIndex } from '../ingester/types.js';
import type { QueryStats } from './log-result.js';
import { StoreSampleSource } from './sample-source.js';
import { sharedScanPool, type ScanRunner } from './scan-pool.js';
import type { QueryControl } from './scan-schedule.js';

export interface MetricQueryParams {
  start: bigint;
  end: bigint;
  /** 0 = instant query at `end` */
  step: bigint;
}

export interface MetricQueryResult {
  /** the result itself, for callers inside the server (the ruler) */
  result: MetricResult;
  /** the `"resultType":…,"result":…` members of the response's data object */
  resultJSON: string;
  stats: QueryStats;
}

/**
 * Evaluates a metric query. Range queries are step-aligned as Loki's query frontend does
 * (start down, end up to a multiple of step), so answers match a default Loki deployment.
 */
export async function runMetricQuery(
  reader: StreamIndex, tenant: string, expr: SampleExpr, q: MetricQueryParams, limits: Limits, control: QueryControl = {},
  runner: ScanRunner = sharedScanPool(),
): Promise<MetricQueryResult> {
  const t0 = performance.now();
  const source = new StoreSampleSource(reader, tenant, control, runner);
  const metricLimits = { maxQuerySeries: limits.maxQuerySeries, signal: control.signal };
  let result;
  if (q.step === 0n) {
    result = await evaluateInstant(expr, q.end, source, metricLimits);
  } else {
    const a = alignStep(q.start, q.end, q.step);
    result = await evaluateRange(expr, a.startNs, a.endNs, q.step, source, metricLimits);
  }
  source.stats.execTimeSec = (performance.now() - t0) / 1000;
  return { result, resultJSON: metricResultJSON(result), stats: source.stats };
}
