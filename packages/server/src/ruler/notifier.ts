// The ruler's notification queue: one per Alertmanager, so that a slow or failing one delays no other
// and never the evaluations (which only enqueue). A full queue drops its oldest alerts, counted; a
// failed batch is retried with backoff a few times, then dropped (firing alerts are re-sent anyway
// every resend_delay).
import { AlertmanagerClient, type AlertmanagerClientConfig, type PostableAlert } from './alertmanager-client.js';

/** Prometheus' notifier batch size. */
const MAX_BATCH = 64;
const RETRY_DELAYS_MS = [500, 2000, 5000];

export interface NotifierConfig {
  urls: string[];
  client: AlertmanagerClientConfig;
  queueCapacity: number;
  timeoutMs: number;
}

/** Delivery counts of one Alertmanager. */
export interface DeliveryCounts {
  sent: number;
  failed: number;
  dropped: number;
}

class AlertmanagerQueue {
  readonly client: AlertmanagerClient;
  readonly counts: DeliveryCounts = { sent: 0, failed: 0, dropped: 0 };
  #queue: PostableAlert[] = [];
  #capacity: number;
  #running: Promise<void> | undefined;
  #closed = new AbortController();

  constructor(client: AlertmanagerClient, capacity: number) {
    this.client = client;
    this.#capacity = capacity;
  }

  push(alerts: readonly PostableAlert[]): void {
    this.#queue.push(...alerts);
    const over = this.#queue.length - this.#capacity;
    if (over > 0) {
      this.#queue.splice(0, over);
      this.counts.dropped += over;
      console.warn(`level=warn component=ruler msg="alert notification queue full, oldest alerts dropped" alertmanager=${this.client.name} dropped=${over} dropped_total=${this.counts.dropped}`);
    }
    this.#running ??= this.#drain().finally(() => { this.#running = undefined; });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0 && !this.#closed.signal.aborted) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      await this.#deliver(batch);
    }
  }

  async #deliver(batch: PostableAlert[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.post(batch);
        this.counts.sent += batch.length;
        return;
      } catch (e) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined || this.#closed.signal.aborted) {
          this.counts.failed += batch.length;
          console.error(`level=error component=ruler msg="alerts not delivered" alertmanager=${this.client.name} count=${batch.length} err=${JSON.stringify((e as Error).message)}`);
          return;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.#closed.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
        });
      }
    }
  }

  /** Stops retrying; what is in flight finishes (bounded by the timeout). */
  async close(): Promise<void> {
    this.#closed.abort();
    await this.#running;
  }
}

export class Notifier {
  readonly #queues: AlertmanagerQueue[];

  constructor(config: NotifierConfig) {
    this.#queues = config.urls.map((u) => new AlertmanagerQueue(new AlertmanagerClient(u, config.client, config.timeoutMs), config.queueCapacity));
  }

  get enabled(): boolean {
    return this.#queues.length > 0;
  }

  /** Enqueues for every Alertmanager; returns at once. */
  send(alerts: readonly PostableAlert[]): void {
    if (alerts.length === 0) return;
    for (const q of this.#queues) q.push(alerts);
  }

  counts(): Map<string, DeliveryCounts> {
    return new Map(this.#queues.map((q) => [q.client.name, { ...q.counts }]));
  }

  async close(): Promise<void> {
    await Promise.all(this.#queues.map((q) => q.close()));
  }
}
