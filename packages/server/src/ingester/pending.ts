// One stream's entries in a WAL record that is not durable yet. They are not in the stream (queries do not see
// them) until the record's fsync is done; duplicate checks find them meanwhile; a failed write drops them.
// The entries are read back from the record itself (layout in README.md), so holding them costs nothing extra.
import type { LabelPair } from '@logi/protocol';
import { ByteReader, type ByteWriter } from '../chunk/bytes.js';
import { smKeyOf } from './sm-interner.js';
import { readEntries } from './wal-format.js';

/** Gets one entry; its line is src[start, end). */
export type PendingEntryVisitor = (ts: bigint, src: Buffer, start: number, end: number, sm: readonly LabelPair[] | undefined) => void;

export class PendingSection {
  /** The record being built (its buffer may be replaced as it grows). */
  readonly #record: ByteWriter;
  /** Where the section's first entry starts in the record. */
  readonly #at: number;
  /** The record's metadata sets (id - 1). */
  readonly #sets: readonly (readonly LabelPair[])[];
  /** The stream's entry counter before the first entry. */
  readonly firstCt: number;
  readonly walSegment: number;
  /** Entries accepted into the section so far. */
  count = 0;
  #minTs: bigint | undefined;
  #maxTs: bigint | undefined;

  constructor(record: ByteWriter, at: number, sets: readonly (readonly LabelPair[])[], firstCt: number, walSegment: number) {
    this.#record = record;
    this.#at = at;
    this.#sets = sets;
    this.firstCt = firstCt;
    this.walSegment = walSegment;
  }

  /** The entry just written to the record was accepted. */
  add(ts: bigint): void {
    this.count++;
    if (this.#minTs === undefined || ts < this.#minTs) this.#minTs = ts;
    if (this.#maxTs === undefined || ts > this.#maxTs) this.#maxTs = ts;
  }

  /** Visits the accepted entries in order. */
  forEach(visit: PendingEntryVisitor): void {
    readEntries(new ByteReader(this.#record.buf, this.#at), this.count, this.#sets, visit);
  }

  /** True when an entry with this ts, line (src[start, end)) and metadata key is in the section. */
  has(ts: bigint, src: Uint8Array, start: number, end: number, smKey: string): boolean {
    if (this.count === 0 || ts < this.#minTs! || ts > this.#maxTs!) return false;
    // Out-of-order pushes call this per entry: compare the ts as two words, decoding nothing else unless it matches.
    const lo = Number(BigInt.asUintN(32, ts));
    const hi = Number(BigInt.asIntN(32, ts >> 32n));
    const line = src.subarray(start, end);
    const buf = this.#record.buf;
    const r = new ByteReader(buf, this.#at);
    for (let i = 0; i < this.count; i++) {
      const same = buf.readUInt32LE(r.pos) === lo && buf.readInt32LE(r.pos + 4) === hi;
      r.pos += 8;
      const len = r.varint();
      const s = r.pos;
      r.skip(len);
      const smId = r.varint();
      if (same && len === line.length && Buffer.compare(buf.subarray(s, s + len), line) === 0
        && smKeyOf(smId === 0 ? undefined : this.#sets[smId - 1]) === smKey) return true;
    }
    return false;
  }
}
