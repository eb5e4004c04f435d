// A row's context as Grafana's Loki data source asks for it: the row's stream (its labels as the selector), the
// lines before it (newest first, up to 2 hours back) and after it (oldest first, up to 2 hours on).
import type { Labels } from '../api/loki.js';
import { queryRange } from '../api/loki.js';
import { quoted } from '../api/logql-string.js';
import { rowsOf, type LogRow } from './log-rows.js';

export const CONTEXT_LINES = 10;
const BUFFER_NS = 2n * 3600n * 1_000_000_000n;

export const streamSelector = (labels: Labels): string =>
  `{${Object.entries(labels).map(([k, v]) => `${k}=${quoted(v)}`).join(', ')}}`;

export interface RowContext { before: LogRow[]; after: LogRow[] }

export async function rowContext(row: LogRow, signal?: AbortSignal): Promise<RowContext> {
  const query = streamSelector(row.stream);
  const ts = BigInt(row.tsNs);
  const page = async (startNs: bigint, endNs: bigint, direction: 'backward' | 'forward'): Promise<LogRow[]> => {
    // The nanosecond bounds are the ones sent; the millisecond ones are unused.
    const r = await queryRange({ query, startMs: 0, endMs: 0, startNs: String(startNs), endNs: String(endNs), limit: CONTEXT_LINES + 1, direction, categorize: true }, signal);
    // The row itself (and a line at its very time in the other page) is not its own context.
    return r.data.resultType === 'streams' ? rowsOf(r.data.result).filter((c) => c.key !== row.key).slice(0, CONTEXT_LINES) : [];
  };
  // Loki's end is exclusive: the page before ends just after the row, so lines sharing its time stamp count.
  const [before, after] = await Promise.all([page(ts - BUFFER_NS, ts + 1n, 'backward'), page(ts, ts + BUFFER_NS, 'forward')]);
  const seen = new Set(before.map((r) => r.key));
  return { before, after: after.filter((r) => !seen.has(r.key)) };
}
