// Builds one ENTRIES record (layout in README.md) while the push is being accepted: entries are written as
// they are accepted, a refused or duplicate entry is rewound, and structured-metadata sets are written once
// per record in a table at its end (most entries share a handful of sets, such as detected_level).
import type { LabelPair } from '@logi/protocol';
import { ByteWriter } from '../chunk/bytes.js';
import { SmInterner } from './sm-interner.js';
import { WAL_RECORD } from './wal-format.js';

export class EntriesRecordWriter {
  readonly w: ByteWriter;
  /** Where the line of the last entry() landed in w.buf: [lineStart, lineEnd). */
  lineStart = 0;
  lineEnd = 0;
  #smTableAt: number;
  #nDecl = 0;
  #declAt: number;
  #nStreamsAt = -1;
  #nStreams = 0;
  #streamAt = 0;
  #countAt = 0;
  #count = 0;
  #entryAt = 0;
  #sm = new SmInterner();

  constructor(tenant: string, estimate: number, reuse?: Buffer) {
    const w = (this.w = new ByteWriter(estimate, reuse));
    w.u8(WAL_RECORD.entries);
    w.str(tenant);
    this.#smTableAt = w.pos;
    w.u32(0);
    this.#declAt = w.pos;
    w.u32(0);
  }

  /** Declares a series' labels; all declarations come before beginStreams(). */
  declare(id: number, labels: readonly LabelPair[]): void {
    this.w.u32(id);
    this.w.varint(labels.length);
    for (const [n, v] of labels) { this.w.str(n); this.w.str(v); }
    this.#nDecl++;
  }

  /** The metadata sets written so far: an entry's set id n is sets[n - 1]. */
  get smSets(): readonly (readonly LabelPair[])[] {
    return this.#sm.sets;
  }

  beginStreams(): void {
    this.w.buf.writeUInt32LE(this.#nDecl, this.#declAt);
    this.#nStreamsAt = this.w.pos;
    this.w.u32(0);
  }

  /** Entries that follow belong to series id; the first gets entry counter firstCt + 1. */
  beginStream(id: number, firstCt: number): void {
    this.#streamAt = this.w.pos;
    this.w.u32(id);
    this.w.f64(firstCt);
    this.#countAt = this.w.pos;
    this.w.u32(0);
    this.#count = 0;
  }

  entry(ts: bigint, line: string, sm: readonly LabelPair[] | undefined): void {
    const w = this.w;
    this.#entryAt = w.pos;
    w.i64(ts);
    this.lineStart = w.str(line);
    this.lineEnd = w.pos;
    w.varint(sm ? this.#sm.id(sm) : 0);
    this.#count++;
  }

  /** Takes back the last entry() (a duplicate). */
  dropEntry(): void {
    this.w.pos = this.#entryAt;
    this.#count--;
  }

  endStream(): void {
    if (this.#count === 0) {
      this.w.pos = this.#streamAt;
      return;
    }
    this.w.buf.writeUInt32LE(this.#count, this.#countAt);
    this.#nStreams++;
  }

  /** The payload, or null when it carries nothing (no declaration, no entry). */
  finish(): Buffer | null {
    if (this.#nDecl === 0 && this.#nStreams === 0) return null;
    const w = this.w;
    w.buf.writeUInt32LE(this.#nStreams, this.#nStreamsAt);
    w.buf.writeUInt32LE(w.pos, this.#smTableAt);
    const table = this.#sm.table.table();
    w.varint(table.count);
    w.bytes(table.bytes);
    return w.buf.subarray(0, w.pos);
  }
}
