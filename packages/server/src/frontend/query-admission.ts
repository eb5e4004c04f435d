// What the query frontend decides before and around a query: whether the tenant may queue one more
// (frontend.max_outstanding_per_tenant, limits_config.max_query_parallelism), when it may start (at most
// querier.max_concurrent run at once, the others wait in arrival order) and when it must stop
// (limits_config.query_timeout, or the client gone), queued or running. Answers and messages are Loki's.
import { setMaxListeners } from 'node:events';
import { HttpError } from '../api/http-error.js';

/** Loki's answer when query_timeout passes (its ErrDeadlineExceeded, status 504). */
export class QueryTimeoutError extends HttpError {
  constructor() {
    super(504, 'request timed out, decrease the duration of the request or add more label matchers (prefer exact match over regex match) to reduce the amount of data processed');
  }
}

type QueryLimits = { maxQueryParallelism: number; queryTimeoutMs: number };

export class QueryAdmission {
  readonly #maxOutstanding: number;
  readonly #outstanding = new Map<string, number>();
  readonly #maxConcurrent: number;
  #running = 0;
  /** Queued queries, first come first started: each is called when a running query hands it its place. */
  readonly #waiting: (() => void)[] = [];

  constructor(maxOutstandingPerTenant: number, maxConcurrent: number) {
    this.#maxOutstanding = maxOutstandingPerTenant;
    this.#maxConcurrent = Math.max(1, maxConcurrent);
  }

  /**
   * Runs `query` with a signal that aborts when the client goes away or query_timeout passes; the answer
   * is then that error at once, whatever the query is still finishing. Throws Loki's 429s when the tenant
   * may not start a query now; the tenant's slot is held until the query settles.
   */
  async run<T>(tenant: string, limits: QueryLimits, client: AbortSignal, query: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (limits.maxQueryParallelism < 1) throw new HttpError(429, 'querying is disabled, please contact your Loki operator');
    const n = this.#outstanding.get(tenant) ?? 0;
    if (n >= this.#maxOutstanding) throw new HttpError(429, 'too many outstanding requests');
    this.#outstanding.set(tenant, n + 1);
    const deadline = new AbortController();
    const timer = limits.queryTimeoutMs > 0 ? setTimeout(() => deadline.abort(new QueryTimeoutError()), limits.queryTimeoutMs) : undefined;
    const signal = AbortSignal.any([client, deadline.signal]);
    // every range aggregation of the query and each of its scan tasks listen (a sum of 400 legs is a valid query)
    setMaxListeners(0, signal);
    let stop: (() => void) | undefined;
    const stopped = new Promise<never>((_resolve, reject) => {
      stop = () => reject(signal.reason);
      signal.addEventListener('abort', stop, { once: true });
    });
    const work = this.#start(signal).then(async () => {
      try {
        return await query(signal);
      } finally {
        this.#handOver();
      }
    });
    // The tenant's place is free once the work is (not when a timeout is answered), and before the answer.
    work.finally(() => this.#release(tenant)).catch(() => undefined);
    try {
      return await Promise.race([work, stopped]);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop!);
      stopped.catch(() => undefined);
    }
  }

  /** Resolves when the query may run; rejects with the signal's reason if it aborts while queued. */
  #start(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.#running < this.#maxConcurrent) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const go = (): void => {
        signal.removeEventListener('abort', drop);
        resolve();
      };
      const drop = (): void => {
        this.#waiting.splice(this.#waiting.indexOf(go), 1);
        reject(signal.reason);
      };
      this.#waiting.push(go);
      signal.addEventListener('abort', drop, { once: true });
    });
  }

  /** A running query is done: its place goes to the first queued one. */
  #handOver(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
  }

  #release(tenant: string): void {
    const left = this.#outstanding.get(tenant)! - 1;
    if (left === 0) this.#outstanding.delete(tenant);
    else this.#outstanding.set(tenant, left);
  }
}
