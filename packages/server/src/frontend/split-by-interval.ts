import type { LogEntryOut, LogQueryResult, QueryStats } from '../querier/log-result.js';
import type { LogQueryParams } from '../querier/log-query.js';
import { MAX_LOG_RESULT_BYTES, sumEntryBytes } from '../querier/result-bytes.js';
import { mergeSplitResponses } from './merge-streams.js';

/** Loki's default `split_queries_by_interval`. */
export const SPLIT_INTERVAL_NS = 3_600_000_000_000n;

export type LogQueryRunner = (q: LogQueryParams) => Promise<LogQueryResult>;

/** Largest multiple of SPLIT_INTERVAL_NS at or below `t` (also before the epoch). */
function alignDown(t: bigint): bigint {
  const r = t % SPLIT_INTERVAL_NS;
  return t - (r < 0n ? r + SPLIT_INTERVAL_NS : r);
}

/**
 * The query's intervals, aligned to the epoch, in the query's direction and built one at a time: a
 * query that stops at its limit never makes the rest (with max_query_length 0 there may be millions).
 */
export function* splitIntervals(start: bigint, end: bigint, backward: boolean): Generator<[bigint, bigint]> {
  if (backward) {
    for (let e = end; e > start;) {
      const boundary = alignDown(e - 1n);
      const s = boundary > start ? boundary : start;
      yield [s, e];
      e = s;
    }
    return;
  }
  for (let s = start; s < end;) {
    const boundary = alignDown(s) + SPLIT_INTERVAL_NS;
    const e = boundary < end ? boundary : end;
    yield [s, e];
    s = e;
  }
}

/**
 * The query frontend's split of a log query into intervals aligned to the epoch, run in the query's
 * direction until `limit` entries are in hand, then merged as Loki's frontend merges them. Loki's
 * answers depend on that merge (see merge-streams.ts), so Logi reproduces it rather than cutting
 * at one global time.
 */
export async function splitLogQuery(run: LogQueryRunner, q: LogQueryParams, categorize: boolean): Promise<LogQueryResult> {
  // one interval or none: nothing to split
  if (q.end <= q.start || alignDown(q.start) === alignDown(q.end - 1n)) return run(q);

  const responses: LogEntryOut[][] = [];
  const stats: QueryStats = { bytesProcessed: 0, linesProcessed: 0, chunksRef: 0, execTimeSec: 0 };
  let remaining = q.limit;
  // the parts together hold no more than one query may
  let bytesLeft = q.maxBytes ?? MAX_LOG_RESULT_BYTES;
  for (const [start, end] of splitIntervals(q.start, q.end, q.direction === 'backward')) {
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
