import type { QueryStats } from '../querier/log-result.js';

/** Loki's `stats` object; Grafana reads summary.{bytes,lines}ProcessedPerSecond, total*Processed and execTime. */
export function statsJSON(s: QueryStats, returned: number): unknown {
  const perSec = (n: number): number => (s.execTimeSec > 0 ? Math.floor(n / s.execTimeSec) : 0);
  const store = {
    totalChunksRef: s.chunksRef, totalChunksDownloaded: s.chunksRef, chunksDownloadTime: 0, queryReferencedStructuredMetadata: false,
    chunk: { headChunkBytes: 0, headChunkLines: 0, decompressedBytes: s.bytesProcessed, decompressedLines: s.linesProcessed,
      compressedBytes: 0, totalDuplicates: 0, postFilterLines: returned, headChunkStructuredMetadataBytes: 0, decompressedStructuredMetadataBytes: 0 },
    chunkRefsFetchTime: 0, congestionControlLatency: 0, pipelineWrapperFilteredLines: 0,
  };
  return {
    summary: {
      bytesProcessedPerSecond: perSec(s.bytesProcessed), linesProcessedPerSecond: perSec(s.linesProcessed),
      totalBytesProcessed: s.bytesProcessed, totalLinesProcessed: s.linesProcessed, execTime: s.execTimeSec, queueTime: 0,
      subqueries: 0, totalEntriesReturned: returned, splits: 0, shards: 0, totalPostFilterLines: returned,
      totalStructuredMetadataBytesProcessed: 0,
    },
    querier: { store },
    ingester: { totalReached: 0, totalChunksMatched: 0, totalBatches: 0, totalLinesSent: 0, store },
    cache: Object.fromEntries(['chunk', 'index', 'result', 'statsResult', 'volumeResult', 'seriesResult', 'labelResult', 'instantMetricResult']
      .map((k) => [k, { entriesFound: 0, entriesRequested: 0, entriesStored: 0, bytesReceived: 0, bytesSent: 0, requests: 0, downloadTime: 0, queryLengthServed: 0 }])),
    index: { totalChunks: 0, postFilterChunks: 0, shardsDuration: 0, usedBloomFilters: false },
  };
}
