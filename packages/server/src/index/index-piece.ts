// An index piece (README.md, version 2): the SERIES and CHUNK records of one flush into one partition,
// written whole next to the chunk object it describes (same name), never appended to. A piece says which
// series its chunks belong to, so each partition's index stands alone and retention drops it whole.
import { crc32 } from 'node:zlib';
import type { LabelPair } from '@logi/protocol';
import { ByteReader, ByteWriter } from '../chunk/bytes.js';
import type { SourceSpan } from '../ingester/types.js';
import { DamagedIndexError, encodeSeriesRecord, frame, INDEX_MAGIC, INDEX_RECORD, readChunkFields, readSeriesRecord, writeChunkFields } from './index-log.js';

export const PIECE_VERSION = 2;
const HEADER = 8;
/** Record type 3: a chunk in the piece's own chunk object (type 2, a chunk in a numbered file, is version 1's). */
const CHUNK_IN_OBJECT = 3;
/** Record type 4: the key of a chunk object this piece's object replaces (a delete request rewrote it). */
const REPLACES = 4;

/** Where one stored chunk of a series lives, and what it holds. */
export interface ChunkRef extends SourceSpan {
  /** The chunk object holding it, and its byte range there. */
  key: string;
  offset: number;
  length: number;
  /** The stream's accepted-entry counter after the last entry of this chunk (WAL replay skips up to it). */
  lastCt: number;
  /** The partition it belongs to (retention drops partitions whole). */
  partition: string;
}

/**
 * A chunk record with no entries (and no bytes) is a tombstone: it keeps a stream's entry counter where a delete
 * request removed the chunks that carried it (WAL replay skips up to it); queries never read it.
 */
export const isTombstone = (c: { entries: number }): boolean => c.entries === 0;

export interface PieceSeries { id: number; labels: LabelPair[] }
export interface PieceChunk extends SourceSpan { seriesId: number; offset: number; length: number; lastCt: number }
export interface Piece {
  series: PieceSeries[];
  chunks: PieceChunk[];
  /** Chunk objects superseded by this one: whoever finds them still there deletes them. */
  replaces?: string[];
}

export function encodePiece(p: Piece): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(INDEX_MAGIC, 0);
  header[4] = PIECE_VERSION;
  const parts: Buffer[] = [header];
  for (const s of p.series) parts.push(encodeSeriesRecord(s.id, s.labels));
  for (const c of p.chunks) {
    const w = new ByteWriter(72);
    w.u8(CHUNK_IN_OBJECT);
    w.u32(c.seriesId);
    writeChunkFields(w, c);
    parts.push(frame(w));
  }
  for (const key of p.replaces ?? []) {
    const w = new ByteWriter(key.length + 8);
    w.u8(REPLACES);
    w.str(key);
    parts.push(frame(w));
  }
  return Buffer.concat(parts);
}

/**
 * A piece's records; any damage (a piece is written whole, so there is no torn tail) is DamagedIndexError.
 * `labelsById`, shared by one tenant's pieces in a load: a series' labels are decoded from the first piece declaring
 * it and taken from there for the others (a series id names one series), which saves most of a start's strings.
 */
export function decodePiece(data: Buffer, labelsById?: Map<number, LabelPair[]>): Piece {
  if (data.length < HEADER || data.readUInt32LE(0) !== INDEX_MAGIC) throw new DamagedIndexError('is not a Logi index piece (bad magic)');
  if (data[4] !== PIECE_VERSION) throw new DamagedIndexError(`has an unsupported index version ${data[4]}`);
  const out: Piece = { series: [], chunks: [] };
  let at = HEADER;
  while (at < data.length) {
    if (at + 8 > data.length) throw new DamagedIndexError(`is cut short at byte ${at}`);
    const end = at + 8 + data.readUInt32LE(at);
    const payload = data.subarray(at + 8, end);
    if (end > data.length || crc32(payload) !== data.readUInt32LE(at + 4)) throw new DamagedIndexError(`has a damaged record at byte ${at}`);
    try {
      const r = new ByteReader(payload);
      const type = r.u8();
      if (type === INDEX_RECORD.series) {
        const labels = labelsById?.get(payload.readUInt32LE(1));
        if (labels) {
          out.series.push({ id: payload.readUInt32LE(1), labels });
        } else {
          const series = readSeriesRecord(r);
          labelsById?.set(series.id, series.labels);
          out.series.push(series);
        }
      } else if (type === CHUNK_IN_OBJECT) {
        out.chunks.push({ seriesId: r.u32(), ...readChunkFields(r) });
      } else if (type === REPLACES) {
        (out.replaces ??= []).push(r.str());
      }
      // other types: newer records, skipped so that old code still reads what it knows
    } catch (e) {
      throw new DamagedIndexError(`has a malformed record at byte ${at} (${(e as Error).message})`);
    }
    at = end;
  }
  return out;
}
