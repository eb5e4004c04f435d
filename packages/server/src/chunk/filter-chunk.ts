// A stored chunk less some of its rows, for the compactor applying a delete request: bytes in, bytes out. Each
// block keeps its place and is encoded again from the rows it keeps; a block that keeps none is left out.
import type { LabelPair } from '@logi/protocol';
import type { DecodedBlock } from '../ingester/types.js';
import { decodeBlock } from './block-decode.js';
import { encodeBlock, SmTableWriter, type EncodedBlock } from './block-encode.js';
import { encodeChunk, parseChunk, type ChunkStream } from './chunk-format.js';

/** True when the row goes. */
export type RowTest = (ts: bigint, line: Buffer, sm: readonly LabelPair[] | undefined) => boolean;

/** The rows of `b` that `drop` spares, encoded; undefined when none is left, 'all' when every row is. */
function keptBlock(b: DecodedBlock, drop: RowTest): EncodedBlock | undefined | 'all' {
  const ends = b.lineEnds!;
  const kept: number[] = [];
  for (let i = 0; i < b.ts.length; i++) {
    const line = b.lines!.subarray(i === 0 ? 0 : ends[i - 1]!, ends[i]!);
    if (!drop(b.base + BigInt(b.ts[i]!), line, b.sm?.[i])) kept.push(i);
  }
  if (kept.length === 0) return undefined;
  if (kept.length === b.ts.length) return 'all';
  const base = b.base + BigInt(b.ts[kept[0]!]!); // rows are sorted: the first kept is the earliest
  const shift = b.ts[kept[0]!]!;
  const ts = new Float64Array(kept.length);
  const lineEnds = new Uint32Array(kept.length);
  const smIds = new Uint32Array(kept.length);
  const sets = new SmTableWriter();
  const setIds = new Map<readonly LabelPair[], number>(); // a decoded block shares one array per set
  const lines: Buffer[] = [];
  let end = 0;
  kept.forEach((i, k) => {
    ts[k] = b.ts[i]! - shift;
    const line = b.lines!.subarray(i === 0 ? 0 : ends[i - 1]!, ends[i]!);
    lines.push(line);
    end += line.length;
    lineEnds[k] = end;
    const sm = b.sm?.[i];
    if (sm) {
      let id = setIds.get(sm);
      if (id === undefined) setIds.set(sm, (id = sets.add(sm)));
      smIds[k] = id;
    }
  });
  return encodeBlock({ base, count: kept.length, ts, lines: Buffer.concat(lines), lineEnds, smIds, smTable: sets.table() });
}

/**
 * The chunk without the rows `drop` selects: undefined when it drops none (the chunk stays as it is), null when
 * it drops all. `stream` is written into the new chunk (the index's, so version 1 chunks gain one).
 */
export function filterChunk(buf: Buffer, stream: ChunkStream, drop: RowTest): Buffer | null | undefined {
  const blocks: EncodedBlock[] = [];
  let changed = false;
  for (const ref of parseChunk(buf)) {
    const bytes = buf.subarray(ref.offset, ref.offset + ref.length);
    const kept = keptBlock(decodeBlock(bytes, { lines: true, sm: true }), drop);
    if (kept === 'all') {
      blocks.push({ bytes, minTs: ref.minTs, maxTs: ref.maxTs, entries: ref.entries, rawBytes: ref.rawBytes });
      continue;
    }
    changed = true;
    if (kept) blocks.push(kept);
  }
  if (!changed) return undefined;
  return blocks.length === 0 ? null : encodeChunk(blocks, stream);
}
