import type { LabelsResult } from '@logi/logql';
import type { LabelPair } from '@logi/protocol';

/** One entry of a log query answer, with its labels split the way Loki's two response encodings need them. */
export interface LogEntryOut {
  ts: bigint;
  line: string;
  /** indexed labels (after the pipeline) and their label string */
  stream: readonly LabelPair[];
  streamKey: string;
  /** structured metadata and parsed labels, each sorted by name; empty when labelsJSON holds them instead */
  sm: readonly LabelPair[];
  parsed: readonly LabelPair[];
  /** label string of stream ∪ sm ∪ parsed: the grouping key without categorize-labels */
  fullKey: string;
  /**
   * The labels as the answer writes them (entry-json.ts, in the mode of LogQueryParams.labelsJSON), for answers that
   * need nothing else of them: written by the scan, one string where the pairs were a pair of strings each.
   */
  labelsJSON?: string;
}

/** The pairs of an entry that has none, or carries its labels as JSON: one shared empty list. */
export const NO_PAIRS: readonly LabelPair[] = [];

/** An entry of a processed line, its labels as pairs. */
export const pairsEntry = (ts: bigint, line: string, l: LabelsResult): LogEntryOut =>
  ({ ts, line, stream: l.stream, streamKey: l.streamKey, sm: l.structuredMetadata, parsed: l.parsed, fullKey: l.key });

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
