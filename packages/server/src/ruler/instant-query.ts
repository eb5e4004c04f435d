// The ruler's queries: instant queries through the same querier, admission queue and query_timeout as
// /loki/api/v1/query, answered as a vector (a scalar is one sample without labels, as in Loki).
import type { VectorSample } from '@logi/logql';
import type { Limits } from '../app/config.js';
import type { QueryAdmission } from '../frontend/query-admission.js';
import type { Querier } from '../querier/querier.js';
import type { InstantQuery } from './rule-group.js';

export function rulerInstantQuery(querier: Querier, limitsFor: (tenant: string) => Limits, admission: QueryAdmission): InstantQuery {
  return async (tenant, expr, tsMs, signal) => {
    const time = BigInt(tsMs) * 1_000_000n;
    const { result } = await admission.run(tenant, limitsFor(tenant), signal, (s) => querier.metricQuery(tenant, expr, { start: time, end: time, step: 0n }, s));
    switch (result.type) {
      case 'vector': return result.samples;
      case 'scalar': return [{ labels: [], timestampMs: result.timestampMs, value: result.value }] satisfies VectorSample[];
      case 'matrix': throw new Error('rule result is not a vector or scalar');
    }
  };
}
