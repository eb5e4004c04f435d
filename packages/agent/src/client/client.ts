import { formatLabels, sortLabels, type LabelPair } from '@logi/protocol';
import type { EndpointConfig } from '../config/model.js';
import { log } from '../log.js';
import type { Entry } from '../pipeline/entry.js';
import type { LabelSet } from '../pipeline/label-set.js';
import type { Counter } from '../server/metrics.js';
import { backoffDelay } from './backoff.js';
import { Batch, type BatchBody, type SealedBatch } from './batch.js';
import { post } from './http.js';
import { halve } from './split.js';

export interface ClientMetrics {
  sentEntries: Counter;
  sentBytes: Counter;
  dropped: Counter;
  retries: Counter;
  /** Failed push requests by status code ("error" for network errors and timeouts). */
  failures: Counter;
}

const USER_AGENT = 'logi-agent/0.1.0';
/**
 * Answers that mean the agent or the server is misconfigured (tenant, credentials, URL path): a human
 * fixes that in minutes, so the lines are kept and retried, never dropped (Alloy and Promtail drop them).
 */
const HELD_STATUSES = new Set([401, 403, 404]);
const HELD_LOG_INTERVAL_MS = 60_000;

/**
 * Ships entries to one push endpoint. Entries are batched until `batch_size` bytes or `batch_wait`
 * old; one request is in flight at a time so streams stay in order. Network errors, 429 and 5xx are
 * retried with exponential backoff (forever when max retries is 0); 401, 403 and 404 are retried
 * forever (the lines wait, and reading pauses once the read-ahead budget is full); 413 splits the batch
 * in halves down to single entries; other 4xx drop the batch with a log line and a counter. An entry's
 * ack is released only once the server answered 2xx (or it was dropped), which is what lets the tailer
 * save positions only for acknowledged lines.
 */
export class Client {
  readonly cfg: EndpointConfig;
  readonly #url: URL;
  readonly #headers: Record<string, string>;
  readonly #m: ClientMetrics;
  readonly #streams = new WeakMap<LabelSet, string>();
  readonly #byKey = new Map<string, string>();
  #lastLabels: LabelSet | undefined;
  #lastStream = '';
  #batch: Batch;
  #timer: NodeJS.Timeout | undefined;
  readonly #queue: SealedBatch[] = [];
  #draining: Promise<void> | undefined;
  #giveUpAt = Infinity;
  #sleepCancel: (() => void) | undefined;
  /** Since when the server has refused with a held status (undefined while it accepts). */
  #heldSince: number | undefined;
  #heldLoggedAt = 0;

  constructor(cfg: EndpointConfig, metrics: ClientMetrics) {
    this.cfg = cfg;
    this.#url = new URL(cfg.url);
    this.#m = metrics;
    this.#batch = new Batch(cfg.batchSizeBytes);
    this.#headers = { 'Content-Type': 'application/x-protobuf', 'User-Agent': USER_AGENT, ...cfg.headers };
    if (cfg.tenantId) this.#headers['X-Scope-OrgID'] = cfg.tenantId;
    if (cfg.authorization) this.#headers.Authorization = cfg.authorization;
  }

  /** The Loki label string of an entry's public labels plus external labels (the entry's win), cached per label set. */
  #streamOf(labels: LabelSet): string {
    if (labels === this.#lastLabels) return this.#lastStream;
    let stream = this.#streams.get(labels);
    if (stream === undefined) {
      // sets that are not shared (labels of unbounded cardinality) are found again by key, in a bounded map
      stream = this.#byKey.get(labels.key);
      if (stream === undefined) {
        const merged: Record<string, string> = { ...this.cfg.externalLabels };
        for (const [k, v] of labels) if (!k.startsWith('__') && v !== '') merged[k] = v;
        stream = formatLabels(sortLabels(Object.entries(merged) as LabelPair[]));
        if (this.#byKey.size >= 10_000) this.#byKey.clear();
        this.#byKey.set(labels.key, stream);
      }
      this.#streams.set(labels, stream);
    }
    this.#lastLabels = labels;
    this.#lastStream = stream;
    return stream;
  }

  push(e: Entry): void {
    const bytes = e.line.length;
    if (this.#batch.entries > 0 && this.#batch.bytes + bytes > this.cfg.batchSizeBytes) this.#cut();
    this.#batch.add(this.#streamOf(e.labels), e.ts, e.line, e.sm, e.ack, bytes);
    if (this.#batch.entries === 1) this.#timer = setTimeout(() => this.#cut(), this.cfg.batchWaitMs);
  }

  #cut(): void {
    clearTimeout(this.#timer);
    if (this.#batch.entries === 0) return;
    this.#queue.push(this.#batch.seal());
    this.#batch = new Batch(this.cfg.batchSizeBytes);
    this.#draining ??= this.#drain().finally(() => (this.#draining = undefined));
  }

  async #drain(): Promise<void> {
    for (let b = this.#queue.shift(); b && Date.now() < this.#giveUpAt; b = this.#queue.shift()) await this.#send(b);
  }

  async #send(b: SealedBatch): Promise<void> {
    if (await this.#deliver(b)) b.settle();
  }

  /**
   * Sends one body until the server takes it or it is dropped on purpose (true), or until stop() gives
   * up first (false: its entries stay unacknowledged and are read again on the next start).
   */
  async #deliver(b: BatchBody): Promise<boolean> {
    const endpoint = this.cfg.name;
    let failed = 0; // attempts that count against max retries: held ones do not
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      let held = false;
      try {
        const res = await post(this.#url, this.#headers, b.body, this.cfg.timeoutMs);
        if (res.status >= 200 && res.status < 300) {
          if (this.#heldSince !== undefined) log('info', 'push accepted again; sending the held lines', { endpoint, url: this.cfg.url });
          this.#heldSince = undefined;
          this.#m.sentEntries.inc(b.entries, { endpoint });
          this.#m.sentBytes.inc(b.bytes, { endpoint });
          return true;
        }
        this.#m.failures.inc(1, { endpoint, status_code: String(res.status) });
        const response = res.body.trim().slice(0, 200);
        if (res.status === 413 && b.entries > 1) {
          log('warn', 'push too large for the server; splitting the batch in two', { endpoint, entries: b.entries, response });
          for (const part of halve(b.body, this.cfg.batchSizeBytes)) if (!(await this.#deliver(part))) return false;
          return true;
        }
        held = HELD_STATUSES.has(res.status);
        if (!held && (res.status !== 429 && res.status < 500 || res.status === 429 && !this.cfg.retryOn429)) {
          log('error', 'push rejected; dropping the batch', { endpoint, url: this.cfg.url, status: res.status, entries: b.entries, response });
          this.#m.dropped.inc(b.entries, { endpoint, reason: res.status === 429 ? 'rate_limited' : res.status === 413 ? 'too_large' : 'rejected' });
          return true;
        }
        reason = `status ${res.status}: ${response}`;
        if (held) this.#reportHeld(res.status, response);
      } catch (e) {
        this.#m.failures.inc(1, { endpoint, status_code: 'error' });
        reason = (e as Error).message;
      }
      if (!held && this.cfg.maxRetries > 0 && ++failed >= this.cfg.maxRetries) {
        log('error', 'push failed too often; dropping the batch', { endpoint, entries: b.entries, attempts: failed, err: reason });
        this.#m.dropped.inc(b.entries, { endpoint, reason: 'max_retries' });
        return true;
      }
      const delay = backoffDelay(attempt, this.cfg.minBackoffMs, this.cfg.maxBackoffMs);
      if (Date.now() + delay > this.#giveUpAt) return false;
      if (!held) log('warn', 'push failed; will retry', { endpoint, attempt: attempt + 1, retry_in_ms: Math.round(delay), err: reason });
      this.#m.retries.inc(1, { endpoint });
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, delay);
        this.#sleepCancel = () => {
          clearTimeout(t);
          resolve();
        };
      });
      if (Date.now() >= this.#giveUpAt) return false;
    }
  }

  /** A refusal a human has to fix: said at once, then at most once a minute while it lasts. */
  #reportHeld(status: number, response: string): void {
    const now = Date.now();
    if (this.#heldSince !== undefined && now - this.#heldLoggedAt < HELD_LOG_INTERVAL_MS) return;
    this.#heldSince ??= now;
    this.#heldLoggedAt = now;
    log('error', 'push refused; holding the lines and retrying until the server accepts them', {
      endpoint: this.cfg.name, url: this.cfg.url, status, response, held_for_s: Math.round((now - this.#heldSince) / 1000),
    });
  }

  /** Sends what is buffered, waiting at most `graceMs` for the server; unsent entries stay unacknowledged. */
  async stop(graceMs: number): Promise<void> {
    this.#cut();
    this.#giveUpAt = Date.now() + graceMs;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([this.#draining ?? Promise.resolve(), deadline]);
    this.#giveUpAt = 0;
    this.#sleepCancel?.();
  }
}
