// The contract between the distributor/querier and the storage engine: the Ingester (WAL, heads, memory
// sources, flush) and the read side (StreamIndex: the store's index and chunk refs merged with the
// ingester's memory by querier/stream-view.ts). Scan workers read structured-clone copies of ChunkSources,
// so every source holds only plain objects, typed arrays and Buffers, and a stored chunk is an object key.
import type { LabelPair } from '@logi/protocol';
import type { ObjectStoreRef } from '../storage/object/open-store.js';

/** A label matcher, structurally the same as @logi/logql's syntax Matcher (kept here so storage needs no parser). */
export interface Matcher { name: string; type: '=' | '!=' | '=~' | '!~'; value: string }

/** One validated entry. `sm` is already sanitised by the distributor. */
export interface EntryIn { ts: bigint; line: string; sm?: LabelPair[] }

/** One stream of a push: labels sorted, validated and final (service_name added). */
export interface StreamIn { labels: LabelPair[]; entries: EntryIn[] }

/**
 * What happened to one StreamIn, same index as in the push.
 * `rejected` holds Loki's out-of-order message for the stream (at most one string per stream, listing at most
 * 10 entries, as Loki does); the distributor answers 400 with it. Exact duplicates are dropped silently and count
 * as accepted. `limit` is set when the stream could not be created (max active streams): nothing of it was
 * stored, and the distributor answers 429 with `limit.message`.
 */
/** A stream's part of a push: entries accepted, Loki's messages for the rest and their line bytes (too far behind). */
export interface StreamOutcome { accepted: number; rejected: string[]; rejectedBytes?: number; limit?: StreamLimitError }

/** Max active streams per tenant reached; the message is Loki's (`maximum active stream limit exceeded …`). */
export class StreamLimitError extends Error {
  override name = 'StreamLimitError';
}

/**
 * The WAL cannot be written (disk full, I/O error): nothing of the push was accepted. Thrown by push while the
 * WAL is failing too, until a write works again. The message is `wal: write failed: <cause>`.
 */
export class WalWriteError extends Error {
  override name = 'WalWriteError';
  constructor(cause: Error) {
    super(`wal: write failed: ${cause.message}`, { cause });
  }
}

export interface IngesterConfig {
  /** <path_prefix>: holds wal/. */
  dir: string;
  /** Compressed bytes at which a head is cut into a chunk (Loki chunk_target_size, 1572864). */
  chunkTargetSize: number;
  /** Raw bytes of one block (Loki chunk_block_size, 262144). */
  blockSize: number;
  /** A head with no new entry for this long is cut (Loki chunk_idle_period, 30m). */
  chunkIdlePeriodMs: number;
  /** A head whose first entry arrived this long ago is cut (Loki max_chunk_age, 2h); max_chunk_age/2 is the out-of-order window. */
  maxChunkAgeMs: number;
  /** Active streams per tenant; 0 = unlimited. Single-process Logi: max_streams_per_user if > 0, else max_global_streams_per_user. */
  maxStreamsPerTenant: number;
  /** false skips fsync (tests on tmpfs, benchmarks of the CPU path); default true. */
  fsync?: boolean;
}

export interface StreamRef { id: number; labels: LabelPair[]; key: string /* formatLabels(labels) */ }

/** Fields every source has: used to skip a source without reading it. */
export interface SourceSpan { minTs: bigint; maxTs: bigint; entries: number; rawBytes: number }

/**
 * Where the rows of one stream for a time span live.
 * - stored: a chunk in the object store (object key, byte range), read with storage/chunk-fetch.ts.
 * - encoded: sealed head blocks still in memory, in the chunk block encoding (decompressed by readChunk in chunk/read.ts, so in a worker).
 * - memory: the open head block, already decoded.
 * Sources of one stream may overlap in time (out-of-order writes): merge them by ts (mergeBlocks in chunk/merge.ts).
 */
export type ChunkSource =
  | ({ kind: 'stored'; key: string; offset: number; length: number } & SourceSpan)
  | ({ kind: 'encoded'; blocks: Uint8Array[] } & SourceSpan)
  | ({ kind: 'memory'; block: DecodedBlock } & SourceSpan);

/**
 * Decoded rows, ascending by ts (ties keep arrival order). Timestamps = base + exact ns offsets (each offset an
 * integer < 2^53, so exact in a double). `lines` holds the UTF-8 lines back to back; line i is
 * lines.subarray(i === 0 ? 0 : lineEnds[i-1], lineEnds[i]). `sm` is per row, undefined where a row has none.
 */
export interface DecodedBlock {
  base: bigint;
  ts: Float64Array;
  lines?: Buffer;
  lineEnds?: Uint32Array;
  sm?: (LabelPair[] | undefined)[];
  rawBytes: number;
}

export interface IndexStats { streams: number; chunks: number; entries: number; bytes: number }

/** What the ingester holds in memory of one stream (heads, chunks being persisted). */
export interface MemoryStream {
  memoryOverlaps(fromNs: bigint, toNs: bigint): boolean;
  /** In-memory data overlapping [from, to] as sources. */
  memorySources(fromNs: bigint, toNs: bigint): ChunkSource[];
  /** Adds what memory holds in [from, to] to `stats` (chunks: cut chunks and the head). */
  addMemoryStats(fromNs: bigint, toNs: bigint, stats: IndexStats): void;
}

export interface Ingester {
  /**
   * Stores the streams; resolves only when everything accepted is durable (fsynced WAL), and only then are the
   * entries visible to queries. Concurrent calls share fsyncs. Throws WalWriteError when the WAL cannot be written.
   */
  push(tenant: string, streams: StreamIn[]): Promise<StreamOutcome[]>;
  /** The stream's in-memory data, if any. */
  memory(tenant: string, seriesId: number): MemoryStream | undefined;
  /** Per tenant, how many streams are held in memory (loki_ingester_memory_streams). */
  memoryStreams(): Map<string, number>;
  /** Cuts and persists every head (shutdown, tests, benchmarks). */
  flush(): Promise<void>;
  /** flush() then stops; the ingester is unusable afterwards (the store stays open). */
  close(): Promise<void>;
}

/** The read side of storage: stored and in-memory data of every stream alike. */
export interface StreamIndex {
  /** The object store stored sources point into (scan workers open it by this). */
  readonly objects: ObjectStoreRef;
  /**
   * Streams with data in [fromNs, toNs] matching all matchers (regexes: RE2, anchored ^(?s:re)$), found as
   * the caller iterates (callers over many streams pace their loop).
   */
  selectStreams(tenant: string, matchers: Matcher[], fromNs: bigint, toNs: bigint): Iterable<StreamRef>;
  /** Sorted. */
  labelNames(tenant: string, fromNs: bigint, toNs: bigint, matchers?: Matcher[]): string[];
  /** Sorted. */
  labelValues(tenant: string, name: string, fromNs: bigint, toNs: bigint, matchers?: Matcher[]): string[];
  /** Sources overlapping [fromNs, toNs], ordered by minTs. Stored and in-memory data of the stream alike. */
  chunkSources(tenant: string, streamId: number, fromNs: bigint, toNs: bigint): ChunkSource[];
  indexStats(tenant: string, matchers: Matcher[], fromNs: bigint, toNs: bigint): IndexStats;
}
