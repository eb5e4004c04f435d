// Rebuilds index from chunks when it is unreadable or lost (README.md): a version 2 chunk names its series,
// labels and entry counter, so the chunks alone say what the index held. A version 1 layout's tenant log is
// rebuilt from its chunk files before migration; a damaged index piece from its chunk object.
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LabelPair } from '@logi/protocol';
import { CHUNK_HEADER_SIZE, CHUNK_MAGIC, CHUNK_TABLE_ENTRY_SIZE, chunkLength, parseChunk, parseChunkStream, type ChunkBlockRef, type ChunkStream } from '../chunk/chunk-format.js';
import type { SourceSpan } from '../ingester/types.js';
import type { Piece } from './index-piece.js';
import { fsyncDir } from '../storage/fs-util.js';
import { chunkFileName, chunkFileNumbers } from '../storage/v1-chunk-files.js';
import { encodeChunkRecord, encodeSeriesRecord, IndexLog, type FileChunkRef, type IndexRecord } from './index-log.js';

export interface RebuildSummary {
  files: number;
  chunks: number;
  streams: number;
  /** Checked chunks of format version 1, which do not name their stream. */
  unlabelled: number;
  /** Bytes of the chunk files that are not a checked chunk (a write cut short, damage). */
  unreadableBytes: number;
}

interface RebuiltSeries { labels: LabelPair[]; refs: FileChunkRef[]; lastCts: Set<number> }

const MAGIC_BYTES = Buffer.alloc(4);
MAGIC_BYTES.writeUInt32LE(CHUNK_MAGIC, 0);
const SEARCH_WINDOW = 1 << 20;

async function readAt(fh: FileHandle, pos: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  const { bytesRead } = await fh.read(buf, 0, length, pos);
  return buf.subarray(0, bytesRead);
}

/** The chunk starting at `pos` with its blocks, if a whole chunk passing its CRC is there. */
async function chunkAt(fh: FileHandle, pos: number, size: number): Promise<{ buf: Buffer; blocks: ChunkBlockRef[] } | undefined> {
  const head = await readAt(fh, pos, CHUNK_HEADER_SIZE);
  if (head.length < CHUNK_HEADER_SIZE || head.readUInt32LE(0) !== CHUNK_MAGIC) return undefined;
  const tableEnd = CHUNK_HEADER_SIZE + CHUNK_TABLE_ENTRY_SIZE * head.readUInt32LE(8);
  if (tableEnd > size - pos) return undefined;
  const length = chunkLength(await readAt(fh, pos, tableEnd));
  if (length === undefined || length > size - pos) return undefined;
  const buf = await readAt(fh, pos, length);
  try {
    return { buf, blocks: parseChunk(buf) };
  } catch {
    return undefined;
  }
}

/** What a chunk's block table says about the whole chunk. */
export function chunkSpan(b: readonly ChunkBlockRef[]): SourceSpan {
  return {
    minTs: b.reduce((m, x) => (x.minTs < m ? x.minTs : m), b[0]!.minTs),
    maxTs: b.reduce((m, x) => (x.maxTs > m ? x.maxTs : m), b[0]!.maxTs),
    entries: b.reduce((n, x) => n + x.entries, 0),
    rawBytes: b.reduce((n, x) => n + x.rawBytes, 0),
  };
}

/**
 * The index piece of a chunk object whose piece is damaged, read from the chunks themselves (each names its
 * series, labels and entry counter); `unreadable` counts the bytes that are not a checked version 2 chunk.
 */
export function pieceFromChunkObject(buf: Buffer): { piece: Piece; unreadable: number } {
  const piece: Piece = { series: [], chunks: [] };
  const seen = new Set<number>();
  let unreadable = 0;
  let pos = 0;
  while (pos < buf.length) {
    const rest = buf.subarray(pos);
    const length = chunkLength(rest);
    let stream: ChunkStream | undefined;
    let blocks: ChunkBlockRef[] | undefined;
    if (length !== undefined && length <= rest.length) {
      try {
        blocks = parseChunk(rest.subarray(0, length));
        stream = parseChunkStream(rest.subarray(0, length));
      } catch {
        blocks = undefined;
      }
    }
    if (!blocks || !stream || length === undefined) {
      // chunks are written back to back: what follows a bad one cannot be found reliably
      unreadable += rest.length;
      break;
    }
    if (!seen.has(stream.seriesId)) {
      seen.add(stream.seriesId);
      piece.series.push({ id: stream.seriesId, labels: stream.labels });
    }
    piece.chunks.push({ seriesId: stream.seriesId, offset: pos, length, lastCt: stream.lastCt, ...chunkSpan(blocks) });
    pos += length;
  }
  return { piece, unreadable };
}

/** Where the next chunk magic after `from` is (`size` when none): chunks after damaged bytes are found again. */
async function nextMagic(fh: FileHandle, from: number, size: number): Promise<number> {
  for (let pos = from; pos < size; pos += SEARCH_WINDOW) {
    const window = await readAt(fh, pos, SEARCH_WINDOW + MAGIC_BYTES.length - 1);
    const at = window.indexOf(MAGIC_BYTES);
    if (at >= 0) return pos + at;
  }
  return size;
}

async function scanChunkFile(path: string, fileNo: number, series: Map<number, RebuiltSeries>, known: ReadonlySet<string>, summary: RebuildSummary): Promise<void> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    let pos = 0;
    while (pos < size) {
      const chunk = await chunkAt(fh, pos, size);
      if (!chunk) {
        const next = await nextMagic(fh, pos + 1, size);
        summary.unreadableBytes += next - pos;
        pos = next;
        continue;
      }
      const at = pos;
      pos += chunk.buf.length;
      if (known.has(`${fileNo}:${at}`)) { summary.chunks++; continue; }
      const stream = parseChunkStream(chunk.buf);
      if (!stream) { summary.unlabelled++; continue; }
      let s = series.get(stream.seriesId);
      if (!s) series.set(stream.seriesId, (s = { labels: stream.labels, refs: [], lastCts: new Set() }));
      // A flush that failed after writing its chunks writes them again: one copy per entry counter is enough.
      if (s.lastCts.has(stream.lastCt)) continue;
      s.lastCts.add(stream.lastCt);
      s.refs.push({ fileNo, offset: at, length: chunk.buf.length, lastCt: stream.lastCt, ...chunkSpan(chunk.blocks) });
      summary.chunks++;
    }
  } finally {
    await fh.close();
  }
}

/** Series and chunks of the records still readable in the damaged log: kept even where the chunk does not say (version 1). */
function seeded(records: readonly IndexRecord[]): { series: Map<number, RebuiltSeries>; known: Set<string> } {
  const series = new Map<number, RebuiltSeries>();
  const known = new Set<string>();
  for (const r of records) {
    if (r.type === 'series') {
      series.set(r.id, { labels: r.labels, refs: [], lastCts: new Set() });
      continue;
    }
    const s = series.get(r.seriesId);
    if (!s) continue; // its series record is lost: the chunk scan finds the chunk again if it names its stream
    s.refs.push(r.ref);
    s.lastCts.add(r.ref.lastCt);
    known.add(`${r.ref.fileNo}:${r.ref.offset}`);
  }
  return { series, known };
}

/**
 * Writes a new index log at `indexPath` from `readable` (records still readable in the old log) and the chunk
 * files in `chunkDir`. The old file, if any, is moved aside (never deleted) to the returned path. The new log
 * is complete before it takes the old one's name, so a crash half-way leaves no index (rebuilt again at the
 * next start), never a partial one.
 */
export async function rebuildIndexLog(indexPath: string, chunkDir: string, fsync: boolean, readable: readonly IndexRecord[] = []): Promise<{ aside: string | undefined; summary: RebuildSummary }> {
  const summary: RebuildSummary = { files: 0, chunks: 0, streams: 0, unlabelled: 0, unreadableBytes: 0 };
  const { series, known } = seeded(readable);
  for (const fileNo of await chunkFileNumbers(chunkDir)) {
    await scanChunkFile(join(chunkDir, chunkFileName(fileNo)), fileNo, series, known, summary);
    summary.files++;
  }
  const records: Buffer[] = [];
  for (const [id, s] of series) {
    records.push(encodeSeriesRecord(id, s.labels));
    for (const ref of s.refs) records.push(encodeChunkRecord(id, ref));
  }
  summary.streams = series.size;

  const building = `${indexPath}.rebuilding`;
  await rm(building, { force: true }); // left by a rebuild cut short
  const { log } = await IndexLog.open(building, fsync);
  try {
    await log.append(records);
  } finally {
    await log.close();
  }
  const exists = await stat(indexPath).then(() => true, () => false);
  const aside = exists ? `${indexPath}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}` : undefined;
  if (aside) await rename(indexPath, aside);
  await rename(building, indexPath);
  if (fsync) await fsyncDir(dirname(indexPath));
  return { aside, summary };
}
