// The memory a log query's answer may take. A line is at most max_line_size when stored, but a
// pipeline can rewrite every line and label up to the template bound (256 KiB each), and an answer
// may hold max_entries_limit_per_query (5,000) of them, in the scan worker, in the copy sent to the
// main thread and in the JSON: a few queries at once would exhaust the heap. Loki has no such limit
// (its queriers stream results through gRPC, whose default 100 MB message bound fails such a query with
// a 500); Logi refuses a query whose kept lines and labels pass this bound with a 400 naming it.
import { QueryError } from '@logi/logql';
import type { LogEntryOut } from './log-result.js';

/** Bytes (UTF-16 units of lines and label strings) one log query may keep in memory. */
export const MAX_LOG_RESULT_BYTES = 64 * 1024 * 1024;

/** What an entry holds: its line and its label string (which includes every other label text). */
export const entryBytes = (e: LogEntryOut): number => e.line.length + e.fullKey.length;

export const sumEntryBytes = (entries: readonly LogEntryOut[]): number => entries.reduce((n, e) => n + entryBytes(e), 0);

export function resultTooLarge(): QueryError {
  return new QueryError(
    `the query result exceeds the limit of ${MAX_LOG_RESULT_BYTES} bytes of log lines and labels held in memory; lower the limit parameter, narrow the selector or shorten formatted lines`,
    400,
  );
}
