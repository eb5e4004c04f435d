// The log lines of a query result: newest first, time in local time or UTC, the level as a coloured bar.
// Later work extends this list (virtualisation, dedup, row details); it only needs the streams and the options.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Labels, StreamResult } from '../api/loki.js';
import { formatDateTime } from '../shell/time-range.js';
import { LEVEL_COLORS, levelOf, type LogLevel } from './levels.js';

export interface LogRow {
  /** nanoseconds since the epoch, as Loki gives it */
  tsNs: string;
  line: string;
  labels: Labels;
  level: LogLevel;
}

/** Newer first: nanosecond strings compare by length, then character by character. */
const newerFirst = (a: LogRow, b: LogRow): number =>
  b.tsNs.length - a.tsNs.length || (b.tsNs > a.tsNs ? 1 : b.tsNs < a.tsNs ? -1 : 0);

export function rowsOf(streams: readonly StreamResult[]): LogRow[] {
  const rows: LogRow[] = [];
  for (const s of streams) {
    for (const [tsNs, line, metadata] of s.values) {
      const labels = metadata ? { ...s.stream, ...metadata } : s.stream;
      rows.push({ tsNs, line, labels, level: levelOf(labels, line) });
    }
  }
  return rows.sort(newerFirst);
}

function formatTime(tsNs: string, utc: boolean): string {
  const ms = Number(tsNs.slice(0, -6) || '0');
  return `${formatDateTime(ms, utc)}.${tsNs.slice(-9, -6).padStart(3, '0')}`;
}

/** Rows drawn in the first frame; the rest follow in the next, so the first lines show without waiting for all. */
const FIRST_FRAME_ROWS = 100;

export function LogList({ streams, utc }: { streams: readonly StreamResult[]; utc: boolean }) {
  const rows = useMemo(() => rowsOf(streams), [streams]);
  const [shown, setShown] = useState(FIRST_FRAME_ROWS);
  useEffect(() => {
    setShown(FIRST_FRAME_ROWS);
    // A timer set in an animation frame fires after that frame is painted.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => { timer = setTimeout(() => setShown(Infinity), 0); });
    return () => { cancelAnimationFrame(frame); clearTimeout(timer); };
  }, [rows]);
  if (rows.length === 0) return <div class="empty">No logs found.</div>;
  return (
    <div class="log-list" role="list">
      {rows.slice(0, shown).map((r, i) => (
        <div class="log-row" role="listitem" data-level={r.level} key={i}>
          <span class="log-level" style={{ background: LEVEL_COLORS[r.level] }} title={r.level} />
          <span class="log-time">{formatTime(r.tsNs, utc)}</span>
          <span class="log-line">{r.line}</span>
        </div>
      ))}
    </div>
  );
}
