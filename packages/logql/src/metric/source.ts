// What the evaluator asks of the querier: the samples of one range aggregation over a time span.
// The querier runs the log pipeline and sample extractor (maybe on worker threads) and answers
// with batches built by SampleBatchBuilder: typed arrays plus label strings, all transferable.
import type { LabelPair } from '@logi/protocol';
import type { Grouping, RangeAggregationExpr } from '../syntax/ast.js';

export interface SampleRequest {
  /** The range aggregation whose log side (selector, pipeline, unwrap) produces the samples. */
  readonly expr: RangeAggregationExpr;
  /**
   * How the extractor reduces series labels (pass it as SampleExtractorOptions.grouping):
   * the aggregation's own `by/without`, or the grouping of an outer `sum` pushed down to
   * count/rate/bytes/bytes_rate/sum_over_time (`by ()` for a plain `sum`). Undefined keeps every label.
   */
  readonly grouping: Grouping | undefined;
  /** Samples with startNs < ts ≤ endNs are wanted (the union of all step windows). */
  readonly startNs: bigint;
  readonly endNs: bigint;
  /**
   * The step between windows (0 for an instant query): the windows are (startNs + i·step, startNs + i·step + range].
   * When given, a source may stop reading after the end of the first window that holds a failing sample
   * (failingWindowEnd): the evaluator fails by that step, with the same error.
   */
  readonly stepNs?: bigint;
  /**
   * Set only for a source with `sumsBuckets`, and only for counts and byte sums: every window's edges lie on
   * multiples of this many ns from startNs, so the samples of a series in (startNs + k·b, startNs + (k+1)·b]
   * may be given as one, at the bucket's end, holding their sum (a count's samples hold 1).
   */
  readonly bucketNs?: number;
}

/** The samples of one series, in time order. */
export interface SeriesSamples {
  /** Loki's label string `{a="1", b="2"}` (names sorted, values Go-quoted): equal keys ⇔ same series. */
  readonly key: string;
  /** Sorted by name; includes `__error__`, `__error_details__`, `__preserve_error__` when set. */
  readonly labels: readonly LabelPair[];
  /** Sample times as nanosecond offsets from the batch's baseNs (exact below 2^53), ascending. */
  readonly ts: Float64Array;
  readonly values: Float64Array;
  /** How many entries of ts/values are samples (the arrays may be longer). */
  readonly length: number;
}

/**
 * A key may appear in several entries and several batches (one per stream or per worker):
 * the evaluator merges them, keeping ties in the order given.
 */
export interface SampleBatch {
  readonly baseNs: bigint;
  readonly series: readonly SeriesSamples[];
}

export interface SampleSource {
  /** Honours SampleRequest.bucketNs: a dashboard's count over an hour is then a few samples per stream, not a million. */
  readonly sumsBuckets?: boolean;
  /** Called once per range aggregation of the query; calls for different legs may overlap. */
  select(request: SampleRequest): SampleBatch | readonly SampleBatch[] | Promise<SampleBatch | readonly SampleBatch[]>;
}
