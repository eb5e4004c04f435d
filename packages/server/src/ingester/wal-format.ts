// WAL byte layout (README.md): segment header, framed records, and the ENTRIES record's decoder.
import { crc32 } from 'node:zlib';
import type { LabelPair } from '@logi/protocol';
import { ByteReader, FormatError } from '../chunk/bytes.js';

export const WAL_MAGIC = 0x4c57474c; // "LGWL" as a little-endian u32
export const WAL_VERSION = 1;
export const WAL_HEADER_SIZE = 8;
export const FRAME_HEADER_SIZE = 8;

/** Record type codes, written to disk: never reorder or reuse. */
export const WAL_RECORD = { entries: 1 } as const;

export function segmentHeader(): Buffer {
  const b = Buffer.alloc(WAL_HEADER_SIZE);
  b.writeUInt32LE(WAL_MAGIC, 0);
  b[4] = WAL_VERSION;
  return b;
}

/** The 8-byte frame header (payload length, CRC-32 of the payload) that precedes each record. */
export function frameHeader(payload: Uint8Array): Buffer {
  const h = Buffer.allocUnsafe(FRAME_HEADER_SIZE);
  h.writeUInt32LE(payload.length, 0);
  h.writeUInt32LE(crc32(payload), 4);
  return h;
}

export interface EntriesVisitor {
  /** The record's tenant (first). */
  tenant(t: string): void;
  /** A series first used in this segment, declared before any stream refers to it. */
  series(id: number, labels: LabelPair[]): void;
  /** `count` entries of series `id` follow; the first has entry counter firstCt + 1. */
  stream(id: number, firstCt: number, count: number): void;
  /** One entry; its line is src[start, end) (a view into the record, valid only during the call). */
  entry(ts: bigint, src: Buffer, start: number, end: number, sm: LabelPair[] | undefined): void;
}

/** Walks one ENTRIES record payload. */
export function visitEntriesRecord(payload: Buffer, v: EntriesVisitor): void {
  const r = new ByteReader(payload);
  const type = r.u8();
  if (type !== WAL_RECORD.entries) return; // a newer record type: not ours to replay
  v.tenant(r.str());
  const sets = readSmTable(payload, r.u32());
  const nDecl = r.u32();
  for (let i = 0; i < nDecl; i++) {
    const id = r.u32();
    const n = r.varint();
    const labels: LabelPair[] = [];
    for (let k = 0; k < n; k++) labels.push([r.str(), r.str()]);
    v.series(id, labels);
  }
  const nStreams = r.u32();
  for (let s = 0; s < nStreams; s++) {
    const id = r.u32();
    const firstCt = r.f64();
    const count = r.u32();
    v.stream(id, firstCt, count);
    readEntries(r, count, sets, (ts, src, start, end, sm) => v.entry(ts, src, start, end, sm));
  }
}

/**
 * Reads `count` entries of one stream section at r.pos (the reader ends after them), each given to `visit`
 * with its line as a view into the reader's buffer and its metadata set from `sets` (id - 1).
 */
export function readEntries<S extends readonly LabelPair[]>(
  r: ByteReader, count: number, sets: readonly S[], visit: (ts: bigint, src: Buffer, start: number, end: number, sm: S | undefined) => void,
): void {
  for (let e = 0; e < count; e++) {
    const ts = r.i64();
    const len = r.varint();
    const start = r.pos;
    r.skip(len);
    const smId = r.varint();
    if (smId > sets.length) throw new FormatError(`WAL entry refers to metadata set ${smId} of ${sets.length}`);
    visit(ts, r.buf, start, start + len, smId === 0 ? undefined : sets[smId - 1]);
  }
}

function readSmTable(payload: Buffer, at: number): LabelPair[][] {
  const r = new ByteReader(payload, at);
  const sets: LabelPair[][] = [];
  const n = r.varint();
  for (let i = 0; i < n; i++) {
    const np = r.varint();
    const set: LabelPair[] = [];
    for (let k = 0; k < np; k++) set.push([r.str(), r.str()]);
    sets.push(set);
  }
  return sets;
}
