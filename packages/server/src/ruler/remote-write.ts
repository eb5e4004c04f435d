// Recording rules' samples sent to Prometheus remote-write receivers (Loki's ruler.remote_write): one
// queue per client, so that a slow or failing receiver delays no other and never the evaluations
// (which only enqueue). A queue sends when it holds max_samples_per_send samples of a tenant or when
// batch_send_deadline has passed since the first one waited. A failed request is retried with backoff
// from min_backoff doubling to max_backoff, as Prometheus does, for as long as the error is
// recoverable (network, timeout, 5xx, 429); meanwhile the queue keeps at most `capacity` samples,
// dropping the oldest (counted). A 4xx other than 429 drops the batch: sending it again cannot help.
import { readFile } from 'node:fs/promises';
import { encodeRemoteWrite, type RemoteWriteSample, type RemoteWriteSeries } from '@logi/protocol';
import { labelsKey } from './alerting-rule.js';
import type { RecordedSample } from './recording-rule.js';
import type { RemoteWriteClientConfig } from './remote-write-config.js';

class RecoverableError extends Error {}

interface Pending {
  tenant: string;
  sample: RecordedSample;
}

/** Samples grouped into series, in order (a series' samples stay oldest first). */
function toSeries(samples: readonly RecordedSample[]): RemoteWriteSeries[] {
  const series = new Map<string, { labels: Record<string, string>; samples: RemoteWriteSample[] }>();
  for (const s of samples) {
    const key = labelsKey(s.labels);
    let one = series.get(key);
    if (!one) series.set(key, one = { labels: s.labels, samples: [] });
    one.samples.push(s);
  }
  return [...series.values()];
}

class RemoteWriteQueue {
  readonly config: RemoteWriteClientConfig;
  /** samples dropped from a full queue since the start, for the log */
  #dropped = 0;
  readonly #addOrgIdHeader: boolean;
  #pending: Pending[] = [];
  #deadline: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  readonly #closed = new AbortController();

  constructor(config: RemoteWriteClientConfig, addOrgIdHeader: boolean) {
    this.config = config;
    this.#addOrgIdHeader = addOrgIdHeader;
  }

  push(tenant: string, samples: readonly RecordedSample[]): void {
    for (const sample of samples) this.#pending.push({ tenant, sample });
    const over = this.#pending.length - this.config.queue.capacity;
    if (over > 0) {
      this.#pending.splice(0, over);
      this.#dropped += over;
      console.warn(`level=warn component=ruler msg="remote-write queue full, oldest samples dropped" remote=${this.config.name} dropped=${over} dropped_total=${this.#dropped}`);
    }
    if (this.#pending.length >= this.config.queue.maxSamplesPerSend) this.#drain();
    else this.#deadline ??= setTimeout(() => this.#drain(), this.config.queue.batchSendDeadlineMs);
  }

  #drain(): void {
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
    this.#running ??= (async () => {
      while (this.#pending.length > 0 && !this.#closed.signal.aborted) await this.#deliver(this.#nextBatch());
    })().finally(() => { this.#running = undefined; });
  }

  /** Up to max_samples_per_send samples of the first waiting tenant (a request carries one tenant's header). */
  #nextBatch(): Pending[] {
    const tenant = this.#pending[0]!.tenant;
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of this.#pending) {
      if (p.tenant === tenant && batch.length < this.config.queue.maxSamplesPerSend) batch.push(p);
      else rest.push(p);
    }
    this.#pending = rest;
    return batch;
  }

  async #deliver(batch: Pending[]): Promise<void> {
    const tenant = batch[0]!.tenant;
    const body = encodeRemoteWrite(toSeries(batch.map((p) => p.sample)));
    let backoff = this.config.queue.minBackoffMs;
    for (;;) {
      try {
        await this.#post(tenant, body);
        return;
      } catch (e) {
        if (!(e instanceof RecoverableError) || this.#closed.signal.aborted) {
          console.error(`level=error component=ruler msg="recorded samples not written" remote=${this.config.name} tenant=${tenant} count=${batch.length} err=${JSON.stringify((e as Error).message)}`);
          return;
        }
        console.warn(`level=warn component=ruler msg="remote write failed, retrying" remote=${this.config.name} backoff=${backoff}ms err=${JSON.stringify(e.message)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, backoff);
          this.#closed.signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
        });
        backoff = Math.min(backoff * 2, this.config.queue.maxBackoffMs);
      }
    }
  }

  async #authorization(): Promise<string | undefined> {
    const { basicAuth, authorization } = this.config;
    if (basicAuth) {
      const password = basicAuth.passwordFile ? (await readFile(basicAuth.passwordFile, 'utf8')).trim() : basicAuth.password;
      return `Basic ${Buffer.from(`${basicAuth.username}:${password}`).toString('base64')}`;
    }
    if (authorization) {
      const secret = authorization.credentialsFile ? (await readFile(authorization.credentialsFile, 'utf8')).trim() : authorization.credentials;
      return `${authorization.type} ${secret}`;
    }
    return undefined;
  }

  async #post(tenant: string, body: Buffer): Promise<void> {
    const headers: Record<string, string> = {
      ...this.config.headers,
      'Content-Type': 'application/x-protobuf',
      'Content-Encoding': 'snappy',
      'X-Prometheus-Remote-Write-Version': '0.1.0',
      'User-Agent': 'Logi-ruler',
    };
    if (this.#addOrgIdHeader) headers['X-Scope-OrgID'] = tenant;
    const auth = await this.#authorization();
    if (auth) headers.Authorization = auth;
    let res: Response;
    try {
      res = await fetch(this.config.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(this.config.remoteTimeoutMs) });
    } catch (e) {
      throw new RecoverableError(((e as Error).cause as Error | undefined)?.message ?? (e as Error).message);
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) return;
    const message = `server returned HTTP status ${res.status} ${res.statusText}: ${text.trim().slice(0, 200)}`;
    if (res.status >= 500 || (res.status === 429 && this.config.queue.retryOnHttp429)) throw new RecoverableError(message);
    throw new Error(message);
  }

  /** Stops retrying, then sends what still waits once. */
  async close(): Promise<void> {
    this.#closed.abort();
    clearTimeout(this.#deadline);
    await this.#running;
    while (this.#pending.length > 0) await this.#deliver(this.#nextBatch());
  }
}

export class RemoteWriter {
  readonly #queues: RemoteWriteQueue[];

  constructor(clients: readonly RemoteWriteClientConfig[], addOrgIdHeader: boolean) {
    this.#queues = clients.map((c) => new RemoteWriteQueue(c, addOrgIdHeader));
  }

  /** Enqueues one tenant's samples for every client; returns at once. */
  write(tenant: string, samples: readonly RecordedSample[]): void {
    if (samples.length === 0) return;
    for (const q of this.#queues) q.push(tenant, samples);
  }

  async close(): Promise<void> {
    await Promise.all(this.#queues.map((q) => q.close()));
  }
}
