// The contract between the log pipeline (producer of samples) and the metric evaluator
// (consumer). One extractor is compiled per range aggregation; the querier asks it for a
// per-stream extractor and feeds it every entry of that stream in time order.
import type { LabelPair } from '@logi/protocol';

/**
 * The labels of one series. The extractor interns these per stream: every sample of the
 * same series carries the very same object, so the evaluator may group by identity or by `key`.
 * Never mutate.
 */
export interface SeriesLabels {
  /** Loki's label string `{a="1", b="2"}` (names sorted, values Go-quoted). Equal keys ⇔ same series. */
  readonly key: string;
  /** Sorted by name. Includes `__error__`, `__error_details__` and `__preserve_error__` when set. */
  readonly labels: readonly LabelPair[];
  /**
   * The `__error__` value ('' when none). When non-empty and `preserveError` is false the
   * evaluator must fail the query with
   * `pipeline error: '<error>' for series: '<key>'.` (plus Loki's hints).
   */
  readonly error: string;
  /** true when `__preserve_error__="true"` is among the labels (the query grouped by `__error__`). */
  readonly preserveError: boolean;
}

/** One sample taken from one log line. */
export interface ExtractedSample {
  /** 1 for count/rate/absent, the line's byte length for bytes ops, the unwrapped value otherwise. */
  value: number;
  series: SeriesLabels;
}

/**
 * Per-stream extractor. Not safe for concurrent use (one caller at a time); it may reuse
 * internal buffers between calls, but the returned `series` objects are immutable and stable.
 */
export interface StreamSampleExtractor {
  /**
   * `line` is borrowed for the duration of the call (it may be a slice of a chunk buffer);
   * `sm` is the entry's structured metadata (undefined or empty when none).
   * Returns null when the pipeline drops the line or unwrap finds no value.
   */
  process(ts: bigint, line: Buffer, sm: readonly LabelPair[] | undefined): ExtractedSample | null;
  /** No line of this stream can give a sample (a label filter fails on the stream's labels). */
  readonly dropsAll: boolean;
  /**
   * A row's sample does not depend on its structured metadata: no stages and no unwrap, and the series keeps no
   * label or only `by` labels the stream has (a metadata key named like a stream label becomes `_extracted`).
   */
  readonly smFree: boolean;
}

/** Compiled once per range aggregation; `forStream` results are cached per label set. */
export interface SampleExtractor {
  /** `streamLabels` sorted by name (as the index returns them). */
  forStream(streamLabels: readonly LabelPair[]): StreamSampleExtractor;
}

/**
 * How the series labels are reduced at the source (Loki's grouping push-down).
 * Pass the range aggregation's own grouping (`max_over_time(...) by (a)`), or, when an outer
 * `sum by/without (...)` wraps count/rate/bytes/bytes_rate/sum_over_time, that outer grouping.
 * `by ()` (labels: [], without: false) means "no labels needed": parsers are skipped entirely
 * when nothing else needs a parsed label (so `sum(count_over_time({a="b"} | json [1m]))` never
 * errors). Omitted grouping keeps every label.
 */
export interface SampleExtractorOptions {
  grouping?: { without: boolean; labels: readonly string[] };
}
