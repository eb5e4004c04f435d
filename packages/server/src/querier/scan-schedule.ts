import type { DeleteFilter } from '../compactor/delete-requests.js';
import type { ScanRunner } from './scan-pool.js';
import type { ResultOf, ScanTask } from './scan-task.js';

let lastQueryId = 0;

/** A fresh id for the tasks of one query (or one range aggregation of a metric query); runner.forget it after. */
export function nextQueryId(): number {
  return ++lastQueryId;
}

/** What a query's request asks of its execution. */
export interface QueryControl {
  /** Aborted when the client goes away or the query's time is up: no further task starts. */
  signal?: AbortSignal;
  /** Most tasks of the query in flight at once (max_query_parallelism); unset = no cap beyond the pool's. */
  parallelism?: number;
  /** The tenant's delete requests, applied to every row the query reads. */
  deletes?: DeleteFilter[];
}

/**
 * Runs a query's tasks, `perWorker` per worker in flight (at most `parallelism`; a function is asked again
 * before each task starts, so a query can widen or narrow as its results come). `next` is asked for a
 * task only when one can start, so it can use what earlier results taught it (a log query's time cutoff);
 * it answers undefined when nothing is left. `done` gets each result as it arrives (any order) with the context `next` gave. Rejects
 * on the first failure, or with the signal's reason as soon as it aborts; tasks already running then finish
 * unobserved, queued ones are dropped.
 */
export function runScan<T extends ScanTask, C>(
  runner: ScanRunner,
  opts: QueryControl & { perWorker: number | (() => number) },
  next: () => { task: T; ctx: C } | undefined,
  done: (ctx: C, result: ResultOf<T>) => void,
): Promise<void> {
  const { signal } = opts;
  const { perWorker } = opts;
  const inFlight = (): number => Math.max(1, Math.min((typeof perWorker === 'number' ? perWorker : perWorker()) * runner.width, opts.parallelism ?? Infinity));
  return new Promise<void>((resolve, reject) => {
    let running = 0;
    let failed = false;
    const fail = (e: unknown): void => {
      if (failed) return;
      failed = true;
      signal?.removeEventListener('abort', aborted);
      reject(e);
    };
    const aborted = (): void => fail(signal!.reason);
    if (signal?.aborted) return aborted();
    signal?.addEventListener('abort', aborted, { once: true });
    const fill = (): void => {
      while (!failed && running < inFlight()) {
        const n = next();
        if (n === undefined) break;
        running++;
        runner.run(n.task, signal).then(
          (r) => {
            running--;
            if (failed) return;
            try {
              done(n.ctx, r);
            } catch (e) {
              fail(e);
              return;
            }
            fill();
          },
          (e: unknown) => {
            running--;
            fail(e);
          },
        );
      }
      if (running === 0 && !failed) {
        signal?.removeEventListener('abort', aborted);
        resolve();
      }
    };
    fill();
  });
}
