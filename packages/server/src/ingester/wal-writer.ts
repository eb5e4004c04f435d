// The write-ahead log writer with group commit: records appended while a write+fsync is in flight are
// written together by the next one, so one fsync serves every push that arrived meanwhile. A push's
// promise resolves only after the fsync that covers its record.
//
// A failed write (disk full, I/O error) fails its round and everything queued behind it, cuts the segment
// back to its last durable byte (so replay never sees a record whose push was refused), and refuses appends
// until a probe on a timer manages to start a fresh segment (write + fsync of its header).
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, writeAll } from '../storage/fs-util.js';
import { WalWriteError } from './types.js';
import { frameHeader, segmentHeader, WAL_HEADER_SIZE, FRAME_HEADER_SIZE } from './wal-format.js';

export const segmentName = (n: number): string => `${String(n).padStart(8, '0')}.wal`;

interface Pending { seg: number; bufs: Buffer[]; commit: (() => void) | undefined; resolve: () => void; reject: (e: Error) => void }

export interface WalWriterOptions {
  fsync: boolean;
  segmentBytes: number;
  /** How often a failing WAL tries a fresh segment (default 1 s). */
  retryMs?: number;
  /** Called for each failed round, before its appends are rejected. */
  onFailure?: (e: WalWriteError) => void;
  /** Called by the first round written after a failure (a probe alone proves little on a nearly full disk). */
  onRecovery?: (segment: number) => void;
}

export class WalWriter {
  readonly dir: string;
  #opts: WalWriterOptions;
  #seg: number;
  #assigned: number;
  #queue: Pending[] = [];
  #draining = false;
  /** The segment of the round being written, -1 between rounds. */
  #roundSeg = -1;
  #failure: WalWriteError | undefined;
  #probe: NodeJS.Timeout | undefined;
  #probing = false;
  /** A probe lifted the failure; the next round that is written reports the recovery. */
  #recovering = false;
  #fh: FileHandle | undefined;
  #fhSeg = -1;
  #fhSize = 0;
  /** Bytes of the open segment known to be written and synced: a failed write is cut back to here. */
  #fhDurable = 0;
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

  /** Set while writes fail: appends are refused with it until a probe succeeds. */
  get failure(): WalWriteError | undefined {
    return this.#failure;
  }

  /**
   * The segment the next record will go to. Rolls to a new segment when the current one is full, so call it
   * right before building a record and append that record before yielding.
   */
  nextSegment(): number {
    if (this.#assigned >= this.#opts.segmentBytes) this.#startSegment(this.#seg + 1);
    return this.#seg;
  }

  #startSegment(n: number): void {
    this.#seg = n;
    this.#assigned = WAL_HEADER_SIZE;
    this.segments.set(n, WAL_HEADER_SIZE);
  }

  get totalBytes(): number {
    let t = 0;
    for (const s of this.segments.values()) t += s;
    return t;
  }

  /**
   * Queues a record (null: none, just wait until everything queued so far is durable). `commit` runs once the
   * record is durable, before any promise of its round resolves, in append order; a failed record never runs it.
   */
  append(payload: Buffer | null, commit?: () => void): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    const bufs = payload ? [frameHeader(payload), payload] : [];
    if (payload) {
      const n = FRAME_HEADER_SIZE + payload.length;
      this.#assigned += n;
      this.segments.set(this.#seg, (this.segments.get(this.#seg) ?? 0) + n);
    }
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ seg: this.#seg, bufs, commit, resolve, reject });
      if (!this.#draining) {
        this.#draining = true;
        // Let the pushes of this turn of the event loop join the first write.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      // A round writes the records of one segment, so a failed round leaves one file to cut back.
      const seg = this.#queue[0]!.seg;
      let n = 1;
      while (n < this.#queue.length && this.#queue[n]!.seg === seg) n++;
      const round = this.#queue.splice(0, n);
      this.#roundSeg = seg;
      try {
        const fh = await this.#openSegment(seg);
        const bufs = round.flatMap((p) => p.bufs);
        await writeAll(fh, bufs, this.#fhSize);
        for (const b of bufs) this.#fhSize += b.length;
        if (this.#opts.fsync) await fh.datasync();
        this.#fhDurable = this.#fhSize;
      } catch (e) {
        await this.#fail(e, round);
        break;
      }
      this.#batches++;
      if (this.#recovering) {
        this.#recovering = false;
        this.#opts.onRecovery?.(seg);
      }
      for (const p of round) p.commit?.();
      for (const p of round) p.resolve();
    }
    this.#roundSeg = -1;
    this.#draining = false;
  }

  async #fail(cause: unknown, round: Pending[]): Promise<void> {
    const failure = new WalWriteError(cause instanceof Error ? cause : new Error(String(cause)));
    this.#failure = failure;
    const refused = round.concat(this.#queue);
    this.#queue = [];
    // Segments after the failed one were only assigned, never opened.
    for (const n of [...this.segments.keys()]) if (n > this.#roundSeg) this.segments.delete(n);
    if (this.#fhSeg !== this.#roundSeg) this.segments.delete(this.#roundSeg);
    this.#opts.onFailure?.(failure);
    // Cut the partial or unsynced records off before refusing their pushes; the probe retries if this fails.
    await this.#cutBackFailedSegment();
    for (const p of refused) p.reject(failure);
    this.#probe = setInterval(() => void this.#tryRecover(), this.#opts.retryMs ?? 1000);
    this.#probe.unref();
  }

  /** Truncates the open segment to its durable bytes and closes it; false when that fails too. */
  async #cutBackFailedSegment(): Promise<boolean> {
    const fh = this.#fh;
    if (!fh) return true;
    try {
      await fh.truncate(this.#fhDurable);
      if (this.#opts.fsync) await fh.datasync();
    } catch {
      return false;
    }
    this.segments.set(this.#fhSeg, this.#fhDurable);
    this.#fh = undefined;
    this.#fhSeg = -1;
    await fh.close().catch(() => undefined);
    return true;
  }

  /** One probe: a fresh segment whose header is written and synced ends the failure. */
  async #tryRecover(): Promise<void> {
    if (this.#probing || !this.#failure) return;
    this.#probing = true;
    try {
      if (!(await this.#cutBackFailedSegment())) return;
      const seg = this.#seg + 1;
      try {
        const fh = await this.#openSegment(seg);
        if (this.#opts.fsync) await fh.datasync();
        this.#fhDurable = this.#fhSize;
      } catch {
        // Nothing durable in it: remove it so a long outage leaves no trail of empty segments.
        await this.#cutBackFailedSegment();
        await unlink(join(this.dir, segmentName(seg))).catch(() => undefined);
        this.segments.delete(seg);
        return;
      }
      this.#startSegment(seg);
      clearInterval(this.#probe);
      this.#probe = undefined;
      this.#failure = undefined;
      this.#recovering = true;
    } finally {
      this.#probing = false;
    }
  }

  async #openSegment(seg: number): Promise<FileHandle> {
    if (this.#fh && this.#fhSeg === seg) return this.#fh;
    if (this.#fh) {
      // Everything in the previous segment is durable before anything lands in the next one.
      if (this.#opts.fsync) await this.#fh.datasync();
      await this.#fh.close();
      this.#fh = undefined;
      this.#fhSeg = -1;
    }
    const fh = await open(join(this.dir, segmentName(seg)), 'w');
    this.#fh = fh;
    this.#fhSeg = seg;
    this.#fhSize = this.#fhDurable = 0;
    const header = segmentHeader();
    await writeAll(fh, [header], 0);
    this.#fhSize = header.length;
    if (this.#opts.fsync) await fsyncDir(this.dir);
    return fh;
  }

  /** Starts a new segment for the next record, so the current one can be deleted once nothing needs it. */
  roll(): void {
    if (this.#assigned > WAL_HEADER_SIZE) this.#startSegment(this.#seg + 1);
  }

  /** Deletes the segments below `seg` (never the current one, nor one with writes queued or in flight). */
  async removeBelow(seg: number): Promise<void> {
    let keepFrom = Math.min(seg, this.#seg);
    if (this.#roundSeg >= 0) keepFrom = Math.min(keepFrom, this.#roundSeg);
    if (this.#queue.length > 0) keepFrom = Math.min(keepFrom, this.#queue[0]!.seg);
    const doomed = [...this.segments.keys()].filter((n) => n < keepFrom);
    if (this.#fh && doomed.includes(this.#fhSeg)) {
      // A round may be syncing it right now before moving on to the next segment.
      if (this.#draining) {
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
    clearInterval(this.#probe);
    this.#probe = undefined;
    await this.append(null).catch(() => undefined);
    if (this.#failure) await this.#cutBackFailedSegment();
    const fh = this.#fh;
    this.#fh = undefined;
    if (!fh) return;
    try {
      // A failing segment that could not be cut back is left as it is: syncing it would fail again.
      if (this.#opts.fsync && !this.#failure) await fh.datasync();
    } finally {
      await fh.close();
    }
  }
}
