// Persists cut chunks through the store (one chunk object and index piece per tenant and partition serve
// every chunk queued meanwhile); only once the store's index points at the stored copy does the in-memory
// copy go away, and with it the WAL segments it pinned.
import { Pace } from '@logi/logql';
import { encodeChunk } from '../chunk/chunk-format.js';
import type { WriteItem } from '../storage/store.js';
import type { CutChunk } from './stream.js';

export interface FlushTarget {
  /** Stores one tenant's chunks, calling `landed(i)` for each one in the store's index (see Store.write). */
  write(tenant: string, items: WriteItem[], landed: (i: number) => void): Promise<void>;
  /** After each persisted batch (WAL segments may now be deletable). */
  persisted(): Promise<void>;
  /** A failed batch is kept in memory and retried; this reports the failure. */
  failed(err: Error): void;
  /** Delay before a failed batch is retried (default 1 s). */
  retryMs?: number;
  /**
   * Least time between the starts of two batches (default 0): chunks cut meanwhile wait and go in one object per
   * tenant and partition. Each object is a PUT and its index piece another, and over S3 a PUT costs the store
   * about as much CPU as half a MB of body (README.md, "Cold scans and ingest over S3"). Loki holds full chunks until its
   * flush_check_period sweep (30 s).
   */
  intervalMs?: number;
}

export class Flusher {
  #target: FlushTarget;
  #queue: CutChunk[] = [];
  #running: Promise<void> | undefined;
  #retry: NodeJS.Timeout | undefined;
  #lastBatchMs = -Infinity;
  /** Ends the wait before the next batch at once (see idle). */
  #hurry: (() => void) | undefined;
  /** Callers of idle() waiting: batches then start without waiting for the interval. */
  #waiters = 0;

  constructor(target: FlushTarget) {
    this.#target = target;
  }

  enqueue(c: CutChunk): void {
    this.#queue.push(c);
    this.#start();
  }

  /**
   * Resolves once everything queued so far is persisted (or has failed and is waiting for a retry), without waiting
   * for the interval between batches.
   */
  async idle(): Promise<void> {
    this.#waiters++;
    try {
      this.#hurry?.();
      while (this.#running) await this.#running;
    } finally {
      this.#waiters--;
    }
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
    // After the current turn: chunks cut together (a sweep, a flush) go in one batch, one object per partition.
    const run = new Promise<void>((r) => setImmediate(r)).then(() => this.#run()).finally(() => { this.#running = undefined; });
    this.#running = run;
  }

  /** Until the interval since the last batch has passed, or at once when someone waits in idle(). */
  #spaced(): Promise<void> {
    const wait = this.#lastBatchMs + (this.#target.intervalMs ?? 0) - Date.now();
    if (wait <= 0 || this.#waiters > 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.#hurry!(), wait);
      timer.unref(); // as the retry's: the WAL holds what waits
      this.#hurry = () => {
        clearTimeout(timer);
        this.#hurry = undefined;
        resolve();
      };
    });
  }

  async #run(): Promise<void> {
    while (this.#queue.length > 0) {
      await this.#spaced();
      this.#lastBatchMs = Date.now();
      const batch = this.#queue;
      this.#queue = [];
      try {
        await this.#persist(batch);
        await this.#target.persisted();
      } catch (e) {
        this.#target.failed(e instanceof Error ? e : new Error(String(e)));
        // Chunks persisted before the failure are done: retrying them would index them twice.
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
      const items: WriteItem[] = [];
      for (const c of cuts) {
        const bytes = encodeChunk(await Promise.all(c.blocks.map((b) => b.done)), { seriesId: c.stream.id, labels: c.stream.labels, lastCt: c.lastCt });
        items.push({ seriesId: c.stream.id, labels: c.stream.labels, bytes, minTs: c.minTs, maxTs: c.maxTs, entries: c.entries, rawBytes: c.rawBytes, lastCt: c.lastCt });
        await pace.step();
      }
      await this.#target.write(tenant, items, (i) => cuts[i]!.stream.persisted(cuts[i]!));
    }
  }
}
