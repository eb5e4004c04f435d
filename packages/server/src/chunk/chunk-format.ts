// A stored chunk: a table of its blocks followed by the block encodings and a CRC (see README.md).
import { crc32 } from 'node:zlib';
import { FormatError } from './bytes.js';
import type { EncodedBlock } from './block-encode.js';
import type { SourceSpan } from '../ingester/types.js';

export const CHUNK_MAGIC = 0x4b43474c; // "LGCK" read as a little-endian u32
export const CHUNK_VERSION = 1;
const HEADER = 12;
const ENTRY = 32;

/** Where a block sits in its chunk, and its span. */
export interface ChunkBlockRef extends SourceSpan { offset: number; length: number }

/** Serialises blocks (already encoded) as one chunk. */
export function encodeChunk(blocks: readonly EncodedBlock[]): Buffer {
  let size = HEADER + ENTRY * blocks.length + 4;
  for (const b of blocks) size += b.bytes.length;
  const out = Buffer.allocUnsafe(size);
  out.writeUInt32LE(CHUNK_MAGIC, 0);
  out[4] = CHUNK_VERSION;
  out[5] = out[6] = out[7] = 0;
  out.writeUInt32LE(blocks.length, 8);
  let data = HEADER + ENTRY * blocks.length;
  blocks.forEach((b, i) => {
    const e = HEADER + ENTRY * i;
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

/** Checks the magic, version and CRC of a whole chunk and lists its blocks. */
export function parseChunk(buf: Buffer): ChunkBlockRef[] {
  if (buf.length < HEADER + 4) throw new FormatError(`chunk of ${buf.length} bytes is too short`);
  if (buf.readUInt32LE(0) !== CHUNK_MAGIC) throw new FormatError('not a chunk (bad magic)');
  if (buf[4] !== CHUNK_VERSION) throw new FormatError(`unsupported chunk version ${buf[4]}`);
  const stored = buf.readUInt32LE(buf.length - 4);
  if (crc32(buf.subarray(0, buf.length - 4)) !== stored) throw new FormatError('invalid chunk checksum');
  const n = buf.readUInt32LE(8);
  if (HEADER + ENTRY * n + 4 > buf.length) throw new FormatError(`chunk block table of ${n} entries overruns the chunk`);
  const refs: ChunkBlockRef[] = [];
  for (let i = 0; i < n; i++) {
    const e = HEADER + ENTRY * i;
    const ref: ChunkBlockRef = {
      offset: buf.readUInt32LE(e),
      length: buf.readUInt32LE(e + 4),
      minTs: buf.readBigInt64LE(e + 8),
      maxTs: buf.readBigInt64LE(e + 16),
      entries: buf.readUInt32LE(e + 24),
      rawBytes: buf.readUInt32LE(e + 28),
    };
    if (ref.offset + ref.length > buf.length - 4) throw new FormatError(`chunk block ${i} overruns the chunk`);
    refs.push(ref);
  }
  return refs;
}
