// A scan worker thread (see scan-pool.ts): answers { id, task } with { id, result } or { id, error };
// { forget: queryId } says that query is over.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { forgetQuery, runScanTask } from './scan-run.js';
import type { ScanTask } from './scan-task.js';

// Scans yield the cores to the main thread (pushes, /ready, answers). Only on Linux is the nice value of
// pid 0 this thread's alone (elsewhere it would slow the whole process).
if (process.platform === 'linux') {
  try {
    setPriority(0, 10);
  } catch {
    // not permitted here: the worker keeps the process's priority
  }
}

parentPort!.on('message', (msg: { id: number; task: ScanTask } | { forget: number }) => {
  if ('forget' in msg) {
    forgetQuery(msg.forget);
    return;
  }
  runScanTask(msg.task).then(
    ({ result, transfer }) => parentPort!.postMessage({ id: msg.id, result }, transfer),
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      parentPort!.postMessage({ id: msg.id, error: { name: err.name, message: err.message, stack: err.stack } });
    },
  );
});
