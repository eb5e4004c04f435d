// Retention as Loki's compactor applies it (limits_config.retention_period): a partition whose every chunk
// ended before now − retention_period is deleted whole (Store.dropPartition: out of the index first, then its
// chunk objects, then its pieces, so a kill at any point leaves a store the next start reads consistently and
// finishes). Each deletion is logged with the series, objects and bytes it removed.
import type { Store } from '../storage/store.js';

/** Deletes every expired partition of every tenant (`retentionPeriodMs` 0: keep everything). */
export async function applyRetention(store: Store, retentionPeriodMs: (tenant: string) => number, log: (line: string) => void, nowMs = Date.now()): Promise<void> {
  for (const index of [...store.tenants()]) {
    const tenant = index.tenant;
    const period = retentionPeriodMs(tenant);
    if (period <= 0) continue;
    const cutoffNs = BigInt(nowMs - period) * 1_000_000n;
    for (const p of store.partitions(tenant)) {
      if (p.maxTs >= cutoffNs) continue;
      const t0 = Date.now();
      const r = await store.dropPartition(tenant, p.name);
      log(`level=info msg="retention: deleted partition" tenant=${JSON.stringify(tenant)} partition=${p.name} series=${r.series} objects=${r.objects} bytes=${r.bytes} duration_ms=${Date.now() - t0}`);
    }
  }
}
