// The compactor's schedule, as Loki's: a pass at start and every compactor.compaction_interval compacts the
// index (index-compaction.ts) and, with compactor.retention_enabled, applies retention (retention.ts) and
// the delete requests past their cancel period (delete-apply.ts); then it deletes what earlier passes took
// out of the index once queries that may read it are over. Passes never overlap; a failed one is logged and
// the next interval tries again.
import type { Store } from '../storage/store.js';
import { applyDeletes } from './delete-apply.js';
import type { DeleteRequests } from './delete-requests.js';
import { compactIndex } from './index-compaction.js';
import { applyRetention, type RetentionLimits } from './retention.js';

export interface CompactorConfig {
  /** The tenant's limits in force (runtime overrides included). */
  limits: (tenant: string) => RetentionLimits & { deletionMode: string };
  retentionEnabled: boolean;
  cancelPeriodMs: number;
  /** logi.compactor.compaction_min_pieces (0: no index compaction) */
  minPieces: number;
  /** How long what retention, a delete or a merge took out of the index stays readable for queries already running (query_timeout). */
  graceMs: number;
  intervalMs: number;
  log: (line: string) => void;
}

export class Compactor {
  readonly #store: Store;
  readonly #requests: DeleteRequests;
  readonly #cfg: CompactorConfig;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(store: Store, requests: DeleteRequests, cfg: CompactorConfig) {
    this.#store = store;
    this.#requests = requests;
    this.#cfg = cfg;
  }

  start(): void {
    const tick = (): void => {
      this.#running ??= this.pass().catch((e: unknown) => {
        this.#cfg.log(`level=error msg="compaction pass failed, retried next interval" err=${JSON.stringify((e as Error).message)}`);
      }).finally(() => { this.#running = undefined; });
    };
    tick();
    this.#timer = setInterval(tick, this.#cfg.intervalMs);
    this.#timer.unref();
  }

  async pass(): Promise<void> {
    const cfg = this.#cfg;
    if (cfg.retentionEnabled) {
      await applyRetention(this.#store, cfg.limits, cfg.log);
      await applyDeletes(this.#store, this.#requests, { cancelPeriodMs: cfg.cancelPeriodMs, deletionMode: (t) => cfg.limits(t).deletionMode, log: cfg.log });
    }
    await compactIndex(this.#store, cfg.minPieces, cfg.log);
    for (const d of await this.#store.collectRetired(cfg.graceMs)) {
      cfg.log(`level=info msg="compactor: deleted" tenant=${JSON.stringify(d.tenant)} what=${JSON.stringify(d.what)} objects=${d.objects} bytes=${d.bytes}`);
    }
  }

  /** Stops the schedule and waits for a pass in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }
}
