// The rows of a log result: one per entry, with its stream labels, structured metadata and parsed labels kept apart
// (the lines query asks with categorize-labels), ordered by time, and pages merged without repeating an entry.
import type { Labels, StreamResult } from '../api/loki.js';
import { formatDateTime } from '../shell/time-range.js';
import { levelOf, type LogLevel } from './levels.js';

export interface LogRow {
  /** the entry's identity: the same entry from two pages (or the tail) has the same key */
  key: string;
  /** nanoseconds since the epoch, as Loki gives it */
  tsNs: string;
  line: string;
  stream: Labels;
  metadata: Labels;
  parsed: Labels;
  level: LogLevel;
}

export type LogOrder = 'newest' | 'oldest';

/** Older first: nanosecond strings compare by length, then character by character. */
export const compareNs = (a: string, b: string): number => a.length - b.length || (a > b ? 1 : a < b ? -1 : 0);

const streamKey = (labels: Labels): string => JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));

export function rowsOf(streams: readonly StreamResult[]): LogRow[] {
  const rows: LogRow[] = [];
  for (const s of streams) {
    const key = streamKey(s.stream);
    for (const [tsNs, line, extra] of s.values) {
      const metadata = extra?.structuredMetadata ?? {};
      const parsed = extra?.parsed ?? {};
      rows.push({ key: `${key}\n${tsNs}\n${line}`, tsNs, line, stream: s.stream, metadata, parsed, level: levelOf({ ...s.stream, ...metadata, ...parsed }, line) });
    }
  }
  return rows;
}

/** All rows of `pages` once each, in `order`. */
export function mergeRows(pages: ReadonlyArray<readonly LogRow[]>, order: LogOrder): LogRow[] {
  const byKey = new Map<string, LogRow>();
  for (const page of pages) for (const r of page) byKey.set(r.key, r);
  const sign = order === 'oldest' ? 1 : -1;
  return [...byKey.values()].sort((a, b) => sign * compareNs(a.tsNs, b.tsNs));
}

export function formatTime(tsNs: string, utc: boolean): string {
  const ms = Number(tsNs.slice(0, -6) || '0');
  return `${formatDateTime(ms, utc)}.${tsNs.slice(-9, -6).padStart(3, '0')}`;
}
