// The write-ahead log writer with group commit: records appended while a write+fsync is in flight are
// written together by the next one, so one fsync serves every push that arrived meanwhile. A push's
// promise resolves only after the fsync that covers its record.
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, writeAll } from '../storage/fs-util.js';
import { frameHeader, segmentHeader, WAL_HEADER_SIZE, FRAME_HEADER_SIZE } from './wal-format.js';

export const segmentName = (n: number): string => `${String(n).padStart(8, '0')}.wal`;

interface Pending { seg: number; bufs: Buffer[]; resolve: () => void; reject: (e: Error) => void }

export interface WalWriterOptions { fsync: boolean; segmentBytes: number }

export class WalWriter {
  readonly dir: string;
  #opts: WalWriterOptions;
  #seg: number;
  #assigned: number;
  #queue: Pending[] = [];
  #draining = false;
  #failed: Error | undefined;
  #fh: FileHandle | undefined;
  #fhSeg = -1;
  #fhSize = 0;
  #batches = 0;
  /** Bytes per segment on disk or queued, oldest first (includes segments left by a previous run). */
  readonly segments = new Map<number, number>();

  /** `existing`: segments already on disk (replayed at start); new records go to a fresh segment after them. */
  constructor(dir: string, existing: ReadonlyMap<number, number>, opts: WalWriterOptions) {
    this.dir = dir;
    this.#opts = opts;
    let last = 0;
    for (const [n, size] of existing) {
      this.segments.set(n, size);
      last = Math.max(last, n);
    }
    this.#seg = last + 1;
    this.#assigned = WAL_HEADER_SIZE;
    this.segments.set(this.#seg, WAL_HEADER_SIZE);
  }

  /**
   * The segment the next record will go to. Rolls to a new segment when the current one is full, so call it
   * right before building a record and append that record before yielding.
   */
  nextSegment(): number {
    if (this.#assigned >= this.#opts.segmentBytes) {
      this.#seg++;
      this.#assigned = WAL_HEADER_SIZE;
      this.segments.set(this.#seg, WAL_HEADER_SIZE);
    }
    return this.#seg;
  }

  get totalBytes(): number {
    let t = 0;
    for (const s of this.segments.values()) t += s;
    return t;
  }

  /** Queues a record (null: none, just wait until everything queued so far is durable). */
  append(payload: Buffer | null): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    const bufs = payload ? [frameHeader(payload), payload] : [];
    if (payload) {
      const n = FRAME_HEADER_SIZE + payload.length;
      this.#assigned += n;
      this.segments.set(this.#seg, (this.segments.get(this.#seg) ?? 0) + n);
    }
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ seg: this.#seg, bufs, resolve, reject });
      if (!this.#draining) {
        this.#draining = true;
        // Let the pushes of this turn of the event loop join the first write.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        let i = 0;
        while (i < batch.length) {
          const seg = batch[i]!.seg;
          const bufs: Buffer[] = [];
          let j = i;
          for (; j < batch.length && batch[j]!.seg === seg; j++) bufs.push(...batch[j]!.bufs);
          const fh = await this.#openSegment(seg);
          await writeAll(fh, bufs, this.#fhSize);
          for (const b of bufs) this.#fhSize += b.length;
          i = j;
        }
        if (this.#opts.fsync && this.#fh) await this.#fh.datasync();
        this.#batches++;
        for (const p of batch) p.resolve();
      } catch (e) {
        this.#failed = e instanceof Error ? e : new Error(String(e));
        for (const p of batch) p.reject(this.#failed);
        for (const p of this.#queue) p.reject(this.#failed);
        this.#queue = [];
      }
    }
    this.#draining = false;
  }

  async #openSegment(seg: number): Promise<FileHandle> {
    if (this.#fh && this.#fhSeg === seg) return this.#fh;
    if (this.#fh) {
      // Everything in the previous segment is durable before anything lands in the next one.
      if (this.#opts.fsync) await this.#fh.datasync();
      await this.#fh.close();
      this.#fh = undefined;
    }
    const fh = await open(join(this.dir, segmentName(seg)), 'w');
    const header = segmentHeader();
    await writeAll(fh, [header], 0);
    if (this.#opts.fsync) await fsyncDir(this.dir);
    this.#fh = fh;
    this.#fhSeg = seg;
    this.#fhSize = header.length;
    return fh;
  }

  /** Starts a new segment for the next record, so the current one can be deleted once nothing needs it. */
  roll(): void {
    if (this.#assigned > WAL_HEADER_SIZE) {
      this.#seg++;
      this.#assigned = WAL_HEADER_SIZE;
      this.segments.set(this.#seg, WAL_HEADER_SIZE);
    }
  }

  /** Deletes the segments below `seg` (never the current one, nor one with writes still queued). */
  async removeBelow(seg: number): Promise<void> {
    const doomed = [...this.segments.keys()].filter((n) => n < seg && n < this.#seg);
    if (doomed.length === 0) return;
    if (this.#fh && doomed.includes(this.#fhSeg)) {
      if (this.#draining || this.#queue.length > 0) {
        doomed.splice(doomed.indexOf(this.#fhSeg), 1);
      } else {
        const fh = this.#fh;
        this.#fh = undefined;
        this.#fhSeg = -1;
        await fh.close();
      }
    }
    for (const n of doomed) {
      this.segments.delete(n);
      try {
        await unlink(join(this.dir, segmentName(n)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
  }

  /** Write+fsync rounds so far (each serves every record queued before it started). */
  get batches(): number {
    return this.#batches;
  }

  get currentSegment(): number {
    return this.#seg;
  }

  /** Waits for queued records, then closes the file. */
  async close(): Promise<void> {
    await this.append(null).catch(() => undefined);
    if (this.#fh) {
      if (this.#opts.fsync) await this.#fh.datasync();
      await this.#fh.close();
      this.#fh = undefined;
    }
  }
}
