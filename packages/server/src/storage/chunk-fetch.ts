// Reads stored chunks through the object store: a chunk is a byte range of a chunk object. Runs wherever a
// query reads (scan workers, the main thread when no worker can run); the bytes are checked by chunk/.
import { blockTable, CHUNK_HEADER_SIZE, CHUNK_TABLE_ENTRY_SIZE, parseChunk, type ChunkBlockRef } from '../chunk/chunk-format.js';
import { FormatError } from '../chunk/bytes.js';
import type { ChunkSource } from '../ingester/types.js';
import type { ObjectStore } from './object/object-store.js';
import { tenantFromDirName } from './tenant-dir.js';

export type StoredSource = Extract<ChunkSource, { kind: 'stored' }>;

async function bytesOf(objects: ObjectStore, src: StoredSource, offset: number, length: number): Promise<Buffer> {
  const buf = await objects.get(src.key, { offset: src.offset + offset, length });
  if (buf.length < length) throw new FormatError(`chunk is cut short (${buf.length} of ${length} bytes at ${offset})`);
  return buf;
}

/**
 * Chunks this thread has read whole and found sound (magic, version, CRC). Chunk objects are never rewritten in
 * place, so where ranges are cheap a later read of such a chunk fetches only the blocks it wants, as a query
 * resumed in a chunk does; the checksum, which needs every byte, is not computed again. Forgotten all at once
 * past a bound.
 */
const checked = new Set<string>();
const MAX_CHECKED = 100_000;
const chunkId = (src: StoredSource): string => `${src.key}\0${src.offset}`;

/** Whether a read of `src` may fetch only its wanted blocks (see `checked`). */
export const checkedBefore = (objects: ObjectStore, src: StoredSource): boolean => objects.cheapRanges === true && checked.has(chunkId(src));

/** A stored chunk's bytes and block table, checked (magic, version, CRC). */
export function fetchChunk(objects: ObjectStore, src: StoredSource): Promise<{ buf: Buffer; blocks: ChunkBlockRef[] }> {
  return namingChunk(src, async () => {
    const buf = await bytesOf(objects, src, 0, src.length);
    const blocks = parseChunk(buf);
    if (checked.size >= MAX_CHECKED) checked.clear();
    checked.add(chunkId(src));
    return { buf, blocks };
  });
}

/** Enough for the header and block table of most chunks in one read. */
const HEAD_READ = 16384;

/**
 * A stored chunk's block table and the bytes of the blocks `pick` chooses (read as one span), for a query
 * that carries on in a chunk it has read (and checked) before, or a chunk this thread checked before: without
 * the checksum, which would need every byte again.
 */
export function fetchChunkBlocks(
  objects: ObjectStore, src: StoredSource, pick: (table: ChunkBlockRef[]) => ChunkBlockRef[],
): Promise<{ ref: ChunkBlockRef; bytes: Buffer }[]> {
  return namingChunk(src, async () => {
    let head = await bytesOf(objects, src, 0, Math.min(src.length, HEAD_READ));
    const tableEnd = CHUNK_HEADER_SIZE + CHUNK_TABLE_ENTRY_SIZE * head.readUInt32LE(8);
    if (tableEnd > head.length && tableEnd < src.length) head = await bytesOf(objects, src, 0, tableEnd);
    const picked = pick(blockTable(head, src.length));
    if (picked.length === 0) return [];
    let from = src.length;
    let to = 0;
    for (const r of picked) {
      from = Math.min(from, r.offset);
      to = Math.max(to, r.offset + r.length);
    }
    const span = await bytesOf(objects, src, from, to - from);
    return picked.map((ref) => ({ ref, bytes: span.subarray(ref.offset - from, ref.offset - from + ref.length) }));
  });
}

/**
 * Runs a read of a stored chunk; a damaged chunk, or one the store could not give (missing, or the store out of
 * reach), fails with an error naming it as Loki's does (its object key, offset, length and tenant), so whoever
 * reads the query's error knows which object to look at.
 */
async function namingChunk<T>(src: StoredSource, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    const tenantDir = src.key.split('/')[1] ?? '';
    const which = `chunk '${src.key}' at offset ${src.offset} (${src.length} bytes) for tenant \`${tenantFromDirName(tenantDir)}\`: ${(e as Error).message}`;
    throw e instanceof FormatError ? new FormatError(`failed to decode ${which}`) : new Error(`failed to fetch ${which}`, { cause: e });
  }
}
