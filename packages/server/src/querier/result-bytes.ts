// The memory a query's results may take. A line is at most max_line_size when stored, but a pipeline
// can rewrite every line and label up to the template bound (256 KiB each): a log answer may hold
// max_entries_limit_per_query (5,000) such lines, and a metric query one series per line, each with
// such a label, before any series limit applies; in the scan worker, in the copy sent to the main
// thread and in the JSON, a few queries at once would exhaust the heap. Loki has no such limit (its
// queriers stream results through gRPC, whose default 100 MB message bound fails such a query with a
// 500); Logi refuses a query whose kept lines and labels, or whose series labels, pass their bound with
// a 400 naming it. A query is refused as soon as its first entries or series show that it is on course to
// pass the bound (query-budget.ts, scan-samples.ts), rather than after formatting enough lines to fill it.
import { QueryError } from '@logi/logql';
import type { LogEntryOut } from './log-result.js';

/** Bytes (UTF-16 units of lines and label strings) one log query may keep in memory. */
export const MAX_LOG_RESULT_BYTES = 32 * 1024 * 1024;
/**
 * Bytes of distinct series labels one metric query may hold. Lower: a series' labels are held several
 * times over (pipeline caches, batch, the copy to the main thread), and 500 series (max_query_series)
 * of 32 KiB labels each still fit.
 */
export const MAX_SERIES_LABEL_BYTES = 16 * 1024 * 1024;

const valueChars = (labels: readonly (readonly [string, string])[]): number => {
  let n = 0;
  for (const [, v] of labels) n += v.length;
  return n;
};

/**
 * What an entry holds: its line, its label strings and its label values. Copied to the main thread, a
 * label value shared by these strings in the worker becomes one copy each, so each is counted.
 */
export const entryBytes = (e: LogEntryOut): number =>
  e.line.length + e.fullKey.length + e.streamKey.length + (e.labelsJSON?.length ?? 0) + valueChars(e.stream) + valueChars(e.sm) + valueChars(e.parsed);

export const sumEntryBytes = (entries: readonly LogEntryOut[]): number => entries.reduce((n, e) => n + entryBytes(e), 0);

export const sumSeriesKeyBytes = (series: readonly { key: string }[]): number => series.reduce((n, s) => n + s.key.length, 0);

/** The 400 of a query past its bound: `what` it held too much of. */
export function resultTooLarge(what: 'log lines and labels' | 'series labels'): QueryError {
  const limit = what === 'series labels' ? MAX_SERIES_LABEL_BYTES : MAX_LOG_RESULT_BYTES;
  return new QueryError(
    `the query result exceeds the limit of ${limit} bytes of ${what} held in memory${what === 'log lines and labels' ? ' (or its first entries show that it would)' : ''}; ` +
      'lower the limit parameter, narrow the selector or shorten formatted lines and labels',
    400,
  );
}
