// The shown lines saved as a file, as Grafana's Download offers them: text (time, tab, line) or JSON.
import type { ShownRow } from './dedup.js';
import type { LogRow } from './log-rows.js';

export type DownloadFormat = 'text' | 'json';

/** RFC 3339 in UTC with the nanoseconds Loki keeps. */
const rfc3339 = (tsNs: string): string => `${new Date(Number(tsNs.slice(0, -6) || '0')).toISOString().slice(0, 19)}.${tsNs.slice(-9).padStart(9, '0')}Z`;

const jsonOf = (r: LogRow, duplicates: number): object => ({
  time: rfc3339(r.tsNs), timestamp: r.tsNs, line: r.line, labels: r.stream,
  ...(Object.keys(r.metadata).length ? { structuredMetadata: r.metadata } : {}),
  ...(Object.keys(r.parsed).length ? { parsed: r.parsed } : {}),
  ...(duplicates ? { duplicates } : {}),
});

export function downloadText(rows: readonly ShownRow[], format: DownloadFormat): string {
  if (format === 'json') return `${JSON.stringify(rows.map((s) => jsonOf(s.row, s.duplicates)), null, 2)}\n`;
  return rows.map((s) => `${rfc3339(s.row.tsNs)}\t${s.row.line}\n`).join('');
}

export function download(rows: readonly ShownRow[], format: DownloadFormat): void {
  const blob = new Blob([downloadText(rows, format)], { type: format === 'json' ? 'application/json' : 'text/plain' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `Explore-logs-${new Date().toISOString().replace(/[:.]/g, '-')}.${format === 'json' ? 'json' : 'txt'}`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 0);
}
