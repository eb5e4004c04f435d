// The messages between a query (main thread) and the scan workers. A log task is one overlap run of one
// stream, a sample task one or more of them; everything in it is structured-clone safe (ChunkSource is by
// contract: a stored chunk is an object key and byte range in `objects`), and the worker compiles the
// query text itself, once per query (queryId).
import type { Grouping, SampleBatch } from '@logi/logql';
import type { LabelPair } from '@logi/protocol';
import type { DeleteFilter } from '../compactor/delete-requests.js';
import type { ChunkSource } from '../ingester/types.js';
import type { ObjectStoreRef } from '../storage/object/open-store.js';
import type { LabelsJSONMode } from './entry-json.js';
import type { LogEntryOut } from './log-result.js';

interface TaskBase {
  /** Unique per query execution in this process: the worker's compiled-query cache key. */
  queryId: number;
  /** The object store the run's stored sources are keys of. */
  objects: ObjectStoreRef;
  /** The tenant's delete requests (see delete-filter.ts); absent when there are none. */
  deletes?: DeleteFilter[];
}

/** One overlap run of one stream. */
export interface StreamRun {
  /** The stream's labels, sorted by name. */
  labels: LabelPair[];
  /** Sources whose time ranges overlap (one run of overlapRuns), sorted by minTs. */
  run: ChunkSource[];
}

/** Entries of a log query: `query` is a log selector's text. */
export interface LogTask extends TaskBase, StreamRun {
  kind: 'log';
  query: string;
  /** Rows with fromNs <= ts <= toNs are read. */
  fromNs: bigint;
  toNs: bigint;
  forward: boolean;
  /** At most this many entries, the first ones in the query direction. */
  limit: number;
  /**
   * Bytes the query's kept entries may hold (see result-bytes.ts); past it, or clearly on course to pass it, the task
   * stops, flagged overBytes.
   */
  maxBytes: number;
  /** What the query's tasks kept and expect to keep, shared with the main thread and the other tasks (query-budget.ts). */
  budget: BigInt64Array;
  /** Blocks of the run an earlier task of the query read already (runBlocks' skip). */
  skipBlocks: number;
  /** Once this many rows are read, the task stops (between two times, or at a block boundary) and says where to resume. */
  pieceLines: number;
  /** The query's cutoff, shared with the main thread (LimitCutoff.shared): the task ends at the first row beyond it. */
  cut: BigInt64Array;
  /** Entries carry their labels as JSON text in this mode instead of pairs (LogQueryParams.labelsJSON). */
  labelsJSON?: LabelsJSONMode;
}

/**
 * Where a log task stopped before the end of its run: the blocks read so far, and the span of the next. With
 * byTime it stopped inside a block: the run goes on from minTs (forward) or down from maxTs (backward), and
 * that bound alone says what is left (skipBlocks is 0: the blocks read lie outside it).
 */
export interface LogResume {
  skipBlocks: number;
  minTs: bigint;
  maxTs: bigint;
  byTime?: boolean;
}

/** Samples of one range aggregation: `query` is the range aggregation's text. */
export interface SampleTask extends TaskBase {
  kind: 'samples';
  query: string;
  grouping: Grouping | undefined;
  /**
   * In stream order, a stream's runs in time order: samples of one series at equal times keep this order
   * (small streams share a task, so a query over many streams is not one message per stream).
   */
  parts: StreamRun[];
  /** Samples with startNs < ts <= endNs; startNs is also the batch base. */
  startNs: bigint;
  endNs: bigint;
  /** SampleRequest.bucketNs: samples summed per series and bucket */
  bucketNs: number | undefined;
  /** The step windows, (i·stepNs, i·stepNs + rangeNs] from startNs: a failing sample in one ends the reading there (not when absent). */
  stepNs: number | undefined;
  rangeNs: number;
  /** Characters the batch's distinct series keys may hold (see result-bytes.ts); past it the task stops, flagged overBytes. */
  maxBytes: number;
}

export type ScanTask = LogTask | SampleTask;

/** What the run cost: rows in range, and their line bytes. */
export interface ScanCounts {
  lines: number;
  bytes: number;
}

export interface LogTaskResult extends ScanCounts {
  kind: 'log';
  /** In the query direction, at most the task's limit. */
  entries: LogEntryOut[];
  /** The entries passed the task's maxBytes: none are sent back, the query is refused. */
  overBytes?: boolean;
  /** Set when the task stopped at pieceLines with blocks of the run left unread. */
  resume?: LogResume;
}

export interface SampleTaskResult extends ScanCounts {
  kind: 'samples';
  batch: SampleBatch;
  /** The series passed the task's maxBytes: an empty batch is sent back, the query is refused. */
  overBytes?: boolean;
  /**
   * A sample that fails the query (failsQuery) fell in a step window ending here: the rows after it were not read,
   * and later tasks need not read them (the query ends with its error by that step at the latest).
   */
  failsBy?: bigint;
}

export type ScanResult = LogTaskResult | SampleTaskResult;
export type ResultOf<T extends ScanTask> = T extends LogTask ? LogTaskResult : SampleTaskResult;
