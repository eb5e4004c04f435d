import type { LogSelectorExpr, SampleExpr } from '@logi/logql';
import type { Limits } from '../app/config.js';
import type { DeleteFilter } from '../compactor/delete-requests.js';
import type { StreamIndex } from '../ingester/types.js';
import type { LogQueryResult } from './log-result.js';
import { runLogQuery, type LogQueryParams } from './log-query.js';
import { runMetricQuery, type MetricQueryParams, type MetricQueryResult } from './metric-query.js';
import { sharedScanPool, type ScanRunner } from './scan-pool.js';
import type { QueryControl } from './scan-schedule.js';

/**
 * Answers LogQL queries from the ingester's streams (stored chunks and in-memory heads alike). Chunks are
 * decompressed and filtered on the process's scan workers (started here, with the first Querier).
 */
export class Querier {
  #reader: StreamIndex;
  #limits: (tenant: string) => Limits;
  #runner: ScanRunner;

  readonly #deletes: (tenant: string) => DeleteFilter[];

  /** `deletes`: the tenant's delete requests, filtered out of every query. */
  constructor(reader: StreamIndex, limits: (tenant: string) => Limits, runner: ScanRunner = sharedScanPool(), deletes: (tenant: string) => DeleteFilter[] = () => []) {
    this.#reader = reader;
    this.#limits = limits;
    this.#runner = runner;
    this.#deletes = deletes;
  }

  /** `signal`: the request's (client gone, query_timeout passed); the query stops scheduling work once it aborts. */
  async logQuery(tenant: string, expr: LogSelectorExpr, q: LogQueryParams, signal?: AbortSignal): Promise<LogQueryResult> {
    return runLogQuery(this.#reader, tenant, expr, q, this.#control(tenant, signal), this.#runner);
  }

  /** step 0 = instant query at `end`. */
  async metricQuery(tenant: string, expr: SampleExpr, q: MetricQueryParams, signal?: AbortSignal): Promise<MetricQueryResult> {
    return runMetricQuery(this.#reader, tenant, expr, q, this.#limits(tenant), this.#control(tenant, signal), this.#runner);
  }

  #control(tenant: string, signal: AbortSignal | undefined): QueryControl {
    const deletes = this.#deletes(tenant);
    return { signal, parallelism: this.#limits(tenant).maxQueryParallelism, deletes: deletes.length > 0 ? deletes : undefined };
  }
}
