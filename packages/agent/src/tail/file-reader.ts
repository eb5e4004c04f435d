import type { FileHandle } from 'node:fs/promises';
import { positionKey, type Positions } from '../positions/positions.js';
import type { Budget } from './budget.js';
import { fingerprintOf, FINGERPRINT_BYTES, readHead, type Fingerprint } from './fingerprint.js';
import type { LineCodec } from './lines.js';
import type { ReadBuffer } from './read-buffers.js';
import type { SiblingSnapshot } from './sibling-snapshot.js';
import { Ticket } from './ticket.js';

/** Longest line kept whole; a longer run of bytes without a newline is sent in pieces of this size. */
export const MAX_LINE_BYTES = 4 * 1024 * 1024;

/** The lines of one read, still as bytes: each is decoded only when it is sent on. */
export interface Chunk {
  buf: Buffer;
  /** [start, end) of each line in `buf`, newline excluded, as pairs; the first `lines` pairs are this read's. */
  bounds: readonly number[];
  lines: number;
  ticket: Ticket;
  /** The read reached the end of the file. */
  eof: boolean;
}

/**
 * One open file (a device+inode) and the lines read from it. Reads stop after the last newline, so a
 * partial last line stays in the file until its newline arrives. The position saved for the file
 * advances only over tickets that completed in order.
 */
export class FileReader {
  /** The watched path (the `filename` label and the positions group). */
  readonly path: string;
  /** Where the file was when opened (a rotated name, or the watched path). */
  readonly openedAs: string;
  readonly dev: bigint;
  readonly ino: bigint;
  readonly key: string;
  offset: number;
  committed: number;
  /** Size at the last stat or read. */
  size: number;
  /** Modification time at the watch's last look at the file (undefined before the first). */
  mtimeNs: bigint | undefined;
  /** When a read last returned data (ms). */
  lastDataAt = Date.now();
  /** No longer at the watched path: read to its end, then close. */
  rotated = false;
  /** Bumped when the file is truncated in place: tickets of an older generation no longer move the position. */
  generation = 0;
  /** The siblings accounted for when this file, at the watched path, started being read from its start (set by the watch). */
  siblingsAtStart: SiblingSnapshot | undefined;
  /** The file's first bytes as read (up to FINGERPRINT_BYTES, no further than `offset`), and their fingerprint. */
  #head: Buffer;
  #fp: Fingerprint;
  /**
   * The file's first bytes when it was opened (or restarted), read or not: a file replaced before it
   * was read this far (copytruncate, then new lines) no longer starts with them.
   */
  #openedHead: Buffer;
  readonly #fh: FileHandle;
  readonly #codec: LineCodec;
  readonly #budget: Budget;
  readonly #positions: Positions;
  readonly #queue: Ticket[] = [];
  #closed = false;

  constructor(opts: {
    path: string; openedAs: string; fh: FileHandle; dev: bigint; ino: bigint; size: number; offset: number;
    /** The file's first bytes, read from `fh` (only those before `offset` are kept). */
    head: Buffer; codec: LineCodec; budget: Budget; positions: Positions;
  }) {
    this.path = opts.path;
    this.openedAs = opts.openedAs;
    this.#fh = opts.fh;
    this.dev = opts.dev;
    this.ino = opts.ino;
    this.key = positionKey(opts.dev, opts.ino);
    this.size = opts.size;
    this.offset = this.committed = opts.offset;
    this.#head = opts.head.subarray(0, Math.min(opts.offset, FINGERPRINT_BYTES));
    this.#fp = fingerprintOf(this.#head);
    this.#openedHead = opts.head;
    this.#codec = opts.codec;
    this.#budget = opts.budget;
    this.#positions = opts.positions;
    this.#save();
  }

  get fh(): FileHandle {
    return this.#fh;
  }

  get fp(): Fingerprint {
    return this.#fp;
  }

  /** Bytes known to be in the file: read, or seen at its start when opened (a file emptied before its first read is shorter). */
  get seen(): number {
    return Math.max(this.offset, this.#openedHead.length);
  }

  /** The first bytes looked at before any read (when opened, or just before the first read). */
  get lookedAt(): Buffer {
    return this.#openedHead;
  }

  /** Nothing read since the file was opened at its start or truncated. */
  get unread(): boolean {
    return this.offset === 0;
  }

  /** Every line read so far is acknowledged. */
  get settled(): boolean {
    return this.#queue.length === 0;
  }

  get closed(): boolean {
    return this.#closed;
  }

  #save(): void {
    this.#positions.set({ path: this.path, dev: String(this.dev), ino: String(this.ino), fpLen: this.fp.len, fp: this.fp.hash, offset: this.committed, size: this.size });
  }

  readonly #onDone = (t: Ticket): void => {
    this.#budget.give(t.bytes);
    if (t.generation !== this.generation) return;
    let moved = false;
    while (this.#queue[0]?.done) {
      this.committed = this.#queue.shift()!.end;
      moved = true;
    }
    if (moved) this.#save();
  };

  /**
   * Reads the complete lines after `offset`. Returns undefined when there is none yet. With `final`
   * (the file was rotated away and is drained), a last line without newline is returned too.
   * 'truncated': the file no longer starts with the bytes it started with, so what was just read may
   * belong to its new content (copytruncate and new writes before this read); nothing was taken.
   */
  async read(rb: ReadBuffer, final = false): Promise<Chunk | 'truncated' | undefined> {
    for (;;) {
      const start = this.offset;
      const { bytesRead: n } = await this.#fh.read(rb.buf, 0, rb.buf.length, start);
      if (start + n > this.size) this.size = start + n;
      if (n === 0) return undefined;
      const bounds = rb.bounds;
      let lines = 0;
      let pos = 0;
      const codec = this.#codec;
      for (let nl = codec.find(rb.buf, 0, n); nl >= 0; nl = codec.find(rb.buf, pos, n)) {
        bounds[2 * lines] = pos;
        bounds[2 * lines++ + 1] = nl;
        pos = nl + codec.nl;
      }
      const eof = n < rb.buf.length;
      if (pos === 0) {
        if (!eof && rb.buf.length < MAX_LINE_BYTES) {
          rb.buf = Buffer.allocUnsafe(rb.buf.length * 2);
          continue;
        }
        if (eof && !final) return undefined;
        // a line longer than MAX_LINE_BYTES, or the unterminated end of a finished file
        bounds[0] = 0;
        bounds[1] = n;
        lines = 1;
        pos = n;
      }
      if (!(await this.#headStillMatches(rb.buf, start, start + pos))) return 'truncated';
      this.lastDataAt = Date.now();
      const ticket = new Ticket(start + pos, pos, this.generation, this.#onDone);
      this.#queue.push(ticket);
      this.#budget.take(pos);
      this.offset = start + pos;
      return { buf: rb.buf, bounds, lines, ticket, eof };
    }
  }

  /**
   * After reading bytes [start, end) into `buf`: does the file still start as it did, including the
   * bytes of this read that fall in its head? Read again after the data, the head tells whether the
   * data came from the content we were reading or from what replaced it. The head grows from the
   * bytes read, never from a second read, which could already see another content.
   */
  async #headStillMatches(buf: Buffer, start: number, end: number): Promise<boolean> {
    const grows = start === this.#head.length && start < FINGERPRINT_BYTES;
    const known = grows ? Buffer.concat([this.#head, buf.subarray(0, Math.min(FINGERPRINT_BYTES, end) - start)]) : this.#head;
    const opened = Math.min(known.length, this.#openedHead.length);
    if (!known.subarray(0, opened).equals(this.#openedHead.subarray(0, opened))) return false;
    if (known.length === 0) return true;
    if (!(await readHead(this.#fh, known.length)).equals(known)) return false;
    if (grows) {
      this.#head = known;
      this.#fp = fingerprintOf(known);
    }
    return true;
  }

  /**
   * Before the first read: the file's first bytes as just looked at. The read takes nothing ('truncated')
   * unless the file still starts with them, so it cannot take the content of a copytruncate made since.
   */
  expectHead(head: Buffer): void {
    if (this.unread) this.#openedHead = head;
  }

  /** The file was truncated in place (copytruncate): start over at 0 and stop in-flight lines from moving the position. */
  restart(): void {
    this.generation++;
    this.#queue.length = 0;
    this.offset = this.committed = this.size = 0;
    this.#head = this.#openedHead = Buffer.alloc(0);
    this.#fp = fingerprintOf(this.#head);
    this.#save();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#fh.close().catch(() => {});
  }
}
