// Retention as Loki's compactor applies it (limits_config.retention_period and retention_stream, per tenant
// through the runtime overrides): a chunk has expired once it ended more than its stream's period ago. A
// partition whose every chunk has expired leaves the index at once and is deleted whole a query timeout later
// (Store.dropPartition, collectRetired); in any other partition the objects holding expired chunks are
// rewritten without them, as a delete request's are (Store.rewriteObject). Every step is logged with the
// series and bytes it removes.
import type { LabelPair } from '@logi/protocol';
import type { ChunkRef } from '../index/index-piece.js';
import { compileMatchers } from '../index/matchers.js';
import type { StreamRetention } from '../app/config.js';
import type { Store } from '../storage/store.js';

export interface RetentionLimits {
  /** 0: keep forever */
  retentionPeriodMs: number;
  retentionStream: readonly StreamRetention[];
}

/**
 * A tenant's retention period of each stream, as Loki's: of the rules whose selector matches, the one of
 * highest priority, and among equal priorities the shortest period; no rule matching: the tenant's period.
 */
export function retentionPeriods(l: RetentionLimits): (labels: readonly LabelPair[]) => number {
  const rules = l.retentionStream.map((r) => ({ r, matches: compileMatchers(r.matchers) }));
  return (labels) => {
    let best: StreamRetention | undefined;
    for (const { r, matches } of rules) {
      if (!matches(labels)) continue;
      if (best && (best.priority > r.priority || (best.priority === r.priority && best.periodMs <= r.periodMs))) continue;
      best = r;
    }
    return best ? best.periodMs : l.retentionPeriodMs;
  };
}

/** Removes the expired chunks of every tenant. */
export async function applyRetention(store: Store, limits: (tenant: string) => RetentionLimits, log: (line: string) => void, nowMs = Date.now()): Promise<void> {
  for (const index of [...store.tenants()]) {
    const tenant = index.tenant;
    const l = limits(tenant);
    if (l.retentionPeriodMs <= 0 && l.retentionStream.every((r) => r.periodMs <= 0)) continue;
    const periodOf = retentionPeriods(l);
    // Per partition: how many chunks the index has there, and which have expired (by object).
    const parts = new Map<string, { chunks: number; expired: Map<string, Set<ChunkRef>>; series: Set<number>; bytes: number }>();
    for (const s of index.byId.values()) {
      const period = periodOf(s.labels);
      const cutoffNs = BigInt(nowMs - period) * 1_000_000n;
      for (const c of s.chunks) {
        let p = parts.get(c.partition);
        if (!p) parts.set(c.partition, (p = { chunks: 0, expired: new Map(), series: new Set(), bytes: 0 }));
        p.chunks++;
        if (period <= 0 || c.maxTs >= cutoffNs) continue;
        let refs = p.expired.get(c.key);
        if (!refs) p.expired.set(c.key, (refs = new Set()));
        refs.add(c);
        p.series.add(s.id);
        p.bytes += c.length;
      }
    }
    for (const [partition, p] of parts) {
      const expired = [...p.expired.values()].reduce((n, refs) => n + refs.size, 0);
      if (expired === 0) continue;
      if (expired === p.chunks) {
        const series = store.dropPartition(tenant, partition);
        log(`level=info msg="retention: partition expired, out of the index" tenant=${JSON.stringify(tenant)} partition=${partition} series=${series}`);
        continue;
      }
      let rewritten = 0;
      for (const [key, refs] of p.expired) {
        if (await store.rewriteObject(tenant, key, (_chunk, ref) => (refs.has(ref) ? null : undefined))) rewritten++;
      }
      log(`level=info msg="retention: expired chunks removed" tenant=${JSON.stringify(tenant)} partition=${partition} series=${p.series.size} chunks=${expired} bytes=${p.bytes} objects_rewritten=${rewritten}`);
    }
  }
}
