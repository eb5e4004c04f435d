import type { ScanRunner } from './scan-pool.js';
import type { ResultOf, ScanTask } from './scan-task.js';

let lastQueryId = 0;

/** A fresh id for the tasks of one query (or one range aggregation of a metric query); runner.forget it after. */
export function nextQueryId(): number {
  return ++lastQueryId;
}

/**
 * Runs a query's tasks, `perWorker` per worker in flight. `next` is asked for a task only when one can start,
 * so it can use what earlier results taught it (a log query's time cutoff); it answers undefined when
 * nothing is left. `done` gets each result as it arrives (any order) with the context `next` gave. Rejects
 * on the first failure; tasks already running then finish unobserved.
 */
export function runScan<T extends ScanTask, C>(
  runner: ScanRunner,
  perWorker: number,
  next: () => { task: T; ctx: C } | undefined,
  done: (ctx: C, result: ResultOf<T>) => void,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let running = 0;
    let failed = false;
    const fill = (): void => {
      while (!failed && running < perWorker * runner.width) {
        const n = next();
        if (n === undefined) break;
        running++;
        runner.run(n.task).then(
          (r) => {
            running--;
            if (failed) return;
            try {
              done(n.ctx, r);
            } catch (e) {
              failed = true;
              reject(e);
              return;
            }
            fill();
          },
          (e: unknown) => {
            running--;
            if (!failed) {
              failed = true;
              reject(e);
            }
          },
        );
      }
      if (running === 0 && !failed) resolve();
    };
    fill();
  });
}
