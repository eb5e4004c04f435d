// The label index of one tenant in the version 1 layout: an append-only log of SERIES and CHUNK records
// (README.md). Read only to migrate a data directory to partitions (../storage/migrate-v1.ts); the SERIES
// record's encoding is shared with the index pieces of the current layout.
import { readFile, truncate, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import type { LabelPair } from '@logi/protocol';
import type { SourceSpan } from '../ingester/types.js';
import { ByteReader, ByteWriter } from '../chunk/bytes.js';
import { dirname } from 'node:path';
import { fsyncDir, openForWriting, writeDurably } from '../storage/fs-util.js';

export const INDEX_MAGIC = 0x5849474c; // "LGIX" as a little-endian u32
export const INDEX_VERSION = 1;
const FILE_HEADER = 8;

/** Record type codes, written to disk: never reorder or reuse. */
export const INDEX_RECORD = { series: 1, chunk: 2 } as const;

/** Where one chunk of a series lives in the version 1 layout (numbered chunk files per tenant), and what it holds. */
export interface FileChunkRef extends SourceSpan {
  fileNo: number;
  offset: number;
  length: number;
  /** The stream's accepted-entry counter after the last entry of this chunk (WAL replay skips up to it). */
  lastCt: number;
}

export type IndexRecord =
  | { type: 'series'; id: number; labels: LabelPair[] }
  | { type: 'chunk'; seriesId: number; ref: FileChunkRef };

/**
 * Not an index log this version can read (bad magic or version, a damaged record followed by readable ones):
 * rebuilt from the chunk files at start. `records`: those read before the damage.
 */
export class DamagedIndexError extends Error {
  override name = 'DamagedIndexError';
  readonly records: IndexRecord[];

  constructor(message: string, records: IndexRecord[] = []) {
    super(message);
    this.records = records;
  }
}

/**
 * True when a frame passing its CRC starts after `from`: the bad bytes at `from` are then damage in the middle
 * of the log, not the tail of an append cut short by a crash (after which nothing was written).
 */
function validFrameAfter(data: Buffer, from: number): boolean {
  for (let p = from + 1; p + 9 <= data.length; p++) {
    const len = data.readUInt32LE(p);
    if (len === 0 || p + 8 + len > data.length) continue;
    const type = data[p + 8];
    if (type !== INDEX_RECORD.series && type !== INDEX_RECORD.chunk) continue;
    if (crc32(data.subarray(p + 8, p + 8 + len)) === data.readUInt32LE(p + 4)) return true;
  }
  return false;
}

export function frame(w: ByteWriter): Buffer {
  const payload = w.buf.subarray(0, w.pos);
  const out = Buffer.allocUnsafe(8 + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  payload.copy(out, 8);
  return out;
}

export function encodeSeriesRecord(id: number, labels: readonly LabelPair[]): Buffer {
  const w = new ByteWriter(64);
  w.u8(INDEX_RECORD.series);
  w.u32(id);
  w.varint(labels.length);
  for (const [n, v] of labels) { w.str(n); w.str(v); }
  return frame(w);
}

/** A chunk's place and span as CHUNK records of both versions end: f64 offset, u32 length, i64 minTs, i64 maxTs, u32 entries, f64 rawBytes, f64 lastCt. */
export type ChunkFields = SourceSpan & { offset: number; length: number; lastCt: number };

export function writeChunkFields(w: ByteWriter, r: ChunkFields): void {
  w.f64(r.offset);
  w.u32(r.length);
  w.i64(r.minTs);
  w.i64(r.maxTs);
  w.u32(r.entries);
  w.f64(r.rawBytes);
  w.f64(r.lastCt);
}

export function readChunkFields(r: ByteReader): ChunkFields {
  return { offset: r.f64(), length: r.u32(), minTs: r.i64(), maxTs: r.i64(), entries: r.u32(), rawBytes: r.f64(), lastCt: r.f64() };
}

export function encodeChunkRecord(seriesId: number, r: FileChunkRef): Buffer {
  const w = new ByteWriter(80);
  w.u8(INDEX_RECORD.chunk);
  w.u32(seriesId);
  w.u32(r.fileNo);
  writeChunkFields(w, r);
  return frame(w);
}

/** A SERIES record's payload after its type byte. */
export function readSeriesRecord(r: ByteReader): { id: number; labels: LabelPair[] } {
  const id = r.u32();
  const n = r.varint();
  const labels: LabelPair[] = [];
  for (let i = 0; i < n; i++) labels.push([r.str(), r.str()]);
  return { id, labels };
}

function decodeRecord(payload: Buffer): IndexRecord | undefined {
  const r = new ByteReader(payload);
  const type = r.u8();
  if (type === INDEX_RECORD.series) return { type: 'series', ...readSeriesRecord(r) };
  if (type === INDEX_RECORD.chunk) {
    const seriesId = r.u32();
    const ref: FileChunkRef = { fileNo: r.u32(), ...readChunkFields(r) };
    return { type: 'chunk', seriesId, ref };
  }
  return undefined; // a newer record type: skipped, so old code can still read what it knows
}

export class IndexLog {
  readonly path: string;
  #fh: FileHandle;
  #size: number;
  #fsync: boolean;

  private constructor(path: string, fh: FileHandle, size: number, fsync: boolean) {
    this.path = path;
    this.#fh = fh;
    this.#size = size;
    this.#fsync = fsync;
  }

  /** Opens (or creates) a log and returns its records; a torn tail is cut off, damage elsewhere throws DamagedIndexError. */
  static async open(path: string, fsync: boolean): Promise<{ log: IndexLog; records: IndexRecord[]; warning?: string }> {
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      data = Buffer.alloc(0);
    }
    const records: IndexRecord[] = [];
    let warning: string | undefined;
    let good = 0;
    if (data.length >= FILE_HEADER) {
      if (data.readUInt32LE(0) !== INDEX_MAGIC) throw new DamagedIndexError('is not a Logi index file (bad magic)');
      if (data[4] !== INDEX_VERSION) throw new DamagedIndexError(`has an unsupported index version ${data[4]}`);
      good = FILE_HEADER;
      while (good + 8 <= data.length) {
        const len = data.readUInt32LE(good);
        const end = good + 8 + len;
        if (end > data.length) break;
        const payload = data.subarray(good + 8, end);
        if (crc32(payload) !== data.readUInt32LE(good + 4)) break;
        let rec: IndexRecord | undefined;
        try {
          rec = decodeRecord(payload);
        } catch (e) {
          throw new DamagedIndexError(`has a malformed record at byte ${good} (${(e as Error).message})`, records);
        }
        if (rec) records.push(rec);
        good = end;
      }
      if (good < data.length && validFrameAfter(data, good)) {
        throw new DamagedIndexError(`has a damaged record at byte ${good}, followed by readable ones`, records);
      }
      if (good < data.length) warning = `${path}: ignored ${data.length - good} bytes of a torn tail`;
    }
    if (good < data.length) await truncate(path, good);
    const fh = await openForWriting(path);
    if (good === 0) {
      const header = Buffer.alloc(FILE_HEADER);
      header.writeUInt32LE(INDEX_MAGIC, 0);
      header[4] = INDEX_VERSION;
      try {
        await writeDurably(fh, path, [header], 0, fsync);
        if (fsync) await fsyncDir(dirname(path));
      } catch (e) {
        await fh.close();
        throw e;
      }
      good = FILE_HEADER;
    }
    return { log: new IndexLog(path, fh, good, fsync), records, ...(warning ? { warning } : {}) };
  }

  /** Appends framed records and makes them durable. */
  async append(records: readonly Buffer[]): Promise<void> {
    if (records.length === 0) return;
    await writeDurably(this.#fh, this.path, records, this.#size, this.#fsync);
    for (const r of records) this.#size += r.length;
  }

  async close(): Promise<void> {
    await this.#fh.close();
  }
}
