/** Bytes one read asks for; a buffer grows past this only to hold a longer line. */
export const CHUNK_BYTES = 256 * 1024;
/** Reads in flight at once across every tailed file: enough to keep reading while lines are handled. */
const SLOTS = 2;

/** A read buffer lent to one read at a time; the reader may replace `buf` with a bigger one for a long line. */
export interface ReadBuffer {
  buf: Buffer;
  /**
   * [start, end) of each line read into `buf` as pairs, filled by the reader. Kept with the buffer (one per
   * read slot, not per file) and never shortened, so its storage is not reallocated on every read.
   */
  readonly bounds: number[];
}

// A fixed set of buffers shared by every file: memory for reads stays SLOTS × CHUNK_BYTES however many files are tailed.
const free: ReadBuffer[] = [];
const waiting: ((rb: ReadBuffer) => void)[] = [];
let lent = 0;

/** A buffer for one read, once one is free. */
export function borrowReadBuffer(): Promise<ReadBuffer> {
  if (lent < SLOTS) {
    lent++;
    return Promise.resolve(free.pop() ?? { buf: Buffer.allocUnsafe(CHUNK_BYTES), bounds: [] });
  }
  return new Promise((resolve) => waiting.push(resolve));
}

export function returnReadBuffer(rb: ReadBuffer): void {
  if (rb.buf.length !== CHUNK_BYTES) rb.buf = Buffer.allocUnsafe(CHUNK_BYTES); // a long line's buffer is not kept
  const next = waiting.shift();
  if (next) next(rb);
  else {
    lent--;
    free.push(rb);
  }
}
