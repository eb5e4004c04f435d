// Grafana's log deduplication: a row equal to the one shown before it (by the strategy's measure) is folded into
// it, which then counts its duplicates.
import type { LogRow } from './log-rows.js';

export type DedupStrategy = 'none' | 'exact' | 'numbers' | 'signature';
export const DEDUP_STRATEGIES: readonly DedupStrategy[] = ['none', 'exact', 'numbers', 'signature'];

const ISO_DATE = /\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-6]\d[,.]\d+([+-][0-2]\d:[0-5]\d|Z)/g;

/** What two lines must share to be duplicates: exact ignores ISO time stamps, numbers all digits, signature all word characters. */
const MEASURES: Record<Exclude<DedupStrategy, 'none'>, (line: string) => string> = {
  exact: (line) => line.replace(ISO_DATE, ''),
  numbers: (line) => line.replace(/\d/g, ''),
  signature: (line) => line.replace(/\w/g, ''),
};

export interface ShownRow { row: LogRow; duplicates: number }

export function dedupRows(rows: readonly LogRow[], strategy: DedupStrategy): ShownRow[] {
  if (strategy === 'none') return rows.map((row) => ({ row, duplicates: 0 }));
  const measure = MEASURES[strategy];
  const shown: ShownRow[] = [];
  let lastMeasure: string | undefined;
  for (const row of rows) {
    const m = measure(row.line);
    const previous = shown[shown.length - 1];
    if (previous && m === lastMeasure) previous.duplicates++;
    else shown.push({ row, duplicates: 0 });
    lastMeasure = m;
  }
  return shown;
}
