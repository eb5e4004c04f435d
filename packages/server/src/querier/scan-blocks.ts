// The decoded blocks of one overlap run in the query's direction. A lone stored or encoded source whose
// blocks do not overlap is decoded one block at a time, so a query that stops at its limit decompresses
// no more than it reads; anything else is merged into one sorted block, as mergeBlocks defines the order.
import { decodeBlock, readBlockHeader } from '../chunk/block-decode.js';
import { mergeBlocks } from '../chunk/merge.js';
import { readChunk, readStoredChunk, type ReadWant } from '../chunk/read.js';
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

const byMinTs = (a: LazyBlock, b: LazyBlock): number => (a.minTs < b.minTs ? -1 : a.minTs > b.minTs ? 1 : 0);

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
 * `want.fromNs`/`toNs` skip blocks entirely outside the range. `skip` blocks are passed over first: a
 * query that read that many in an earlier task carries on from there (a range narrowed since then only
 * drops blocks at the far end, so the count still points at the same block).
 */
export function* runBlocks(run: readonly ChunkSource[], want: ReadWant, forward: boolean, skip = 0): Generator<RunBlock> {
  const lone = run.length === 1 ? lazyBlocks(run[0]!) : undefined;
  if (lone) {
    const blocks = lone
      .filter((b) => !((want.toNs !== undefined && b.minTs > want.toNs) || (want.fromNs !== undefined && b.maxTs < want.fromNs)))
      .sort(byMinTs);
    if (blocks.length === 0) return;
    if (overlapping(blocks)) {
      yield { block: mergeBlocks(blocks.map((b) => decodeBlock(b.bytes, { ...want, sm: true }))), loadSm: noop };
      return;
    }
    const at = (k: number): LazyBlock | undefined => blocks[forward ? k : blocks.length - 1 - k];
    for (let k = skip; k < blocks.length; k++) {
      const bytes = at(k)!.bytes;
      const block = decodeBlock(bytes, want);
      yield { block, loadSm: () => { block.sm ??= decodeBlock(bytes, { lines: false, sm: true }).sm; }, next: at(k + 1) };
    }
    return;
  }
  const blocks: DecodedBlock[] = [];
  for (const src of run) blocks.push(...readChunk(src, { ...want, sm: true }));
  if (blocks.length > 0) yield { block: mergeBlocks(blocks), loadSm: noop };
}
