// Start-up: the label index comes from the index logs (chunks are read only to rebuild a damaged one), then
// the WAL is replayed on top. Replay appends exactly the entries that were accepted (records hold only those,
// in acceptance order) and skips, by the per-stream entry counter, whatever stored chunks already hold;
// nothing is re-checked, so a restart restores exactly the acknowledged state.
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DamagedIndexError, IndexLog, type IndexRecord } from '../index/index-log.js';
import { rebuildIndexLog } from '../index/rebuild.js';
import { TenantIndex } from '../index/tenant-index.js';
import { chunkFileName, chunkFileNumbers } from '../storage/local.js';
import { tenantFromDirName } from '../storage/tenant-dir.js';
import { listSegments, readSegment, UnreadableSegmentError, type ByteRange, type SegmentContents } from './wal-read.js';
import { segmentName } from './wal-writer.js';
import { visitEntriesRecord, type EntriesVisitor } from './wal-format.js';

export interface LoadedTenant { name: string; index: TenantIndex; log: IndexLog }

const INDEX_FILE_RE = /^(.+)\.idx$/;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** True when the tenant's chunk directory holds any chunk bytes. */
async function holdsChunks(chunkDir: string): Promise<boolean> {
  for (const n of await chunkFileNumbers(chunkDir)) if ((await stat(join(chunkDir, chunkFileName(n)))).size > 0) return true;
  return false;
}

/**
 * Opens one tenant's index log. A log that cannot be read (bad magic or version, damage before its tail), or
 * that is missing or holds no chunk while the tenant has chunk files (emptied, deleted), is rebuilt from what
 * is still readable in it and the chunk files, reported in one line naming the file and what was rebuilt or lost.
 */
async function openTenantLog(path: string, chunkDir: string, fsync: boolean, warn: (msg: string) => void): Promise<{ log: IndexLog; records: IndexRecord[] } | undefined> {
  let damage: string;
  let readable: IndexRecord[] = [];
  if (await exists(path)) {
    try {
      const opened = await IndexLog.open(path, fsync);
      if (opened.warning) warn(opened.warning);
      if (opened.records.some((r) => r.type === 'chunk') || !(await holdsChunks(chunkDir))) return opened;
      await opened.log.close();
      damage = 'holds no chunk though the tenant has chunk files (emptied?)';
    } catch (e) {
      if (!(e instanceof DamagedIndexError)) throw e;
      damage = e.message;
      readable = e.records;
    }
  } else {
    if (!(await holdsChunks(chunkDir))) return undefined; // nothing stored: the log is created by the first flush
    damage = 'is missing though the tenant has chunk files';
  }
  const { aside, summary: s } = await rebuildIndexLog(path, chunkDir, fsync, readable);
  const lost = [
    ...(s.unlabelled > 0 ? [`${s.unlabelled} chunks of format version 1 (they do not name their stream)`] : []),
    ...(s.unreadableBytes > 0 ? [`${s.unreadableBytes} bytes that are not a readable chunk`] : []),
  ];
  warn(`index ${path} ${damage}: ${aside ? `moved aside to ${aside}; ` : ''}rebuilt from ${s.files} chunk files in ${chunkDir}: `
    + `${s.chunks} chunks of ${s.streams} streams${lost.length > 0 ? `; not in the index: ${lost.join(', ')}` : ''}`);
  return IndexLog.open(path, fsync);
}

/**
 * Loads every tenant's index log (tenants known by an index file or a chunk directory). A tenant whose index
 * can neither be read nor rebuilt is reported and left out; the others are served. Returns the tenants and the
 * highest series id seen.
 */
export async function loadIndexes(indexDir: string, chunksDir: string, fsync: boolean, warn: (msg: string) => void): Promise<{ tenants: LoadedTenant[]; maxSeriesId: number }> {
  await mkdir(indexDir, { recursive: true });
  const dirNames = new Set<string>();
  for (const file of await readdir(indexDir)) {
    const m = INDEX_FILE_RE.exec(file);
    if (m) dirNames.add(m[1]!);
  }
  const chunkDirs = await readdir(chunksDir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  for (const d of chunkDirs) if (d.isDirectory()) dirNames.add(d.name);

  const tenants: LoadedTenant[] = [];
  let maxSeriesId = 0;
  for (const dirName of [...dirNames].sort()) {
    const path = join(indexDir, `${dirName}.idx`);
    let name: string;
    let opened: { log: IndexLog; records: IndexRecord[] } | undefined;
    try {
      name = tenantFromDirName(dirName);
      opened = await openTenantLog(path, join(chunksDir, dirName), fsync, warn);
    } catch (e) {
      warn(`index ${path} could neither be read nor rebuilt, that tenant's stored data is not served: ${(e as Error).message}`);
      continue;
    }
    if (!opened) continue;
    const index = new TenantIndex(name);
    for (const r of opened.records) {
      if (r.type === 'series') {
        index.add(r.id, r.labels, true);
        maxSeriesId = Math.max(maxSeriesId, r.id);
      } else {
        const s = index.byId.get(r.seriesId);
        if (!s) { warn(`${path}: chunk of unknown series ${r.seriesId} ignored`); continue; }
        index.addChunk(s, r.ref);
      }
    }
    tenants.push({ name, index, log: opened.log });
  }
  return { tenants, maxSeriesId };
}

export interface ReplayVisitor extends EntriesVisitor {
  /** The records that follow come from segment n. */
  segment(n: number): void;
}

/** Replays every WAL segment in order into `v`; returns the segments kept (number -> bytes). */
export async function replayWal(walDir: string, v: ReplayVisitor, warn: (msg: string) => void): Promise<Map<number, number>> {
  await mkdir(walDir, { recursive: true });
  const kept = new Map<number, number>();
  const segments = await listSegments(walDir);
  for (const n of segments) {
    const path = join(walDir, segmentName(n));
    let seg: SegmentContents;
    try {
      seg = await readSegment(path);
    } catch (e) {
      if (!(e instanceof UnreadableSegmentError)) throw e;
      // Kept aside for whoever can read it; its number stays taken so no new segment reuses it.
      await rename(path, `${path}.unreadable`);
      warn(`WAL segment ${path}: ${e.message}: not replayed, moved to ${path}.unreadable; the other segments are replayed`);
      kept.set(n, 0);
      continue;
    }
    reportDamage(path, seg, warn);
    v.segment(n);
    for (const p of seg.payloads) visitEntriesRecord(p, v);
    kept.set(n, seg.size);
  }
  return kept;
}

const recordsText = (r: ByteRange): string => (r.records === undefined ? 'at least 1 record' : `${r.records} record${r.records === 1 ? '' : 's'}`);

function reportDamage(path: string, seg: SegmentContents, warn: (msg: string) => void): void {
  if (seg.badMagic) warn(`WAL segment ${path}: bad magic in its header; its records were read anyway`);
  for (const d of seg.damaged) {
    warn(`WAL segment ${path}: ${d.bytes} damaged bytes at offset ${d.offset} skipped (${recordsText(d)} lost); replay resumed at offset ${d.offset + d.bytes}`);
  }
  const t = seg.tail;
  if (!t) return;
  if (t.records === undefined) {
    warn(`WAL segment ${path}: ${t.bytes} bytes at offset ${t.offset} after its last record cut off: a write cut short (never acknowledged)`);
  } else {
    warn(`WAL segment ${path}: ${t.bytes} damaged bytes at offset ${t.offset} at its end cut off (${recordsText(t)} lost)`);
  }
}
