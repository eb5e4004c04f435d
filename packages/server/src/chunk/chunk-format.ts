// A stored chunk: a table of its blocks, the stream it belongs to (version 2), the block encodings and a CRC
// (see README.md). Version 1 chunks (no stream section) stay readable.
import { crc32 } from 'node:zlib';
import type { LabelPair } from '@logi/protocol';
import { ByteReader, ByteWriter, FormatError } from './bytes.js';
import type { EncodedBlock } from './block-encode.js';
import type { SourceSpan } from '../ingester/types.js';

export const CHUNK_MAGIC = 0x4b43474c; // "LGCK" read as a little-endian u32
export const CHUNK_VERSION = 2;
const READABLE_VERSIONS = new Set([1, 2]);
/** Magic, version, reserved, block count: enough to know how much block table follows. */
export const CHUNK_HEADER_SIZE = 12;
export const CHUNK_TABLE_ENTRY_SIZE = 32;

/** Where a block sits in its chunk, and its span. */
export interface ChunkBlockRef extends SourceSpan { offset: number; length: number }

/** What a version 2 chunk says about its stream: enough to rebuild the index from chunk files alone. */
export interface ChunkStream {
  seriesId: number;
  labels: LabelPair[];
  /** The stream's accepted-entry counter after the chunk's last entry (WAL replay skips up to it). */
  lastCt: number;
}

function encodeStream(s: ChunkStream): Buffer {
  const w = new ByteWriter(64);
  w.u32(s.seriesId);
  w.f64(s.lastCt);
  w.varint(s.labels.length);
  for (const [n, v] of s.labels) { w.str(n); w.str(v); }
  return w.buf.subarray(0, w.pos);
}

/** Serialises blocks (already encoded) as one chunk of `stream`. */
export function encodeChunk(blocks: readonly EncodedBlock[], stream: ChunkStream): Buffer {
  const section = encodeStream(stream);
  const tableEnd = CHUNK_HEADER_SIZE + CHUNK_TABLE_ENTRY_SIZE * blocks.length;
  let size = tableEnd + section.length + 4;
  for (const b of blocks) size += b.bytes.length;
  const out = Buffer.allocUnsafe(size);
  out.writeUInt32LE(CHUNK_MAGIC, 0);
  out[4] = CHUNK_VERSION;
  out[5] = out[6] = out[7] = 0;
  out.writeUInt32LE(blocks.length, 8);
  section.copy(out, tableEnd);
  let data = tableEnd + section.length;
  blocks.forEach((b, i) => {
    const e = CHUNK_HEADER_SIZE + CHUNK_TABLE_ENTRY_SIZE * i;
    out.writeUInt32LE(data, e);
    out.writeUInt32LE(b.bytes.length, e + 4);
    out.writeBigInt64LE(b.minTs, e + 8);
    out.writeBigInt64LE(b.maxTs, e + 16);
    out.writeUInt32LE(b.entries, e + 24);
    out.writeUInt32LE(b.rawBytes, e + 28);
    out.set(b.bytes, data);
    data += b.bytes.length;
  });
  out.writeUInt32LE(crc32(out.subarray(0, data)), data);
  return out;
}

/**
 * The length of the chunk whose header and block table start `head` (undefined: not a chunk header, or
 * `head` holds less than the whole table). Blocks come last, so the chunk ends 4 bytes after the furthest.
 */
export function chunkLength(head: Buffer): number | undefined {
  if (head.length < CHUNK_HEADER_SIZE || head.readUInt32LE(0) !== CHUNK_MAGIC || !READABLE_VERSIONS.has(head[4]!)) return undefined;
  const n = head.readUInt32LE(8);
  const tableEnd = CHUNK_HEADER_SIZE + CHUNK_TABLE_ENTRY_SIZE * n;
  if (n === 0 || head.length < tableEnd) return undefined;
  let end = tableEnd;
  for (let i = 0; i < n; i++) {
    const e = CHUNK_HEADER_SIZE + CHUNK_TABLE_ENTRY_SIZE * i;
    end = Math.max(end, head.readUInt32LE(e) + head.readUInt32LE(e + 4));
  }
  return end + 4;
}

/** Checks the magic, version and CRC of a whole chunk and lists its blocks. */
export function parseChunk(buf: Buffer): ChunkBlockRef[] {
  if (buf.length < CHUNK_HEADER_SIZE + 4) throw new FormatError(`chunk of ${buf.length} bytes is too short`);
  if (buf.readUInt32LE(0) !== CHUNK_MAGIC) throw new FormatError('not a chunk (bad magic)');
  if (!READABLE_VERSIONS.has(buf[4]!)) throw new FormatError(`unsupported chunk version ${buf[4]}`);
  const stored = buf.readUInt32LE(buf.length - 4);
  if (crc32(buf.subarray(0, buf.length - 4)) !== stored) throw new FormatError('invalid chunk checksum');
  return blockTable(buf, buf.length);
}

/**
 * The block table at the start of `head` (header and table at least), of a chunk `length` bytes long. Checks
 * only that the table fits: for a chunk whose checksum was verified when it was first read.
 */
export function blockTable(head: Buffer, length: number): ChunkBlockRef[] {
  const n = head.readUInt32LE(8);
  if (CHUNK_HEADER_SIZE + CHUNK_TABLE_ENTRY_SIZE * n + 4 > Math.min(length, head.length + 4)) throw new FormatError(`chunk block table of ${n} entries overruns the chunk`);
  const refs: ChunkBlockRef[] = [];
  for (let i = 0; i < n; i++) {
    const e = CHUNK_HEADER_SIZE + CHUNK_TABLE_ENTRY_SIZE * i;
    const ref: ChunkBlockRef = {
      offset: head.readUInt32LE(e),
      length: head.readUInt32LE(e + 4),
      minTs: head.readBigInt64LE(e + 8),
      maxTs: head.readBigInt64LE(e + 16),
      entries: head.readUInt32LE(e + 24),
      rawBytes: head.readUInt32LE(e + 28),
    };
    if (ref.offset + ref.length > length - 4) throw new FormatError(`chunk block ${i} overruns the chunk`);
    refs.push(ref);
  }
  return refs;
}

/** The stream a checked chunk (parseChunk) belongs to; undefined for version 1, which does not say. */
export function parseChunkStream(buf: Buffer): ChunkStream | undefined {
  if (buf[4] === 1) return undefined;
  const r = new ByteReader(buf, CHUNK_HEADER_SIZE + CHUNK_TABLE_ENTRY_SIZE * buf.readUInt32LE(8), buf.length - 4);
  const seriesId = r.u32();
  const lastCt = r.f64();
  const n = r.varint();
  const labels: LabelPair[] = [];
  for (let i = 0; i < n; i++) labels.push([r.str(), r.str()]);
  return { seriesId, labels, lastCt };
}
