// Errors a metric query can end with. Each carries the HTTP status the API answers with,
// so the querier maps them without knowing where they came from.
import { formatLabels, type LabelPair } from '@logi/protocol';

export class QueryError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'QueryError';
    this.status = status;
  }
}

/** A sample carried `__error__` into a range aggregation (Loki's PipelineError, text kept byte for byte). */
export function pipelineError(labels: readonly LabelPair[]): QueryError {
  const err = labels.find((l) => l[0] === '__error__')?.[1] ?? '';
  return new QueryError(
    `pipeline error: '${err}' for series: '${formatLabels(labels)}'.\n` +
      `Use a label filter to intentionally skip this error. (e.g | __error__!="${err}").\n` +
      `To skip all potential errors you can match empty errors.(e.g __error__="")\n` +
      `The label filter can also be specified after unwrap. (e.g | unwrap latency | __error__="" )\n`,
    400,
  );
}

/** max_query_series exceeded (Loki 3.x wording). */
export function seriesLimitError(limit: number): QueryError {
  return new QueryError(
    `maximum number of series (${limit}) reached for a single query; consider reducing query cardinality by adding ` +
      'more specific stream selectors, reducing the time range, or aggregating results with functions like sum(), count() or topk()',
    400,
  );
}

/**
 * Vector matching failures. Loki answers them with 500, but the query is what is wrong,
 * so (like the conformance corpus expects) they are client errors here.
 */
export function matchingError(message: string): QueryError {
  return new QueryError(message, 400);
}
