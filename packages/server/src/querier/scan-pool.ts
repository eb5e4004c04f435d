// Where scan tasks run: a pool of worker threads (scan-worker.ts), one per core, shared by every Querier
// of the process and started with the first one. Workers are referenced only while they hold tasks, so
// an idle pool never keeps the process alive. If no worker can start, tasks run inline on this thread.
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ObjectStoreRef } from '../storage/object/open-store.js';
import { unpackEntries, type PackedEntries } from './entry-wire.js';
import { forgetQuery, runScanTask } from './scan-run.js';
import type { ResultOf, ScanResult, ScanTask } from './scan-task.js';

export interface ScanRunner {
  /** How many tasks run at the same time. */
  readonly width: number;
  /** A task still queued when `signal` aborts is dropped (rejected with the signal's reason). */
  run<T extends ScanTask>(task: T, signal?: AbortSignal): Promise<ResultOf<T>>;
  /** The query's tasks are all done: threads may drop what they compiled for it. */
  forget(queryId: number): void;
}

/** Runs tasks on the calling thread (no worker available; tests comparing both ways). */
export const inlineRunner: ScanRunner = {
  width: 1,
  run: async <T extends ScanTask>(task: T) => (await runScanTask(task)).result as ResultOf<T>,
  forget: forgetQuery,
};

// Two tasks per worker: the next one is already queued when the current one ends.
const PER_WORKER = 2;

/**
 * Over a remote store, the tasks a worker holds at once, so that their chunk GETs are under way together: enough
 * to keep a link busy across S3's round trips (a 1 Gbit/s link with 20 ms round trips carries 2.5 MB per round
 * trip, five chunks of 0.5 MB; S3's first bytes often take longer). Through such a link (bench/storage-s3.js, two
 * threads) the GETs of two tasks per worker took 2.2 times as long as the bytes at the link's rate, of eight 1.1
 * times. A worker decodes its tasks' chunks one at a time as they arrive.
 */
export const REMOTE_TASKS_PER_WORKER = 8;

/** The tasks a worker holds at once over `objects`. */
export const tasksPerWorker = (objects: ObjectStoreRef): number => (objects.kind === 'fs' ? PER_WORKER : REMOTE_TASKS_PER_WORKER);

interface Pending {
  id: number;
  task: ScanTask;
  resolve: (r: ScanResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  online: boolean;
  busy: Map<number, Pending>;
}

/** A log task's entries come packed beside its result (entry-wire.ts). */
export type Reply = { id: number; result: ScanResult; packed?: PackedEntries } | { id: number; error: { name: string; message: string; stack?: string } };

export class WorkerPool implements ScanRunner {
  readonly width: number;
  #slots: Slot[] = [];
  #queue: Pending[] = [];
  #nextId = 1;
  #started = false;
  #closed = false;

  constructor(size: number) {
    this.width = size;
  }

  /** Spawns the workers, once: on the first task, or earlier when the caller knows tasks are coming. */
  start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    for (let i = 0; i < this.width; i++) this.#spawn();
  }

  run<T extends ScanTask>(task: T, signal?: AbortSignal): Promise<ResultOf<T>> {
    this.start();
    return new Promise<ResultOf<T>>((resolve, reject) => {
      const p: Pending = { id: this.#nextId++, task, resolve: resolve as (r: ScanResult) => void, reject };
      if (signal) {
        const drop = (): void => {
          const at = this.#queue.indexOf(p);
          if (at >= 0) {
            this.#queue.splice(at, 1);
            reject(signal.reason);
          }
        };
        signal.addEventListener('abort', drop, { once: true });
        const settled = (): void => signal.removeEventListener('abort', drop);
        p.resolve = (r) => { settled(); resolve(r as ResultOf<T>); };
        p.reject = (e) => { settled(); reject(e); };
      }
      this.#queue.push(p);
      this.#pump();
    });
  }

  forget(queryId: number): void {
    forgetQuery(queryId); // tasks that fell back to this thread
    for (const s of this.#slots) s.worker.postMessage({ forget: queryId });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const slots = this.#slots;
    this.#slots = [];
    await Promise.all(slots.map((s) => stopWorker(s.worker)));
    this.#pump(); // anything still queued runs inline
  }

  #spawn(): void {
    let worker: Worker;
    try {
      sizeScanWorkerHeaps();
      worker = new Worker(new URL('./scan-worker.js', import.meta.url));
    } catch {
      return;
    }
    const slot: Slot = { worker, online: false, busy: new Map() };
    worker.on('online', () => { slot.online = true; });
    worker.on('message', (m: Reply) => {
      const p = slot.busy.get(m.id);
      if (!p) return;
      slot.busy.delete(m.id);
      if (slot.busy.size === 0) worker.unref();
      if ('result' in m) {
        if (m.packed && m.result.kind === 'log') m.result.entries = unpackEntries(m.packed);
        p.resolve(m.result);
      }
      else p.reject(Object.assign(new Error(m.error.message), { name: m.error.name, stack: m.error.stack }));
      this.#pump();
    });
    let gone = false;
    const lost = (e: Error): void => {
      if (gone) return;
      gone = true;
      this.#slots = this.#slots.filter((s) => s !== slot);
      for (const p of slot.busy.values()) p.reject(e);
      slot.busy.clear();
      // A worker that never came online will not the next time either: the rest (or this thread) carry on.
      if (slot.online && !this.#closed) this.#spawn();
      this.#pump();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`scan worker exited with code ${code}`)));
    // After the listeners: adding a 'message' listener refs the worker again.
    worker.unref();
    this.#slots.push(slot);
  }

  #pump(): void {
    while (this.#queue.length > 0) {
      if (this.#slots.length === 0) {
        const p = this.#queue.shift()!;
        inlineRunner.run(p.task).then(p.resolve, p.reject);
        continue;
      }
      let best: Slot | undefined;
      const cap = tasksPerWorker(this.#queue[0]!.task.objects);
      for (const s of this.#slots) if (s.busy.size < cap && (!best || s.busy.size < best.busy.size)) best = s;
      if (!best) return;
      const p = this.#queue.shift()!;
      if (best.busy.size === 0) best.worker.ref();
      best.busy.set(p.id, p);
      best.worker.postMessage({ id: p.id, task: p.task });
    }
  }
}

/**
 * The old generation a scan worker's heap starts with, in MiB. A scan keeps little (8 MB live) but allocates fast;
 * left to size the old generation itself, V8 started the next full collection 2-3 MB after the last (--trace-gc:
 * marking started on the allocation limit with the heap far below it; a smaller young generation stopped that too,
 * a larger one made it worse). A full scan (query a) ran 7 per query in each worker, about a quarter of the
 * server's CPU for it; with 64 MiB, none (a: 0.64-0.74 -> 0.53-0.60 CPU s on 2.5 M lines, as on 2026-11-21).
 */
const SCAN_WORKER_INITIAL_OLD_SPACE_MB = 64;
let heapsSized = false;

/**
 * Sets the V8 flag for the heaps of threads started from now on (read when an isolate is made: this thread's
 * heap, made already, keeps its sizing). Node's resourceLimits can bound a worker's heap, not size its start.
 * Exported for benchmarks whose threads stand for scan workers.
 */
export function sizeScanWorkerHeaps(): void {
  if (heapsSized) return;
  heapsSized = true;
  setFlagsFromString(`--initial-old-space-size=${SCAN_WORKER_INITIAL_OLD_SPACE_MB}`);
}

let shared: WorkerPool | undefined;

const pool = (): WorkerPool => (shared ??= new WorkerPool(availableParallelism()));

/** The process's pool, one worker per core, spawned on its first task or by startScanWorkers. */
export function sharedScanPool(): ScanRunner {
  return pool();
}

/** Spawns the shared pool's workers now (a server once it listens: they load while it already answers). */
export function startScanWorkers(): void {
  pool().start();
}

/** How long a worker asked to exit may take before it is terminated (one stuck in a loop never reads the ask). */
const EXIT_GRACE_MS = 5000;

/**
 * Asks a worker to exit rather than terminating it: it then stops between two turns of its event loop, never
 * inside the lock of the chunk cache the threads share (../storage/object/shared-range-cache.ts), which a thread
 * stopped there would hold for good, stopping every other thread at its next read.
 */
function stopWorker(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const stuck = setTimeout(() => void worker.terminate(), EXIT_GRACE_MS);
    stuck.unref();
    worker.once('exit', () => {
      clearTimeout(stuck);
      resolve();
    });
    worker.postMessage({ exit: true });
  });
}
