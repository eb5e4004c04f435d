// A scan worker thread (see scan-pool.ts): answers { id, task } with { id, result } or { id, error }.
import { parentPort } from 'node:worker_threads';
import { runScanTask } from './scan-run.js';
import type { ScanTask } from './scan-task.js';

parentPort!.on('message', (msg: { id: number; task: ScanTask }) => {
  try {
    const { result, transfer } = runScanTask(msg.task);
    parentPort!.postMessage({ id: msg.id, result }, transfer);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    parentPort!.postMessage({ id: msg.id, error: { name: err.name, message: err.message, stack: err.stack } });
  }
});
