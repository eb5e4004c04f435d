// Retention as Loki's compactor applies it (limits_config.retention_period): a partition whose every chunk
// ended before now − retention_period leaves the index at once and is deleted whole a query timeout later
// (Store.dropPartition, collectRetired), so queries already reading it finish. Both steps are logged.
import type { Store } from '../storage/store.js';

/** Drops every expired partition of every tenant (`retentionPeriodMs` 0: keep everything). */
export function applyRetention(store: Store, retentionPeriodMs: (tenant: string) => number, log: (line: string) => void, nowMs = Date.now()): void {
  for (const index of [...store.tenants()]) {
    const tenant = index.tenant;
    const period = retentionPeriodMs(tenant);
    if (period <= 0) continue;
    const cutoffNs = BigInt(nowMs - period) * 1_000_000n;
    for (const p of store.partitions(tenant)) {
      if (p.maxTs >= cutoffNs) continue;
      const series = store.dropPartition(tenant, p.name);
      log(`level=info msg="retention: partition expired, out of the index" tenant=${JSON.stringify(tenant)} partition=${p.name} series=${series}`);
    }
  }
}
