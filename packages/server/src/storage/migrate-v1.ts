// Start-up: a data directory in the version 1 layout (<path_prefix>/index/<tenant>.idx logs, chunk files in
// <chunks_directory>/<tenant>/) is moved into partitions, never ignored. Per tenant: the log is read (rebuilt
// from the chunk files if damaged, as version 1 did), its chunks are written as the partitions' chunk objects
// and pieces under fixed names, then the log is renamed <tenant>.idx.migrated, then the chunk files and the
// renamed log are removed. A migration cut short runs again: fixed names replace what it wrote, and a tenant
// whose log is already renamed only has its files removed. Series ids and entry counters are kept, so the
// WAL replays on top exactly as before.
import { open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DamagedIndexError, IndexLog, type FileChunkRef, type IndexRecord } from '../index/index-log.js';
import { rebuildIndexLog } from '../index/rebuild.js';
import type { ObjectStore } from './object/object-store.js';
import type { StoreConfig, WriteItem } from './store.js';
import { tenantFromDirName } from './tenant-dir.js';
import { chunkFileName, chunkFileNumbers } from './v1-chunk-files.js';

const INDEX_FILE_RE = /^(.+)\.idx$/;
const MIGRATED = '.migrated';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** True when the tenant's chunk directory holds any chunk bytes. */
async function holdsChunks(chunkDir: string): Promise<boolean> {
  for (const n of await chunkFileNumbers(chunkDir)) if ((await stat(join(chunkDir, chunkFileName(n)))).size > 0) return true;
  return false;
}

/**
 * One tenant's index records. A log that cannot be read (bad magic or version, damage before its tail), or
 * that is missing or holds no chunk while the tenant has chunk files, is rebuilt from what is still readable
 * in it and the chunk files, reported in one line naming the file and what was rebuilt or lost.
 */
async function tenantRecords(path: string, chunkDir: string, fsync: boolean, warn: (msg: string) => void): Promise<IndexRecord[]> {
  let damage: string;
  let readable: IndexRecord[] = [];
  if (await exists(path)) {
    try {
      const opened = await IndexLog.open(path, fsync);
      await opened.log.close();
      if (opened.warning) warn(opened.warning);
      if (opened.records.some((r) => r.type === 'chunk') || !(await holdsChunks(chunkDir))) return opened.records;
      damage = 'holds no chunk though the tenant has chunk files (emptied?)';
    } catch (e) {
      if (!(e instanceof DamagedIndexError)) throw e;
      damage = e.message;
      readable = e.records;
    }
  } else {
    damage = 'is missing though the tenant has chunk files';
  }
  const { aside, summary: s } = await rebuildIndexLog(path, chunkDir, fsync, readable);
  const lost = [
    ...(s.unlabelled > 0 ? [`${s.unlabelled} chunks of format version 1 (they do not name their stream)`] : []),
    ...(s.unreadableBytes > 0 ? [`${s.unreadableBytes} bytes that are not a readable chunk`] : []),
  ];
  warn(`index ${path} ${damage}: ${aside ? `moved aside to ${aside}; ` : ''}rebuilt from ${s.files} chunk files in ${chunkDir}: `
    + `${s.chunks} chunks of ${s.streams} streams${lost.length > 0 ? `; not in the index: ${lost.join(', ')}` : ''}`);
  const rebuilt = await IndexLog.open(path, fsync);
  await rebuilt.log.close();
  return rebuilt.records;
}

/** The chunks of one chunk file that the records name, with their series. */
async function readChunks(file: string, refs: readonly { seriesId: number; ref: FileChunkRef }[], labels: ReadonlyMap<number, [string, string][]>): Promise<WriteItem[]> {
  const fh = await open(file, 'r');
  try {
    const items: WriteItem[] = [];
    for (const { seriesId, ref } of refs) {
      const bytes = Buffer.allocUnsafe(ref.length);
      const { bytesRead } = await fh.read(bytes, 0, ref.length, ref.offset);
      if (bytesRead < ref.length) throw new Error(`${file}: the chunk at offset ${ref.offset} is cut short (${bytesRead} of ${ref.length} bytes)`);
      items.push({ seriesId, labels: labels.get(seriesId)!, bytes, minTs: ref.minTs, maxTs: ref.maxTs, entries: ref.entries, rawBytes: ref.rawBytes, lastCt: ref.lastCt });
    }
    return items;
  } finally {
    await fh.close();
  }
}

/** Removes the tenant's chunk files, its directory if that leaves it empty, and its migrated log. */
async function removeV1Files(chunkDir: string, migratedLog: string): Promise<void> {
  for (const n of await chunkFileNumbers(chunkDir)) await rm(join(chunkDir, chunkFileName(n)), { force: true });
  await rmdir(chunkDir).catch(() => undefined); // kept when something else is in it
  await rm(migratedLog, { force: true });
}

/** Migrates one tenant (see the file's head); returns how many chunks it moved. */
async function migrateTenant(
  cfg: StoreConfig, tenant: string, log: string, chunkDir: string, write: (tenant: string, items: WriteItem[], name: string) => Promise<void>,
): Promise<number> {
  let chunks = 0;
  if (!(await exists(`${log}${MIGRATED}`))) {
    const records = await tenantRecords(log, chunkDir, cfg.fsync, cfg.warn);
    const labels = new Map<number, [string, string][]>();
    const byFile = new Map<number, { seriesId: number; ref: FileChunkRef }[]>();
    for (const r of records) {
      if (r.type === 'series') { labels.set(r.id, r.labels); continue; }
      if (!labels.has(r.seriesId)) { cfg.warn(`${log}: chunk of unknown series ${r.seriesId} ignored`); continue; }
      let list = byFile.get(r.ref.fileNo);
      if (!list) byFile.set(r.ref.fileNo, (list = []));
      list.push({ seriesId: r.seriesId, ref: r.ref });
    }
    for (const [fileNo, refs] of byFile) {
      await write(tenant, await readChunks(join(chunkDir, chunkFileName(fileNo)), refs, labels), `00000000000000-v1-${String(fileNo).padStart(6, '0')}`);
      chunks += refs.length;
    }
    await rename(log, `${log}${MIGRATED}`).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'ENOENT') throw e; });
  }
  await removeV1Files(chunkDir, `${log}${MIGRATED}`);
  return chunks;
}

/**
 * Migrates every tenant found in the version 1 layout; `write(tenant, items, name)` stores chunks under a
 * fixed object name. Does nothing when there is no version 1 data.
 */
export async function migrateV1Layout(
  cfg: StoreConfig, objects: ObjectStore, write: (tenant: string, items: WriteItem[], name: string) => Promise<void>,
): Promise<void> {
  const indexDir = join(cfg.dir, 'index');
  const logs = await readdir(indexDir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOTDIR' || e.code === 'ENOENT') return [];
    throw e;
  });
  const dirNames = new Set<string>();
  for (const file of logs) {
    const m = INDEX_FILE_RE.exec(file) ?? /^(.+)\.idx\.migrated$/.exec(file);
    if (m) dirNames.add(m[1]!);
  }
  for (const d of await readdir(cfg.chunksDir, { withFileTypes: true }).catch(() => [])) {
    if (d.isDirectory() && (await holdsChunks(join(cfg.chunksDir, d.name)))) dirNames.add(d.name);
  }
  let chunks = 0;
  let tenants = 0;
  for (const dirName of [...dirNames].sort()) {
    const log = join(indexDir, `${dirName}.idx`);
    try {
      chunks += await migrateTenant(cfg, tenantFromDirName(dirName), log, join(cfg.chunksDir, dirName), write);
      tenants++;
    } catch (e) {
      // Its files stay as they are, for whoever can read them; every other tenant is served.
      cfg.warn(`index ${log} could neither be read nor migrated, that tenant's stored data is not served: ${(e as Error).message}`);
    }
  }
  await rmdir(indexDir).catch(() => undefined); // kept when damaged logs moved aside are in it
  if (tenants > 0) cfg.warn(`migrated the version 1 layout of ${tenants} tenants (${chunks} chunks) from ${indexDir} and ${cfg.chunksDir} into partitions in ${objects.location}`);
}
