// Compresses sealed blocks on a worker thread; if the worker cannot run (or dies), blocks are encoded on the
// calling thread instead, so sealing never fails for want of a worker.
import { Worker } from 'node:worker_threads';
import { encodeBlock, type BlockRows, type EncodedBlock } from '../chunk/block-encode.js';

interface Waiter { rows: BlockRows; resolve: (b: EncodedBlock) => void; reject: (e: Error) => void }

/** A copy of the used part of the rows, each column in its own ArrayBuffer (transferable). */
function copyRows(r: BlockRows): BlockRows {
  const n = r.count;
  const rawBytes = n === 0 ? 0 : r.lineEnds[n - 1]!;
  // allocUnsafeSlow: never a slice of Node's shared pool, which must not be transferred away.
  const lines = Buffer.allocUnsafeSlow(rawBytes);
  r.lines.copy(lines, 0, 0, rawBytes);
  const out: BlockRows = { base: r.base, count: n, ts: r.ts.slice(0, n), lines, lineEnds: r.lineEnds.slice(0, n) };
  if (r.smIds && r.smTable) {
    out.smIds = r.smIds.slice(0, n);
    out.smTable = { count: r.smTable.count, bytes: new Uint8Array(r.smTable.bytes) }; // a copy with its own ArrayBuffer
  }
  return out;
}

export class Sealer {
  #worker: Worker | undefined;
  #next = 1;
  #waiting = new Map<number, Waiter>();

  constructor(useWorker: boolean) {
    if (!useWorker) return;
    try {
      const w = new Worker(new URL('./seal-worker.js', import.meta.url));
      w.on('message', (m: { id: number; block?: EncodedBlock; error?: string }) => {
        const waiter = this.#waiting.get(m.id);
        if (!waiter) return;
        this.#waiting.delete(m.id);
        if (this.#waiting.size === 0) w.unref();
        if (m.block) waiter.resolve({ ...m.block, bytes: new Uint8Array(m.block.bytes) });
        else waiter.reject(new Error(`block encoding failed: ${m.error}`));
      });
      const fallBack = (): void => {
        this.#worker = undefined;
        for (const [id, waiter] of this.#waiting) {
          this.#waiting.delete(id);
          this.#inline(waiter);
        }
      };
      w.on('error', fallBack);
      w.on('exit', fallBack);
      // Referenced only while a block is being compressed (set after the listeners: adding a 'message'
      // listener refs the worker's port again).
      w.unref();
      this.#worker = w;
    } catch {
      this.#worker = undefined;
    }
  }

  /** Encodes the rows. They must stay unchanged until the promise settles (a fallback reads them). */
  seal(rows: BlockRows): Promise<EncodedBlock> {
    return new Promise<EncodedBlock>((resolve, reject) => {
      const waiter: Waiter = { rows, resolve, reject };
      if (!this.#worker) {
        this.#inline(waiter);
        return;
      }
      const id = this.#next++;
      if (this.#waiting.size === 0) this.#worker.ref();
      this.#waiting.set(id, waiter);
      const copy = copyRows(rows);
      const transfer = [copy.ts.buffer, copy.lines.buffer, copy.lineEnds.buffer, ...(copy.smIds ? [copy.smIds.buffer] : []), ...(copy.smTable ? [copy.smTable.bytes.buffer] : [])] as ArrayBuffer[];
      this.#worker.postMessage({ id, rows: copy }, transfer);
    });
  }

  #inline(w: Waiter): void {
    try {
      w.resolve(encodeBlock(w.rows));
    } catch (e) {
      w.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  async close(): Promise<void> {
    const w = this.#worker;
    this.#worker = undefined;
    if (w) {
      w.removeAllListeners('exit');
      await w.terminate();
    }
  }
}
