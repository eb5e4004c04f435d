// Index compaction: each flush leaves one chunk object and one index piece per partition it touches, so a
// long run leaves thousands of small pieces, and a start reads every one. A pass merges, in every partition
// but the one being written, the small objects (under half of MERGED_MAX_BYTES) once there are more than
// logi.compactor.compaction_min_pieces of them, into objects of at most MERGED_MAX_BYTES, each with one piece
// (Store.mergeObjects). The chunks stay as they are: only where they live changes.
import type { Store } from '../storage/store.js';

/** The most chunk bytes one merged object holds (read whole into memory while merging). */
export const MERGED_MAX_BYTES = 128 * 1024 * 1024;

export async function compactIndex(store: Store, minPieces: number, log: (line: string) => void, nowMs = Date.now()): Promise<void> {
  if (minPieces <= 0) return;
  const current = store.currentPartition(nowMs);
  for (const index of [...store.tenants()]) {
    // Objects the index points at, by partition, with their chunk bytes.
    const parts = new Map<string, Map<string, number>>();
    for (const s of index.byId.values()) {
      for (const c of s.chunks) {
        if (c.partition === current) continue;
        let objects = parts.get(c.partition);
        if (!objects) parts.set(c.partition, (objects = new Map()));
        objects.set(c.key, (objects.get(c.key) ?? 0) + c.length);
      }
    }
    for (const [partition, objects] of parts) {
      // keys are time-ordered names: merged objects keep the write order
      const small = [...objects].filter(([, bytes]) => bytes < MERGED_MAX_BYTES / 2).sort(([a], [b]) => (a < b ? -1 : 1));
      if (small.length <= minPieces) continue;
      const t0 = Date.now();
      const groups: string[][] = [[]];
      let size = 0;
      for (const [key, bytes] of small) {
        if (size + bytes > MERGED_MAX_BYTES && groups.at(-1)!.length > 0) { groups.push([]); size = 0; }
        groups.at(-1)!.push(key);
        size += bytes;
      }
      let bytes = 0;
      for (const g of groups.filter((g) => g.length > 1)) bytes += await store.mergeObjects(index.tenant, partition, g);
      log(`level=info msg="compactor: partition compacted" tenant=${JSON.stringify(index.tenant)} partition=${partition} objects=${small.length} into=${groups.length} bytes=${bytes} duration_ms=${Date.now() - t0}`);
    }
  }
}
