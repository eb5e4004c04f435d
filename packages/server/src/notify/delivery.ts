// Delivers notifications: one queue per integration (each slack/webhook/email config of a receiver),
// so that a slow or failing one never delays another. A failed send is retried with growing delays,
// then given up: logged with the receiver and the error, and counted in the status that
// GET /logi/api/v1/notifications shows.
import type { Notification } from './dispatcher.js';
import { sendEmail } from './email.js';
import { messageData } from './message-data.js';
import type { IntegrationConfig, NotificationConfig } from './notification-config.js';
import { sendSlack } from './slack.js';
import { sendWebhook } from './webhook.js';

export interface IntegrationStatus {
  receiver: string;
  /** `slack[0]`, `webhook[1]`, `email[0]`: the kind and its place among the receiver's configs of that kind */
  integration: string;
  sent: number;
  failed: number;
  lastError: string;
  lastErrorAt: string;
}

export interface DeliveryOptions {
  externalURL: string;
  timeoutMs: number;
  retryDelaysMs: readonly number[];
}

function send(n: Notification, opts: DeliveryOptions): Promise<void> {
  const d = messageData(n, opts.externalURL);
  switch (n.integration.kind) {
    case 'slack': return sendSlack(n.integration, d, opts.timeoutMs);
    case 'webhook': return sendWebhook(n.integration, d, n.groupKey, opts.timeoutMs);
    case 'email': return sendEmail(n.integration, d, opts.timeoutMs);
  }
}

class IntegrationQueue {
  readonly status: IntegrationStatus;
  readonly #queue: Notification[] = [];
  readonly #opts: DeliveryOptions;
  readonly #closed: AbortSignal;
  #running: Promise<void> | undefined;

  constructor(status: IntegrationStatus, opts: DeliveryOptions, closed: AbortSignal) {
    this.status = status;
    this.#opts = opts;
    this.#closed = closed;
  }

  push(n: Notification): void {
    this.#queue.push(n);
    this.#running ??= this.#drain().finally(() => { this.#running = undefined; });
  }

  async #drain(): Promise<void> {
    for (let n = this.#queue.shift(); n && !this.#closed.aborted; n = this.#queue.shift()) await this.#deliver(n);
  }

  async #deliver(n: Notification): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await send(n, this.#opts);
        this.status.sent++;
        return;
      } catch (e) {
        const delay = this.#opts.retryDelaysMs[attempt];
        if (delay === undefined || this.#closed.aborted) {
          this.status.failed++;
          this.status.lastError = (e as Error).message;
          this.status.lastErrorAt = new Date().toISOString();
          console.error(`level=error component=notify msg="notification not delivered" receiver=${JSON.stringify(this.status.receiver)} integration=${this.status.integration} group=${JSON.stringify(n.groupKey)} attempts=${attempt + 1} err=${JSON.stringify(this.status.lastError)}`);
          return;
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.#closed.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
        });
      }
    }
  }

  wait(): Promise<void> | undefined {
    return this.#running;
  }
}

export class Deliveries {
  readonly #queues = new Map<IntegrationConfig, IntegrationQueue>();
  readonly #closed = new AbortController();

  constructor(config: NotificationConfig, opts: DeliveryOptions) {
    for (const r of config.receivers.values()) {
      const seen = new Map<string, number>();
      for (const c of r.integrations) {
        const i = seen.get(c.kind) ?? 0;
        seen.set(c.kind, i + 1);
        const status: IntegrationStatus = { receiver: r.name, integration: `${c.kind}[${i}]`, sent: 0, failed: 0, lastError: '', lastErrorAt: '' };
        this.#queues.set(c, new IntegrationQueue(status, opts, this.#closed.signal));
      }
    }
  }

  /** Enqueues each on its integration's queue; returns at once. */
  deliver(notifications: readonly Notification[]): void {
    for (const n of notifications) this.#queues.get(n.integration)!.push(n);
  }

  status(): IntegrationStatus[] {
    return [...this.#queues.values()].map((q) => ({ ...q.status }));
  }

  /** Stops retrying; sends in flight finish (bounded by the timeout). */
  async close(): Promise<void> {
    this.#closed.abort();
    await Promise.all([...this.#queues.values()].map((q) => q.wait()));
  }
}
