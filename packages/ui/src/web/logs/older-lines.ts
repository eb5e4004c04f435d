// Older lines on scroll, as Grafana's infinite scrolling asks for them: the same query again over the part of the
// range before the oldest line shown.
import { queryRange } from '../api/loki.js';
import { MAX_LINES } from '../explore/query-runner.js';
import type { ResolvedRange } from '../shell/time-range.js';
import { compareNs, rowsOf, type LogRow } from './log-rows.js';

export const oldestNs = (rows: readonly LogRow[]): string | undefined =>
  rows.reduce<string | undefined>((min, r) => (min === undefined || compareNs(r.tsNs, min) < 0 ? r.tsNs : min), undefined);

/**
 * The page before `beforeNs`. Its end includes `beforeNs` itself (Loki's end is exclusive) so that entries sharing
 * the oldest time stamp are not skipped; the caller drops the ones it already shows.
 */
export async function olderPage(expr: string, range: ResolvedRange, beforeNs: string, signal?: AbortSignal): Promise<LogRow[]> {
  const r = await queryRange({ query: expr, startMs: range.fromMs, endMs: range.toMs, endNs: String(BigInt(beforeNs) + 1n), limit: MAX_LINES, categorize: true }, signal);
  return r.data.resultType === 'streams' ? rowsOf(r.data.result) : [];
}
