// Start-up: the label index comes from the index logs (no chunk is read), then the WAL is replayed on top.
// Replay appends exactly the entries that were accepted (records hold only those, in acceptance order)
// and skips, by the per-stream entry counter, whatever stored chunks already hold; nothing is re-checked,
// so a restart restores exactly the acknowledged state.
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { IndexLog } from '../index/index-log.js';
import { TenantIndex } from '../index/tenant-index.js';
import { tenantFromDirName } from '../storage/tenant-dir.js';
import { listSegments, readSegment } from './wal-read.js';
import { segmentName } from './wal-writer.js';
import { visitEntriesRecord, type EntriesVisitor } from './wal-format.js';

export interface LoadedTenant { name: string; index: TenantIndex; log: IndexLog }

const INDEX_FILE_RE = /^(.+)\.idx$/;

/** Loads every tenant's index log. Returns the tenants and the highest series id seen. */
export async function loadIndexes(indexDir: string, fsync: boolean, warn: (msg: string) => void): Promise<{ tenants: LoadedTenant[]; maxSeriesId: number }> {
  await mkdir(indexDir, { recursive: true });
  const tenants: LoadedTenant[] = [];
  let maxSeriesId = 0;
  for (const file of (await readdir(indexDir)).sort()) {
    const m = INDEX_FILE_RE.exec(file);
    if (!m) continue;
    const name = tenantFromDirName(m[1]!);
    const { log, records, warning } = await IndexLog.open(join(indexDir, file), fsync);
    if (warning) warn(warning);
    const index = new TenantIndex(name);
    for (const r of records) {
      if (r.type === 'series') {
        index.add(r.id, r.labels, true);
        maxSeriesId = Math.max(maxSeriesId, r.id);
      } else {
        const s = index.byId.get(r.seriesId);
        if (!s) { warn(`${file}: chunk of unknown series ${r.seriesId} ignored`); continue; }
        index.addChunk(s, r.ref);
      }
    }
    tenants.push({ name, index, log });
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
    const seg = await readSegment(join(walDir, segmentName(n)));
    if (seg.tornBytes > 0) warn(`WAL segment ${n}: dropped a torn tail of ${seg.tornBytes} bytes (never acknowledged)`);
    v.segment(n);
    for (const p of seg.payloads) visitEntriesRecord(p, v);
    kept.set(n, seg.size);
  }
  return kept;
}
