import type { LogSelectorExpr } from '@logi/logql';
import type { LogEntryOut, LogQueryResult, QueryStats } from '../querier/log-result.js';
import type { LogQueryParams } from '../querier/log-query.js';
import { MAX_LOG_RESULT_BYTES, sumEntryBytes } from '../querier/result-bytes.js';
import { mergeSplitResponses } from './merge-streams.js';

/** Loki's default `split_queries_by_interval`. */
export const SPLIT_INTERVAL_NS = 3_600_000_000_000n;

export type LogQueryRunner = (q: LogQueryParams) => Promise<LogQueryResult>;

/**
 * The query frontend's split of a log query into intervals aligned to the epoch, run in the query's
 * direction until `limit` entries are in hand, then merged as Loki's frontend merges them. Loki's
 * answers depend on that merge (see merge-streams.ts), so Logi reproduces it rather than cutting
 * at one global time.
 */
export async function splitLogQuery(run: LogQueryRunner, q: LogQueryParams, categorize: boolean): Promise<LogQueryResult> {
  const intervals: [bigint, bigint][] = [];
  for (let s = q.start; s < q.end;) {
    const boundary = (s / SPLIT_INTERVAL_NS + 1n) * SPLIT_INTERVAL_NS;
    const e = boundary < q.end ? boundary : q.end;
    intervals.push([s, e]);
    s = e;
  }
  if (intervals.length <= 1) return run(q);
  if (q.direction === 'backward') intervals.reverse();

  const responses: LogEntryOut[][] = [];
  const stats: QueryStats = { bytesProcessed: 0, linesProcessed: 0, chunksRef: 0, execTimeSec: 0 };
  let remaining = q.limit;
  // the parts together hold no more than one query may
  let bytesLeft = q.maxBytes ?? MAX_LOG_RESULT_BYTES;
  for (const [start, end] of intervals) {
    const res = await run({ ...q, start, end, maxBytes: bytesLeft });
    bytesLeft -= sumEntryBytes(res.entries);
    responses.push(res.entries);
    stats.bytesProcessed += res.stats.bytesProcessed;
    stats.linesProcessed += res.stats.linesProcessed;
    stats.chunksRef += res.stats.chunksRef;
    stats.execTimeSec += res.stats.execTimeSec;
    remaining -= res.entries.length;
    if (remaining <= 0) break;
  }
  return { entries: mergeSplitResponses(responses, q.limit, q.direction === 'forward', categorize), stats };
}
