import type { LabelPair } from '@logi/protocol';
import type { ChunkSource, DecodedBlock } from '../ingester/types.js';

/**
 * Groups a stream's sources into runs whose time ranges overlap. Runs are disjoint in time, so a
 * query can read them one at a time in its direction and stop as soon as it has enough rows.
 */
export function overlapRuns(sources: readonly ChunkSource[]): ChunkSource[][] {
  const sorted = [...sources].sort((a, b) => (a.minTs < b.minTs ? -1 : a.minTs > b.minTs ? 1 : 0));
  const runs: ChunkSource[][] = [];
  let runMax = 0n;
  for (const s of sorted) {
    const last = runs[runs.length - 1];
    if (last && s.minTs <= runMax) {
      last.push(s);
      if (s.maxTs > runMax) runMax = s.maxTs;
    } else {
      runs.push([s]);
      runMax = s.maxTs;
    }
  }
  return runs;
}

/** The time span of a run. */
export function runSpan(run: readonly ChunkSource[]): { minTs: bigint; maxTs: bigint } {
  let minTs = run[0]!.minTs;
  let maxTs = run[0]!.maxTs;
  for (const s of run) {
    if (s.minTs < minTs) minTs = s.minTs;
    if (s.maxTs > maxTs) maxTs = s.maxTs;
  }
  return { minTs, maxTs };
}

/** Index of the first row with ts >= t (rows sorted ascending). */
export function lowerBound(block: DecodedBlock, t: bigint): number {
  const off = t - block.base;
  if (off <= 0n) return 0;
  const target = Number(off);
  const ts = block.ts;
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Line bytes of rows a..b-1 of a block read with lines (a < b). */
export function rowsBytes(block: DecodedBlock, a: number, b: number): number {
  const ends = block.lineEnds!;
  return ends[b - 1]! - (a === 0 ? 0 : ends[a - 1]!);
}

export function lineAt(block: DecodedBlock, i: number): Buffer {
  const ends = block.lineEnds!;
  return block.lines!.subarray(i === 0 ? 0 : ends[i - 1]!, ends[i]!);
}

export function smAt(block: DecodedBlock, i: number): LabelPair[] | undefined {
  return block.sm?.[i];
}
