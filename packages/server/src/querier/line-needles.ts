// A literal every matching line must contain, taken from the query's leading line filters (`|= "x"` runs
// before any other stage, Loki's hoisting included), lets a scan search a block's lines as one buffer
// (they sit back to back) and hand only the rows holding it to the pipeline.
import { hoistLineFilters, type Stage } from '@logi/logql';
import type { DecodedBlock } from '../ingester/types.js';

/** The longest literal of the leading `|=` filters (the rarest, and the fastest to search), if any. */
export function requiredNeedle(stages: readonly Stage[]): Buffer | undefined {
  let best: Buffer | undefined;
  for (const s of hoistLineFilters(stages)) {
    if (s.kind !== 'line_filter') break;
    const item = s.items[0];
    if (s.op !== '|=' || s.items.length !== 1 || item?.kind !== 'string' || item.value === '') continue;
    const needle = Buffer.from(item.value, 'utf8');
    if (!best || needle.length > best.length) best = needle;
  }
  return best;
}

/** Rows in [from, to) whose line contains `needle`, ascending. The block must hold its lines. */
export function rowsContaining(block: DecodedBlock, from: number, to: number, needle: Buffer): number[] {
  const lines = block.lines!;
  const ends = block.lineEnds!;
  const rows: number[] = [];
  if (from >= to) return rows;
  const stop = ends[to - 1]!;
  let pos = from === 0 ? 0 : ends[from - 1]!;
  let row = from;
  while (pos < stop) {
    const at = lines.indexOf(needle, pos);
    if (at < 0 || at + needle.length > stop) break;
    // the row holding `at`: the first whose end is past it
    let lo = row;
    let hi = to - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid]! <= at) lo = mid + 1;
      else hi = mid;
    }
    row = lo;
    if (at + needle.length <= ends[row]!) {
      rows.push(row);
      pos = ends[row]!;
      row++;
    } else {
      pos = at + 1; // the hit spans two lines: look again inside this one
    }
  }
  return rows;
}
