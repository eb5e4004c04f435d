import { compileLogPipeline, type LogSelectorExpr } from '@logi/logql';
import type { Ingester } from '../ingester/types.js';
import type { LogEntryOut, LogQueryResult } from './log-result.js';
import { lineAt, lowerBound, overlapRuns, readRun, smAt } from './stream-rows.js';

export interface LogQueryParams {
  start: bigint;
  /** exclusive */
  end: bigint;
  limit: number;
  direction: 'forward' | 'backward';
  /**
   * 0 = off. Otherwise, as Loki's readStreams does, the first `limit` entries are taken and then
   * thinned across all streams: an entry is kept only at least `interval` after the last kept one.
   */
  interval: bigint;
}

function compareEntries(forward: boolean) {
  return (a: LogEntryOut, b: LogEntryOut): number => {
    if (a.ts !== b.ts) return (a.ts < b.ts) === forward ? -1 : 1;
    return a.fullKey < b.fullKey ? -1 : a.fullKey > b.fullKey ? 1 : 0;
  };
}

function thin(entries: LogEntryOut[], interval: bigint, forward: boolean): LogEntryOut[] {
  const kept: LogEntryOut[] = [];
  let last: bigint | undefined;
  for (const e of entries) {
    if (last !== undefined && (forward ? e.ts - last : last - e.ts) < interval) continue;
    kept.push(e);
    last = e.ts;
  }
  return kept;
}

/**
 * Runs a log query: selects streams from the index, reads each stream's rows in the query
 * direction (one overlap run at a time, stopping at `limit`), runs the pipeline, and keeps the
 * first `limit` entries across all streams.
 */
export function runLogQuery(ingester: Ingester, tenant: string, expr: LogSelectorExpr, q: LogQueryParams): LogQueryResult {
  const t0 = performance.now();
  const pipeline = compileLogPipeline(expr.pipeline);
  const forward = q.direction === 'forward';
  const lastNs = q.end - 1n;
  const out: LogEntryOut[] = [];
  let bytes = 0;
  let lines = 0;
  let chunks = 0;

  for (const stream of ingester.selectStreams(tenant, expr.matchers, q.start, lastNs)) {
    const sp = pipeline.forStream(stream.labels);
    const sources = ingester.chunkSources(tenant, stream.id, q.start, lastNs);
    chunks += sources.length;
    const runs = overlapRuns(sources);
    if (!forward) runs.reverse();
    let taken = 0;
    for (const run of runs) {
      const block = readRun(run, { lines: true, sm: true });
      const from = lowerBound(block, q.start);
      const to = lowerBound(block, q.end);
      for (let k = 0; k < to - from && taken < q.limit; k++) {
        const i = forward ? from + k : to - 1 - k;
        const ts = block.base + BigInt(block.ts[i]!);
        const line = lineAt(block, i);
        bytes += line.length;
        lines++;
        const r = sp.process(ts, line, smAt(block, i));
        if (r === null) continue;
        const l = r.labels;
        out.push({
          ts, line: typeof r.line === 'string' ? r.line : r.line.toString('utf8'),
          stream: l.stream, streamKey: l.streamKey, sm: l.structuredMetadata, parsed: l.parsed, fullKey: l.key,
        });
        taken++;
      }
      if (taken >= q.limit) break;
    }
  }
  out.sort(compareEntries(forward));
  if (out.length > q.limit) out.length = q.limit;
  return { entries: q.interval > 0n ? thin(out, q.interval, forward) : out, stats: { bytesProcessed: bytes, linesProcessed: lines, chunksRef: chunks, execTimeSec: (performance.now() - t0) / 1000 } };
}
