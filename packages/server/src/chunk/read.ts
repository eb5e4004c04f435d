// Turns chunk bytes and in-memory sources into decoded blocks: pure, bytes in and blocks out. Stored chunks
// are fetched from the object store by the caller (../storage/chunk-fetch.ts). Runs in worker threads on
// structured-clone copies of the sources.
import type { ChunkSource, DecodedBlock } from '../ingester/types.js';
import { decodeBlock } from './block-decode.js';
import type { ChunkBlockRef } from './chunk-format.js';

export interface ReadWant {
  lines: boolean;
  sm: boolean;
  /** When given, blocks entirely outside [fromNs, toNs] are skipped without decompressing them. */
  fromNs?: bigint;
  toNs?: bigint;
}

const outside = (minTs: bigint, maxTs: bigint, want: ReadWant): boolean =>
  (want.toNs !== undefined && minTs > want.toNs) || (want.fromNs !== undefined && maxTs < want.fromNs);

/** The blocks of a checked chunk (`blocks` from parseChunk or blockTable) within the range, decoded, by minTs. */
export function chunkBlocks(buf: Buffer, blocks: readonly ChunkBlockRef[], want: ReadWant): DecodedBlock[] {
  const out: { minTs: bigint; block: DecodedBlock }[] = [];
  for (const ref of blocks) {
    if (outside(ref.minTs, ref.maxTs, want)) continue;
    out.push({ minTs: ref.minTs, block: decodeBlock(buf.subarray(ref.offset, ref.offset + ref.length), want) });
  }
  return out.sort(byMinTs).map((x) => x.block);
}

const byMinTs = (a: { minTs: bigint }, b: { minTs: bigint }): number => (a.minTs < b.minTs ? -1 : a.minTs > b.minTs ? 1 : 0);

/** A source already in memory: the ingester's heads. */
export type MemorySource = Exclude<ChunkSource, { kind: 'stored' }>;

/**
 * The blocks of an in-memory source, each sorted by ts, in ascending order of their first ts. Blocks of one
 * source may overlap in time (out-of-order writes): mergeBlocks() gives one sorted block.
 */
export function readChunk(src: MemorySource, want: ReadWant): DecodedBlock[] {
  if (src.kind === 'memory') {
    if (outside(src.minTs, src.maxTs, want)) return [];
    // After a structured clone the lines arrive as a plain Uint8Array: give them Buffer methods back.
    const { lines } = src.block;
    if (lines && !Buffer.isBuffer(lines)) {
      const u = lines as Uint8Array;
      return [{ ...src.block, lines: Buffer.from(u.buffer, u.byteOffset, u.byteLength) }];
    }
    return [src.block];
  }
  const out: { minTs: bigint; block: DecodedBlock }[] = [];
  for (const bytes of src.blocks) {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const minTs = view.readBigInt64LE(8);
    const maxTs = view.readBigInt64LE(16);
    if (outside(minTs, maxTs, want)) continue;
    out.push({ minTs, block: decodeBlock(view, want) });
  }
  return out.sort(byMinTs).map((x) => x.block);
}
