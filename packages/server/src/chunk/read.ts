// Turns any ChunkSource into decoded blocks. Runs in worker threads: no state shared with the ingester,
// only the source (a structured-clone copy) and the file system.
import { closeSync, openSync, readSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ChunkSource, DecodedBlock } from '../ingester/types.js';
import { tenantFromDirName } from '../storage/tenant-dir.js';
import { FormatError } from './bytes.js';
import { decodeBlock } from './block-decode.js';
import { blockTable, CHUNK_HEADER_SIZE, CHUNK_TABLE_ENTRY_SIZE, parseChunk, type ChunkBlockRef } from './chunk-format.js';

export interface ReadWant {
  lines: boolean;
  sm: boolean;
  /** When given, blocks entirely outside [fromNs, toNs] are skipped without decompressing them. */
  fromNs?: bigint;
  toNs?: bigint;
}

const outside = (minTs: bigint, maxTs: bigint, want: ReadWant): boolean =>
  (want.toNs !== undefined && minTs > want.toNs) || (want.fromNs !== undefined && maxTs < want.fromNs);

/** Reads the bytes of a stored chunk; sync because a worker does one thing at a time anyway. */
function readStoredBytes(path: string, offset: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  const fd = openSync(path, 'r');
  try {
    let got = 0;
    while (got < length) {
      const n = readSync(fd, buf, got, length - got, offset + got);
      if (n === 0) throw new FormatError(`chunk at ${path}:${offset} is cut short (${got} of ${length} bytes)`);
      got += n;
    }
  } finally {
    closeSync(fd);
  }
  return buf;
}

/** A stored chunk's bytes and block table, checked (magic, version, CRC). */
export function readStoredChunk(path: string, offset: number, length: number): { buf: Buffer; blocks: ChunkBlockRef[] } {
  return namingChunk(path, offset, length, () => {
    const buf = readStoredBytes(path, offset, length);
    return { buf, blocks: parseChunk(buf) };
  });
}

/** Enough for the header and block table of most chunks in one read. */
const HEAD_READ = 16384;

/**
 * A stored chunk's block table and the bytes of the blocks `pick` chooses (read as one span), for a query
 * that carries on in a chunk it has read (and checked) before: without the checksum, which would need
 * every byte again.
 */
export function readStoredBlocks(
  path: string, offset: number, length: number, pick: (table: ChunkBlockRef[]) => ChunkBlockRef[],
): { ref: ChunkBlockRef; bytes: Buffer }[] {
  return namingChunk(path, offset, length, () => {
    let head = readStoredBytes(path, offset, Math.min(length, HEAD_READ));
    const tableEnd = CHUNK_HEADER_SIZE + CHUNK_TABLE_ENTRY_SIZE * head.readUInt32LE(8);
    if (tableEnd > head.length && tableEnd < length) head = readStoredBytes(path, offset, tableEnd);
    const picked = pick(blockTable(head, length));
    if (picked.length === 0) return [];
    let from = length;
    let to = 0;
    for (const r of picked) {
      from = Math.min(from, r.offset);
      to = Math.max(to, r.offset + r.length);
    }
    const span = readStoredBytes(path, offset + from, to - from);
    return picked.map((ref) => ({ ref, bytes: span.subarray(ref.offset - from, ref.offset - from + ref.length) }));
  });
}

/**
 * Runs a read of a stored chunk; a damaged or missing chunk fails with an error naming it as Loki's does (its
 * file under chunks_directory, offset, length and tenant), so whoever reads the query's error knows which
 * file to look at.
 */
function namingChunk<T>(path: string, offset: number, length: number, read: () => T): T {
  try {
    return read();
  } catch (e) {
    const tenantDir = basename(dirname(path));
    const why = e instanceof FormatError ? e.message : (e as Error).message;
    throw new FormatError(`failed to decode chunk '${tenantDir}/${basename(path)}' at offset ${offset} (${length} bytes) for tenant \`${tenantFromDirName(tenantDir)}\`: ${why}`);
  }
}

/**
 * The blocks of a source, each sorted by ts, in ascending order of their first ts. Blocks of one source may
 * overlap in time (out-of-order writes): mergeBlocks() gives one sorted block.
 */
export function readChunk(src: ChunkSource, want: ReadWant): DecodedBlock[] {
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
  if (src.kind === 'encoded') {
    for (const bytes of src.blocks) {
      const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const minTs = view.readBigInt64LE(8);
      const maxTs = view.readBigInt64LE(16);
      if (outside(minTs, maxTs, want)) continue;
      out.push({ minTs, block: decodeBlock(view, want) });
    }
  } else {
    const { buf, blocks } = readStoredChunk(src.path, src.offset, src.length);
    for (const ref of blocks) {
      if (outside(ref.minTs, ref.maxTs, want)) continue;
      out.push({ minTs: ref.minTs, block: decodeBlock(buf.subarray(ref.offset, ref.offset + ref.length), want) });
    }
  }
  out.sort((a, b) => (a.minTs < b.minTs ? -1 : a.minTs > b.minTs ? 1 : 0));
  return out.map((x) => x.block);
}
