// The decoded blocks of one overlap run in the query's direction. Stored chunks are fetched first (the only
// wait); then a lone stored or encoded source whose blocks do not overlap is decoded one block at a time, so
// a query that stops at its limit decompresses no more than it reads; anything else is merged into one
// sorted block, as mergeBlocks defines the order, with copies of an entry kept once. A block (or a whole
// stored chunk) the caller can take from its span alone (`Countable`) is not fetched where the chunk allows.
import { decodeBlock, readBlockHeader } from '../chunk/block-decode.js';
import { mergeBlocks } from '../chunk/merge.js';
import type { ChunkBlockRef } from '../chunk/chunk-format.js';
import { chunkBlocks, readChunk, type ReadWant } from '../chunk/read.js';
import type { ChunkSource, DecodedBlock, SourceSpan } from '../ingester/types.js';
import { checkedBefore, fetchChunk, fetchChunkBlocks } from '../storage/chunk-fetch.js';
import type { ObjectStore } from '../storage/object/object-store.js';

/** A block's span; its bytes unless it was left unread as countable. */
interface LazyBlock extends SourceSpan {
  bytes?: Uint8Array;
}

/** Whether the caller takes a block (or a whole chunk) from its span alone: its entry count and line bytes. */
export type Countable = (span: SourceSpan) => boolean;

const lazy = (s: SourceSpan, bytes?: Uint8Array): LazyBlock => ({ minTs: s.minTs, maxTs: s.maxTs, entries: s.entries, rawBytes: s.rawBytes, bytes });

async function lazyBlocks(src: ChunkSource, objects: ObjectStore): Promise<LazyBlock[] | undefined> {
  if (src.kind === 'stored') {
    const { buf, blocks } = await fetchChunk(objects, src);
    return blocks.map((ref) => lazy(ref, buf.subarray(ref.offset, ref.offset + ref.length)));
  }
  if (src.kind === 'encoded') return src.blocks.map((bytes) => lazy(readBlockHeader(bytes), bytes));
  return undefined;
}

const byMinTs = (a: { minTs: bigint }, b: { minTs: bigint }): number => (a.minTs < b.minTs ? -1 : a.minTs > b.minTs ? 1 : 0);

function overlapping(sorted: readonly LazyBlock[]): boolean {
  for (let i = 1; i < sorted.length; i++) if (sorted[i]!.minTs < sorted[i - 1]!.maxTs) return true;
  return false;
}

/** A block of the run, and a way to add its structured metadata when it was read without. */
export interface RunBlock {
  /** Not to be read when `taken` is set. */
  readonly block: DecodedBlock;
  /** Set instead of a decoded block for a block (or a whole chunk) the caller takes from its span (see Countable). */
  taken?: SourceSpan;
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
 * on the local disk, by any earlier one of this thread) reads only the blocks it keeps, and of those only the
 * ones not `countable`; a stored chunk countable whole is not read at all.
 */
async function loneBlocks(src: ChunkSource, want: ReadWant, forward: boolean, skip: number, objects: ObjectStore, countable?: Countable): Promise<LazyBlock[] | undefined> {
  const ahead = <B extends { minTs: bigint; maxTs: bigint }>(blocks: B[]): B[] => {
    const kept = blocks.filter((b) => !((want.toNs !== undefined && b.minTs > want.toNs) || (want.fromNs !== undefined && b.maxTs < want.fromNs))).sort(byMinTs);
    if (skip === 0) return kept;
    return forward ? kept.slice(skip) : kept.slice(0, Math.max(0, kept.length - skip));
  };
  if (src.kind === 'stored' && skip === 0 && countable?.(src)) return [lazy(src)];
  if (src.kind === 'stored' && (skip > 0 || checkedBefore(objects, src))) {
    if (!countable) return (await fetchChunkBlocks(objects, src, ahead)).map(({ ref, bytes }) => lazy(ref, bytes));
    let kept: ChunkBlockRef[] = [];
    const read = await fetchChunkBlocks(objects, src, (table) => {
      kept = ahead(table);
      return kept.filter((ref) => !countable(ref));
    });
    const bytes = new Map(read.map(({ ref, bytes: b }) => [ref.offset, b]));
    return kept.map((ref) => lazy(ref, bytes.get(ref.offset)));
  }
  const all = await lazyBlocks(src, objects);
  return all && ahead(all);
}

export interface RunOptions {
  /** Blocks read by an earlier task (see loneBlocks). */
  skip?: number;
  countable?: Countable;
  /**
   * Blocks read one at a time get their lines in a buffer the next block's overwrite (a needle scan, which mostly
   * finds nothing; see decompressTransientLines): the caller keeps nothing of a block's lines but strings.
   */
  transientLines?: boolean;
}

/**
 * `want.fromNs`/`toNs` skip blocks entirely outside the range; `skip` blocks (see loneBlocks) were read by an
 * earlier task. Resolves once the run's stored chunks are fetched; the blocks are decoded as iterated.
 */
export async function runBlocks(
  run: readonly ChunkSource[], want: ReadWant, forward: boolean, objects: ObjectStore, opts: RunOptions = {},
): Promise<Iterable<RunBlock>> {
  const blocks = run.length === 1 ? await loneBlocks(run[0]!, want, forward, opts.skip ?? 0, objects, opts.countable) : undefined;
  if (blocks) return loneRun(blocks, { ...want, transientLines: opts.transientLines === true }, forward, opts.countable);
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

function* loneRun(blocks: LazyBlock[], want: ReadWant & { transientLines: boolean }, forward: boolean, countable: Countable | undefined): Generator<RunBlock> {
  if (blocks.length === 0) return;
  const taken = (b: LazyBlock): boolean => !b.bytes || countable?.(b) === true;
  if (overlapping(blocks)) {
    // blocks taken from their spans first; the rest merged (each block's lines its own until merged)
    for (const b of blocks) if (taken(b)) yield unread(b);
    const read = blocks.filter((b) => !taken(b));
    if (read.length > 0) yield { block: mergeBlocks(read.map((b) => decodeBlock(b.bytes!, { ...want, sm: true, transientLines: false }))), loadSm: noop, merged: true };
    return;
  }
  const at = (k: number): LazyBlock | undefined => blocks[forward ? k : blocks.length - 1 - k];
  for (let k = 0; k < blocks.length; k++) {
    const b = at(k)!;
    if (taken(b)) {
      yield unread(b);
      continue;
    }
    const bytes = b.bytes!;
    const block = decodeBlock(bytes, want);
    yield { block, loadSm: () => { block.sm ??= decodeBlock(bytes, { lines: false, sm: true }).sm; }, next: at(k + 1) };
  }
}

/** A block (or a chunk) left undecoded, maybe unread, because the caller takes it from its span. */
const unread = (span: SourceSpan): RunBlock => ({
  get block(): DecodedBlock { throw new Error('BUG: a block taken from its span was decoded'); },
  taken: span,
  loadSm: noop,
});
