import type { LabelPair } from '@logi/protocol';

/** One entry of a log query answer, with its labels split the way Loki's two response encodings need them. */
export interface LogEntryOut {
  ts: bigint;
  line: string;
  /** indexed labels (after the pipeline) and their label string */
  stream: readonly LabelPair[];
  streamKey: string;
  /** structured metadata and parsed labels, each sorted by name */
  sm: readonly LabelPair[];
  parsed: readonly LabelPair[];
  /** label string of stream ∪ sm ∪ parsed: the grouping key without categorize-labels */
  fullKey: string;
}

export interface LogQueryResult {
  /** in query direction, at most `limit` */
  entries: LogEntryOut[];
  stats: QueryStats;
}

export interface QueryStats {
  bytesProcessed: number;
  linesProcessed: number;
  chunksRef: number;
  execTimeSec: number;
}
