// The JSON Loki's query APIs answer (the `data` of /loki/api/v1/query and query_range).

export type Labels = Record<string, string>;

/** [ns timestamp, line] and, with structured metadata, a third element. */
export type StreamValue = [string, string, ...unknown[]];

export interface Stream { stream: Labels; values: StreamValue[] }
export interface VectorSample { metric: Labels; value: [number, string] }
export interface MatrixSeries { metric: Labels; values: [number, string][] }

export type QueryData =
  | { resultType: 'streams'; result: Stream[] }
  | { resultType: 'vector'; result: VectorSample[] }
  | { resultType: 'matrix'; result: MatrixSeries[] }
  | { resultType: 'scalar'; result: [number, string] };

/** Most query APIs answer `{"status": "success", "data": ...}`. */
export interface Success<T> { data: T }
