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

/** Whether a sample of a series with these labels fails the query once it is inside a step window. */
export function failsQuery(labels: readonly LabelPair[]): boolean {
  let error = '';
  let preserve = '';
  for (const [name, value] of labels) {
    if (name === '__error__') error = value;
    else if (name === '__preserve_error__') preserve = value;
  }
  return error !== '' && preserve !== 'true';
}

/**
 * The end of the first step window, (i·step, i·step + range] relative to the samples' base, that holds a sample at
 * `offsetNs` from that base; undefined when the sample falls between windows (a step longer than the range). A
 * failing sample there ends the query by that step at the latest, so nothing after that end can change its answer.
 */
export function failingWindowEnd(offsetNs: number, stepNs: number, rangeNs: number): number | undefined {
  if (stepNs <= 0) return offsetNs <= rangeNs ? rangeNs : undefined;
  let i = Math.max(0, Math.ceil((offsetNs - rangeNs) / stepNs));
  // the division may round either way by one step; settle it with exact products
  while (i > 0 && (i - 1) * stepNs + rangeNs >= offsetNs) i--;
  while (i * stepNs + rangeNs < offsetNs) i++;
  return offsetNs > i * stepNs ? i * stepNs + rangeNs : undefined;
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
