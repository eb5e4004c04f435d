import type { LogSelectorExpr, SampleExpr } from '@logi/logql';
import type { Limits } from '../app/config.js';
import type { Ingester } from '../ingester/types.js';
import type { LogQueryResult } from './log-result.js';
import { runLogQuery, type LogQueryParams } from './log-query.js';
import { runMetricQuery, type MetricQueryParams, type MetricQueryResult } from './metric-query.js';

/** Answers LogQL queries from the ingester's streams (stored chunks and in-memory heads alike). */
export class Querier {
  #ingester: Ingester;
  #limits: (tenant: string) => Limits;

  constructor(ingester: Ingester, limits: (tenant: string) => Limits) {
    this.#ingester = ingester;
    this.#limits = limits;
  }

  async logQuery(tenant: string, expr: LogSelectorExpr, q: LogQueryParams): Promise<LogQueryResult> {
    return runLogQuery(this.#ingester, tenant, expr, q);
  }

  /** step 0 = instant query at `end`. */
  async metricQuery(tenant: string, expr: SampleExpr, q: MetricQueryParams): Promise<MetricQueryResult> {
    return runMetricQuery(this.#ingester, tenant, expr, q, this.#limits(tenant));
  }
}
