// The read side of storage, as the querier and the metadata endpoints see it: the store's label index and
// chunk refs merged with what the ingester holds in memory. A series is listed for a range when either
// has data of it there.
import type { Series, TenantIndex } from '../index/tenant-index.js';
import { chunksIn } from '../index/tenant-index.js';
import type { ChunkSource, IndexStats, Ingester, Matcher, StreamIndex, StreamRef } from '../ingester/types.js';
import type { ObjectStoreRef } from '../storage/object/open-store.js';
import type { Store } from '../storage/store.js';

export class StreamView implements StreamIndex {
  readonly #store: Store;
  readonly #ingester: Ingester;

  constructor(store: Store, ingester: Ingester) {
    this.#store = store;
    this.#ingester = ingester;
  }

  get objects(): ObjectStoreRef {
    return this.#store.objects;
  }

  /** Series of the tenant with data in [fromNs, toNs] matching every matcher; lazy, as TenantIndex.match. */
  *#matching(tenant: string, matchers: readonly Matcher[], fromNs: bigint, toNs: bigint): Generator<Series> {
    const index: TenantIndex | undefined = this.#store.peek(tenant);
    if (!index) return;
    for (const s of index.match(matchers)) {
      if (chunksIn(s, fromNs, toNs, 1).length > 0 || (this.#ingester.memory(tenant, s.id)?.memoryOverlaps(fromNs, toNs) ?? false)) yield s;
    }
  }

  *selectStreams(tenant: string, matchers: Matcher[], fromNs: bigint, toNs: bigint): Generator<StreamRef> {
    for (const s of this.#matching(tenant, matchers, fromNs, toNs)) yield { id: s.id, labels: s.labels, key: s.key };
  }

  labelNames(tenant: string, fromNs: bigint, toNs: bigint, matchers: Matcher[] = []): string[] {
    const names = new Set<string>();
    for (const s of this.#matching(tenant, matchers, fromNs, toNs)) for (const [n] of s.labels) names.add(n);
    return [...names].sort();
  }

  labelValues(tenant: string, name: string, fromNs: bigint, toNs: bigint, matchers: Matcher[] = []): string[] {
    const values = new Set<string>();
    for (const s of this.#matching(tenant, matchers, fromNs, toNs)) {
      for (const [n, v] of s.labels) if (n === name && v !== '') values.add(v);
    }
    return [...values].sort();
  }

  chunkSources(tenant: string, streamId: number, fromNs: bigint, toNs: bigint): ChunkSource[] {
    const s = this.#store.peek(tenant)?.byId.get(streamId);
    if (!s) return [];
    const out = this.#store.storedSources(s, fromNs, toNs);
    const mem = this.#ingester.memory(tenant, streamId);
    if (mem) out.push(...mem.memorySources(fromNs, toNs));
    return out.sort((a, b) => (a.minTs < b.minTs ? -1 : a.minTs > b.minTs ? 1 : 0));
  }

  indexStats(tenant: string, matchers: Matcher[], fromNs: bigint, toNs: bigint): IndexStats {
    const stats: IndexStats = { streams: 0, chunks: 0, entries: 0, bytes: 0 };
    for (const s of this.#matching(tenant, matchers, fromNs, toNs)) {
      stats.streams++;
      for (const c of chunksIn(s, fromNs, toNs)) {
        stats.chunks++;
        stats.entries += c.entries;
        stats.bytes += c.rawBytes;
      }
      this.#ingester.memory(tenant, s.id)?.addMemoryStats(fromNs, toNs, stats);
    }
    return stats;
  }
}
