// Persists cut chunks: chunk bytes to the chunk store, then SERIES/CHUNK records to the tenant's index log,
// each made durable before the next step; only then does the index point at the stored copy and the
// in-memory copy go away. One write and one fsync per tenant serve every chunk queued meanwhile.
import { Pace } from '@logi/logql';
import { encodeChunk } from '../chunk/chunk-format.js';
import type { LocalChunkStore } from '../storage/local.js';
import type { IndexLog, ChunkRef } from '../index/index-log.js';
import { encodeChunkRecord, encodeSeriesRecord } from '../index/index-log.js';
import type { TenantIndex } from '../index/tenant-index.js';
import type { CutChunk } from './stream.js';

export interface FlushTarget {
  store: LocalChunkStore;
  tenant(name: string): Promise<{ index: TenantIndex; log: IndexLog }>;
  /** After each persisted batch (WAL segments may now be deletable). */
  persisted(): Promise<void>;
  /** A failed batch is kept in memory and retried; this reports the failure. */
  failed(err: Error): void;
  /** Delay before a failed batch is retried (default 1 s). */
  retryMs?: number;
}

export class Flusher {
  #target: FlushTarget;
  #queue: CutChunk[] = [];
  #running: Promise<void> | undefined;
  #retry: NodeJS.Timeout | undefined;

  constructor(target: FlushTarget) {
    this.#target = target;
  }

  enqueue(c: CutChunk): void {
    this.#queue.push(c);
    this.#start();
  }

  /** Resolves once everything queued so far is persisted (or has failed and is waiting for a retry). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Stops retrying (close). */
  stop(): void {
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = undefined;
  }

  /**
   * Starts a run unless one is going or nothing is queued. `running` is cleared by a callback on the run's
   * promise, never inside the run: a run that ends synchronously would clear it before it was assigned.
   */
  #start(): void {
    if (this.#running || this.#queue.length === 0) return;
    const run = this.#run().finally(() => { this.#running = undefined; });
    this.#running = run;
  }

  async #run(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        await this.#persist(batch);
        await this.#target.persisted();
      } catch (e) {
        this.#target.failed(e instanceof Error ? e : new Error(String(e)));
        // Tenants persisted before the failure are done: retrying their chunks would index them twice.
        this.#queue = batch.filter((c) => c.stream.flushing.includes(c)).concat(this.#queue);
        this.stop();
        this.#retry = setTimeout(() => { this.#retry = undefined; this.#start(); }, this.#target.retryMs ?? 1000);
        this.#retry.unref();
        return;
      }
    }
  }

  async #persist(batch: readonly CutChunk[]): Promise<void> {
    const byTenant = new Map<string, CutChunk[]>();
    for (const c of batch) {
      let list = byTenant.get(c.stream.tenant);
      if (!list) byTenant.set(c.stream.tenant, (list = []));
      list.push(c);
    }
    // Thousands of chunks cut at once (idle streams, shutdown) are encoded in slices between event-loop turns.
    const pace = new Pace();
    for (const [tenant, cuts] of byTenant) {
      const { index, log } = await this.#target.tenant(tenant);
      const chunks: Buffer[] = [];
      for (const c of cuts) {
        chunks.push(encodeChunk(await Promise.all(c.blocks.map((b) => b.done)), { seriesId: c.stream.id, labels: c.stream.labels, lastCt: c.lastCt }));
        await pace.step();
      }
      const locs = await this.#target.store.append(tenant, chunks);
      const records: Buffer[] = [];
      const declared = new Set<number>();
      const refs: ChunkRef[] = [];
      for (const [i, c] of cuts.entries()) {
        const loc = locs[i]!;
        const s = c.stream.series;
        if (!s.persisted && !declared.has(s.id)) {
          records.push(encodeSeriesRecord(s.id, s.labels));
          declared.add(s.id);
        }
        const ref: ChunkRef = { ...loc, minTs: c.minTs, maxTs: c.maxTs, entries: c.entries, rawBytes: c.rawBytes, lastCt: c.lastCt };
        records.push(encodeChunkRecord(s.id, ref));
        refs.push(ref);
        await pace.step();
      }
      await log.append(records);
      cuts.forEach((c, i) => {
        c.stream.series.persisted = true;
        index.addChunk(c.stream.series, refs[i]!);
        c.stream.persisted(c);
      });
    }
  }
}
