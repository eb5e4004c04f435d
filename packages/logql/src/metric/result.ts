// What a metric query evaluates to, in the shapes of Loki's query API. Timestamps are Unix
// milliseconds (what Loki's JSON prints as seconds with up to three decimals).
import type { LabelPair } from '@logi/protocol';

export interface VectorSample {
  /** Sorted by name. */
  readonly labels: readonly LabelPair[];
  readonly timestampMs: number;
  readonly value: number;
}

export interface MatrixSeries {
  /** Sorted by name. */
  readonly labels: readonly LabelPair[];
  /** Ascending; parallel to values. */
  readonly timestampsMs: number[];
  readonly values: number[];
}

export type MetricResult =
  /** Instant query: sorted by labels, or in value order when the query uses sort/sort_desc. */
  | { readonly type: 'vector'; readonly samples: VectorSample[] }
  /** Range query: series sorted by labels. */
  | { readonly type: 'matrix'; readonly series: MatrixSeries[] }
  /** Instant query of a literal expression. */
  | { readonly type: 'scalar'; readonly timestampMs: number; readonly value: number };
