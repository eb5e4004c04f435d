// The decoded blocks of one overlap run in the query's direction. A lone stored or encoded source whose
// blocks do not overlap is decoded one block at a time, so a query that stops at its limit decompresses
// no more than it reads; anything else is merged into one sorted block, as mergeBlocks defines the order.
import { decodeBlock, readBlockHeader } from '../chunk/block-decode.js';
import { mergeBlocks } from '../chunk/merge.js';
import { readChunk, readStoredBlocks, readStoredChunk, type ReadWant } from '../chunk/read.js';
import type { ChunkSource, DecodedBlock } from '../ingester/types.js';

interface LazyBlock {
  minTs: bigint;
  maxTs: bigint;
  bytes: Uint8Array;
}

function lazyBlocks(src: ChunkSource): LazyBlock[] | undefined {
  if (src.kind === 'stored') {
    const { buf, blocks } = readStoredChunk(src.path, src.offset, src.length);
    return blocks.map((ref) => ({ minTs: ref.minTs, maxTs: ref.maxTs, bytes: buf.subarray(ref.offset, ref.offset + ref.length) }));
  }
  if (src.kind === 'encoded') {
    return src.blocks.map((bytes) => {
      const h = readBlockHeader(bytes);
      return { minTs: h.minTs, maxTs: h.maxTs, bytes };
    });
  }
  return undefined;
}

const byMinTs = (a: { minTs: bigint }, b: { minTs: bigint }): number => (a.minTs < b.minTs ? -1 : a.minTs > b.minTs ? 1 : 0);

function overlapping(sorted: readonly LazyBlock[]): boolean {
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.minTs < sorted[i - 1]!.maxTs) return true;
  return false;
}

/** A block of the run, and a way to add its structured metadata when it was read without. */
export interface RunBlock {
  block: DecodedBlock;
  /** Sets block.sm if missing: a scan that finds no candidate row in a block never decodes it. */
  loadSm(): void;
  /** The time span of the block that comes next, when the run is read one block at a time and has one. */
  next?: { minTs: bigint; maxTs: bigint };
}

const noop = (): void => undefined;

/**
 * The blocks of a lone stored or encoded source within the range, by minTs, less the `skip` first in the
 * query direction (a range narrowed since they were read only drops blocks at the far end, so the count
 * still points at the same block); undefined for other sources. A stored chunk read again reads only the
 * blocks still ahead.
 */
function loneBlocks(src: ChunkSource, want: ReadWant, forward: boolean, skip: number): LazyBlock[] | undefined {
  const ahead = <B extends { minTs: bigint; maxTs: bigint }>(blocks: B[]): B[] => {
    const kept = blocks.filter((b) => !((want.toNs !== undefined && b.minTs > want.toNs) || (want.fromNs !== undefined && b.maxTs < want.fromNs))).sort(byMinTs);
    if (skip === 0) return kept;
    return forward ? kept.slice(skip) : kept.slice(0, Math.max(0, kept.length - skip));
  };
  if (src.kind === 'stored' && skip > 0) {
    return readStoredBlocks(src.path, src.offset, src.length, ahead).map(({ ref, bytes }) => ({ minTs: ref.minTs, maxTs: ref.maxTs, bytes }));
  }
  const all = lazyBlocks(src);
  return all && ahead(all);
}

/** `want.fromNs`/`toNs` skip blocks entirely outside the range; `skip` blocks (see loneBlocks) were read by an earlier task. */
export function* runBlocks(run: readonly ChunkSource[], want: ReadWant, forward: boolean, skip = 0): Generator<RunBlock> {
  const blocks = run.length === 1 ? loneBlocks(run[0]!, want, forward, skip) : undefined;
  if (blocks) {
    if (blocks.length === 0) return;
    if (overlapping(blocks)) {
      yield { block: mergeBlocks(blocks.map((b) => decodeBlock(b.bytes, { ...want, sm: true }))), loadSm: noop };
      return;
    }
    const at = (k: number): LazyBlock | undefined => blocks[forward ? k : blocks.length - 1 - k];
    for (let k = 0; k < blocks.length; k++) {
      const bytes = at(k)!.bytes;
      const block = decodeBlock(bytes, want);
      yield { block, loadSm: () => { block.sm ??= decodeBlock(bytes, { lines: false, sm: true }).sm; }, next: at(k + 1) };
    }
    return;
  }
  const merged: DecodedBlock[] = [];
  for (const src of run) merged.push(...readChunk(src, { ...want, sm: true }));
  if (merged.length > 0) yield { block: mergeBlocks(merged), loadSm: noop };
}
