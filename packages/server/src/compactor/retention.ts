// Retention as Loki's compactor applies it (compactor.retention_enabled, limits_config.retention_period, every
// compactor.compaction_interval): a partition whose every chunk ended before now − retention_period is deleted
// whole (Store.dropPartition: out of the index first, then its chunk objects, then its pieces, so a kill at any
// point leaves a store the next start reads consistently, and the next pass finishes the job). Each deletion
// is logged with the series, objects and bytes it removed.
import type { Store } from '../storage/store.js';

export interface RetentionConfig {
  /** 0 keeps everything. */
  retentionPeriodMs: (tenant: string) => number;
  intervalMs: number;
  log: (line: string) => void;
}

export class Retention {
  readonly #store: Store;
  readonly #cfg: RetentionConfig;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(store: Store, cfg: RetentionConfig) {
    this.#store = store;
    this.#cfg = cfg;
  }

  /** Runs a pass now and then every interval. */
  start(): void {
    const tick = (): void => {
      this.#running ??= this.apply().catch((e: unknown) => {
        this.#cfg.log(`level=error msg="retention pass failed, retried next interval" err=${JSON.stringify((e as Error).message)}`);
      }).finally(() => { this.#running = undefined; });
    };
    tick();
    this.#timer = setInterval(tick, this.#cfg.intervalMs);
    this.#timer.unref();
  }

  /** Deletes every expired partition of every tenant; returns when done. */
  async apply(nowMs = Date.now()): Promise<void> {
    for (const index of [...this.#store.tenants()]) {
      const tenant = index.tenant;
      const period = this.#cfg.retentionPeriodMs(tenant);
      if (period <= 0) continue;
      const cutoffNs = BigInt(nowMs - period) * 1_000_000n;
      for (const p of this.#store.partitions(tenant)) {
        if (p.maxTs >= cutoffNs) continue;
        const t0 = Date.now();
        const r = await this.#store.dropPartition(tenant, p.name);
        this.#cfg.log(`level=info msg="retention: deleted partition" tenant=${JSON.stringify(tenant)} partition=${p.name} series=${r.series} objects=${r.objects} bytes=${r.bytes} duration_ms=${Date.now() - t0}`);
      }
    }
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }
}
