// A scan worker thread (see scan-pool.ts): answers { id, task } with { id, result } (a log task's entries packed beside it,
// entry-wire.ts) or { id, error }; { forget: queryId } says that query is over; { exit: true } ends the thread (between
// two turns of its event loop).
import { setPriority } from 'node:os';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort } from 'node:worker_threads';
import { packEntries, packedTransferList } from './entry-wire.js';
import type { Reply } from './scan-pool.js';
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

// A task that formats large lines or labels leaves hundreds of MB of garbage, and V8 sets its next
// collection at a multiple of what was live at the last one, measured mid-task while the results were
// held: each scan worker's heap then grew past 1 GB before a full collection (the fuzz run's peak RSS).
// Collecting once a task leaves more than this in use keeps each worker's heap near it.
const COLLECT_OVER_BYTES = 192 * 1024 * 1024;
// The only way to ask V8 for a full collection: expose gc() (process-wide flag) and take it from a fresh context.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

parentPort!.on('message', (msg: { id: number; task: ScanTask } | { forget: number } | { exit: true }) => {
  if ('exit' in msg) process.exit(0);
  if ('forget' in msg) {
    forgetQuery(msg.forget);
    return;
  }
  runScanTask(msg.task).then(
    ({ result, transfer }) => {
      if (result.kind !== 'log') return parentPort!.postMessage({ id: msg.id, result } satisfies Reply, transfer);
      const packed = packEntries(result.entries);
      parentPort!.postMessage({ id: msg.id, result: { ...result, entries: [] }, packed } satisfies Reply, packedTransferList(packed));
    },
    (e: unknown) => {
      const err = e instanceof Error ? e : new Error(String(e));
      parentPort!.postMessage({ id: msg.id, error: { name: err.name, message: err.message, stack: err.stack } });
    },
  ).finally(() => {
    if (getHeapStatistics().used_heap_size > COLLECT_OVER_BYTES) collect();
  });
});
