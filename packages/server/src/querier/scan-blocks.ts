// The decoded blocks of one overlap run in the query's direction. Stored chunks are fetched first (the only
// wait); then a lone stored or encoded source whose blocks do not overlap is decoded one block at a time, so
// a query that stops at its limit decompresses no more than it reads; anything else is merged into one
// sorted block, as mergeBlocks defines the order, with copies of an entry kept once.
import { decodeBlock, readBlockHeader } from '../chunk/block-decode.js';
import { mergeBlocks } from '../chunk/merge.js';
import { chunkBlocks, readChunk, type ReadWant } from '../chunk/read.js';
import type { ChunkSource, DecodedBlock } from '../ingester/types.js';
import { checkedBefore, fetchChunk, fetchChunkBlocks } from '../storage/chunk-fetch.js';
import type { ObjectStore } from '../storage/object/object-store.js';

interface LazyBlock {
  minTs: bigint;
  maxTs: bigint;
  bytes: Uint8Array;
}

async function lazyBlocks(src: ChunkSource, objects: ObjectStore): Promise<LazyBlock[] | undefined> {
  if (src.kind === 'stored') {
    const { buf, blocks } = await fetchChunk(objects, src);
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

/** What a block's header says, read before (and often instead of) decoding it. */
export interface BlockSpan {
  minTs: bigint;
  maxTs: bigint;
  entries: number;
  rawBytes: number;
}

/** A block of the run, and a way to add its structured metadata when it was read without. */
export interface RunBlock {
  /** Decoded on first use: a count that takes whole blocks from their `span` never decodes them. */
  readonly block: DecodedBlock;
  /** The block's header, when the run is read one block at a time. */
  span?: BlockSpan;
  /** Sets block.sm if missing: a scan that finds no candidate row in a block never decodes it. */
  loadSm(): void;
  /** The time span of the block that comes next, when the run is read one block at a time and has one. */
  next?: { minTs: bigint; maxTs: bigint };
  /** The whole run merged into this block: reading part of it would cost the merge again for the rest. */
  merged?: true;
}

const noop = (): void => undefined;

/**
 * The blocks of a lone stored or encoded source within the range, by minTs, less the `skip` first in the
 * query direction (a range narrowed since they were read only drops blocks at the far end, so the count
 * still points at the same block); undefined for other sources. A stored chunk read again (by this task or,
 * on the local disk, by any earlier one of this thread) reads only the blocks it keeps.
 */
async function loneBlocks(src: ChunkSource, want: ReadWant, forward: boolean, skip: number, objects: ObjectStore): Promise<LazyBlock[] | undefined> {
  const ahead = <B extends { minTs: bigint; maxTs: bigint }>(blocks: B[]): B[] => {
    const kept = blocks.filter((b) => !((want.toNs !== undefined && b.minTs > want.toNs) || (want.fromNs !== undefined && b.maxTs < want.fromNs))).sort(byMinTs);
    if (skip === 0) return kept;
    return forward ? kept.slice(skip) : kept.slice(0, Math.max(0, kept.length - skip));
  };
  if (src.kind === 'stored' && (skip > 0 || checkedBefore(objects, src))) {
    return (await fetchChunkBlocks(objects, src, ahead)).map(({ ref, bytes }) => ({ minTs: ref.minTs, maxTs: ref.maxTs, bytes }));
  }
  const all = await lazyBlocks(src, objects);
  return all && ahead(all);
}

/**
 * `want.fromNs`/`toNs` skip blocks entirely outside the range; `skip` blocks (see loneBlocks) were read by an
 * earlier task. Resolves once the run's stored chunks are fetched; the blocks are decoded as iterated.
 */
export async function runBlocks(run: readonly ChunkSource[], want: ReadWant, forward: boolean, objects: ObjectStore, skip = 0): Promise<Iterable<RunBlock>> {
  const blocks = run.length === 1 ? await loneBlocks(run[0]!, want, forward, skip, objects) : undefined;
  if (blocks) return loneRun(blocks, want, forward);
  // Copies of one entry can only be in different sources: they are compared by line, so lines are read.
  const full = { ...want, lines: true, sm: true };
  const decoded: DecodedBlock[] = [];
  for (const src of run) {
    if (src.kind !== 'stored') decoded.push(...readChunk(src, full));
    else {
      const { buf, blocks: table } = await fetchChunk(objects, src);
      decoded.push(...chunkBlocks(buf, table, full));
    }
  }
  return decoded.length === 0 ? [] : [{ block: mergeBlocks(decoded, { dropCopies: true }), loadSm: noop, merged: true }];
}

function* loneRun(blocks: LazyBlock[], want: ReadWant, forward: boolean): Generator<RunBlock> {
  if (blocks.length === 0) return;
  if (overlapping(blocks)) {
    yield { block: mergeBlocks(blocks.map((b) => decodeBlock(b.bytes, { ...want, sm: true }))), loadSm: noop, merged: true };
    return;
  }
  const at = (k: number): LazyBlock | undefined => blocks[forward ? k : blocks.length - 1 - k];
  for (let k = 0; k < blocks.length; k++) {
    const bytes = at(k)!.bytes;
    let decoded: DecodedBlock | undefined;
    const block = (): DecodedBlock => (decoded ??= decodeBlock(bytes, want));
    yield {
      get block() { return block(); },
      span: readBlockHeader(bytes),
      loadSm: () => { block().sm ??= decodeBlock(bytes, { lines: false, sm: true }).sm; },
      next: at(k + 1),
    };
  }
}
