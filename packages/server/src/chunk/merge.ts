import type { LabelPair } from '@logi/protocol';
import type { DecodedBlock } from '../ingester/types.js';

// Above this many overlapping inputs a sort beats scanning every head for the minimum.
const MAX_SCAN_MERGE = 16;

/**
 * Merges decoded blocks (each sorted by ts) into one block sorted by ts; equal timestamps keep the order of
 * `blocks`. Lines and structured metadata are carried when every input has them. Offsets are rebased on the
 * smallest base: blocks of one stream that overlap or touch lie within days of each other, far below 2^53 ns.
 * `dropCopies` (inputs with lines and metadata) keeps one of rows equal in ts, line and metadata: copies of
 * one entry in several sources of a stream (a push retried after its first copy was stored), which Loki's
 * query iterators drop too; the push path dedups only against memory.
 */
export function mergeBlocks(blocks: readonly DecodedBlock[], opts: { dropCopies?: boolean } = {}): DecodedBlock {
  if (blocks.length === 1) return blocks[0]!;
  let base: bigint | undefined;
  let total = 0;
  let rawBytes = 0;
  let withLines = true;
  let withSm = true;
  for (const b of blocks) {
    if (base === undefined || b.base < base) base = b.base;
    total += b.ts.length;
    rawBytes += b.rawBytes;
    if (!b.lines || !b.lineEnds) withLines = false;
    if (!b.sm) withSm = false;
  }
  if (base === undefined) return { base: 0n, ts: new Float64Array(0), lineEnds: new Uint32Array(0), rawBytes: 0 };
  const shift = blocks.map((b) => Number(b.base - base!));

  // Output order as (block, row) pairs.
  const ob = new Uint16Array(total);
  const or = new Uint32Array(total);
  const k = blocks.length;
  if (k > 0xffff) throw new Error('BUG: mergeBlocks of more than 65535 blocks');
  if (inSequence(blocks, shift)) {
    let o = 0;
    blocks.forEach((b, bi) => {
      for (let r = 0; r < b.ts.length; r++, o++) { ob[o] = bi; or[o] = r; }
    });
  } else if (k <= MAX_SCAN_MERGE) {
    const pos = new Uint32Array(k);
    for (let o = 0; o < total; o++) {
      let best = -1;
      let bestTs = Infinity;
      for (let bi = 0; bi < k; bi++) {
        const b = blocks[bi]!;
        const r = pos[bi]!;
        if (r < b.ts.length) {
          const t = b.ts[r]! + shift[bi]!;
          if (t < bestTs) { bestTs = t; best = bi; }
        }
      }
      ob[o] = best;
      or[o] = pos[best]!++;
    }
  } else {
    const all = new Uint32Array(total);
    const tsOf = new Float64Array(total);
    let o = 0;
    blocks.forEach((b, bi) => {
      for (let r = 0; r < b.ts.length; r++, o++) { ob[o] = bi; or[o] = r; tsOf[o] = b.ts[r]! + shift[bi]!; all[o] = o; }
    });
    all.sort((x, y) => tsOf[x]! - tsOf[y]! || x - y);
    const ob2 = ob.slice();
    const or2 = or.slice();
    for (let i = 0; i < total; i++) { ob[i] = ob2[all[i]!]!; or[i] = or2[all[i]!]!; }
  }

  if (opts.dropCopies && withLines && withSm) {
    const kept = keepFirstCopies(blocks, shift, ob, or, total);
    for (let i = kept; i < total; i++) {
      const b = blocks[ob[i]!]!;
      const r = or[i]!;
      rawBytes -= b.lineEnds![r]! - (r === 0 ? 0 : b.lineEnds![r - 1]!);
    }
    total = kept;
  }
  const ts = new Float64Array(total);
  for (let i = 0; i < total; i++) ts[i] = blocks[ob[i]!]!.ts[or[i]!]! + shift[ob[i]!]!;
  const out: DecodedBlock = { base, ts, rawBytes };
  const lineEnds = new Uint32Array(total);
  let end = 0;
  for (let i = 0; i < total; i++) {
    const b = blocks[ob[i]!]!;
    const r = or[i]!;
    const ends = b.lineEnds;
    if (ends) end += ends[r]! - (r === 0 ? 0 : ends[r - 1]!);
    lineEnds[i] = end;
  }
  out.lineEnds = lineEnds;
  if (withLines) {
    const lines = Buffer.from(new ArrayBuffer(end));
    let p = 0;
    for (let i = 0; i < total; i++) {
      const b = blocks[ob[i]!]!;
      const r = or[i]!;
      const ends = b.lineEnds!;
      p += b.lines!.copy(lines, p, r === 0 ? 0 : ends[r - 1]!, ends[r]!);
    }
    out.lines = lines;
  }
  if (withSm) {
    const sm = new Array<LabelPair[] | undefined>(total);
    for (let i = 0; i < total; i++) sm[i] = blocks[ob[i]!]!.sm![or[i]!];
    out.sm = sm;
  }
  return out;
}

const lineOf = (b: DecodedBlock, r: number): Buffer => b.lines!.subarray(r === 0 ? 0 : b.lineEnds![r - 1]!, b.lineEnds![r]!);

function sameSm(a: readonly LabelPair[] | undefined, b: readonly LabelPair[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every(([n, v], i) => n === b[i]![0] && v === b[i]![1]);
}

/**
 * Compacts the merged order (ob, or) to the first of each set of equal rows; rows of equal ts are adjacent.
 * Returns how many rows are kept; the dropped ones follow them in ob/or.
 */
function keepFirstCopies(blocks: readonly DecodedBlock[], shift: readonly number[], ob: Uint16Array, or: Uint32Array, total: number): number {
  const tsAt = (i: number): number => blocks[ob[i]!]!.ts[or[i]!]! + shift[ob[i]!]!;
  const dropped: [number, number][] = [];
  let kept = 0;
  let groupStart = 0;
  for (let i = 0; i < total; i++) {
    const t = tsAt(i);
    if (kept === 0 || tsAt(kept - 1) !== t) groupStart = kept;
    const b = blocks[ob[i]!]!;
    const r = or[i]!;
    let copy = false;
    for (let j = groupStart; j < kept && !copy; j++) {
      const bj = blocks[ob[j]!]!;
      copy = lineOf(bj, or[j]!).equals(lineOf(b, r)) && sameSm(bj.sm![or[j]!], b.sm![r]);
    }
    if (copy) {
      dropped.push([ob[i]!, r]);
      continue;
    }
    ob[kept] = ob[i]!;
    or[kept] = r;
    kept++;
  }
  dropped.forEach(([bi, r], k) => { ob[kept + k] = bi; or[kept + k] = r; });
  return kept;
}

/** True when each block starts at or after the end of the one before it, so concatenation is sorted. */
function inSequence(blocks: readonly DecodedBlock[], shift: readonly number[]): boolean {
  let last = -Infinity;
  for (let bi = 0; bi < blocks.length; bi++) {
    const ts = blocks[bi]!.ts;
    if (ts.length === 0) continue;
    if (ts[0]! + shift[bi]! < last) return false;
    last = ts[ts.length - 1]! + shift[bi]!;
  }
  return true;
}
