// The open (uncompressed) block of a stream head: columnar, growable typed arrays and one line buffer, so
// appending an entry allocates nothing per entry. Sealed into a compressed block when it reaches the
// block size (see stream.ts).
import type { LabelPair } from '@logi/protocol';
import type { DecodedBlock } from './types.js';
import { encodeBlock, type BlockRows } from '../chunk/block-encode.js';
import { SmInterner, smKeyOf } from './sm-interner.js';
import { decodeBlock } from '../chunk/block-decode.js';
import { CODEC } from '../chunk/codec.js';

// Offsets from the block base stay far inside the exact range of a double (2^53); a block whose entries
// would span more (about 13 days) is sealed first.
const MAX_OFFSET = 2 ** 50;

// Line buffers of blocks whose compressed form is done, reused by the next blocks: a busy server seals
// hundreds of blocks a second, and fresh buffers that size make V8 collect garbage much more often.
const spareLines: Buffer[] = [];
const SPARE_MAX = 16;

export class OpenBlock {
  base = 0n;
  count = 0;
  /** Smallest and largest offset appended (rows arrive in any order). */
  minOff = 0;
  maxOff = 0;
  ts = new Float64Array(256);
  lineEnds = new Uint32Array(256);
  smIds = new Uint32Array(256);
  // Grown on demand up to about one block, so idle streams cost little memory.
  lines: Buffer = Buffer.alloc(0);
  #sm = new SmInterner();
  #snapshot: DecodedBlock | undefined;
  #capacityHint: number;

  /** capacityHint: expected line bytes of a full block; rows: expected entries (sizes the first arrays). */
  constructor(capacityHint: number, rows = 256) {
    this.#capacityHint = capacityHint;
    if (rows > 256) {
      // A successor block of a busy stream: size everything for a full block at once.
      const spare = spareLines.findIndex((b) => b.length >= capacityHint);
      this.lines = spare >= 0 ? spareLines.splice(spare, 1)[0]! : Buffer.allocUnsafe(capacityHint);
      const n = 2 ** Math.ceil(Math.log2(rows + 1));
      this.ts = new Float64Array(n);
      this.lineEnds = new Uint32Array(n);
      this.smIds = new Uint32Array(n);
    }
  }

  get rawBytes(): number {
    return this.count === 0 ? 0 : this.lineEnds[this.count - 1]!;
  }

  /** The offset ts would get, or undefined when it is too far from the base (seal first). */
  offsetOf(ts: bigint): number | undefined {
    if (this.count === 0) return 0;
    const d = ts - this.base;
    const off = Number(d);
    return off > MAX_OFFSET || off < -MAX_OFFSET ? undefined : off;
  }

  /** Appends one entry whose line is src[start, end). Call offsetOf first. */
  append(ts: bigint, src: Uint8Array, start: number, end: number, sm: readonly LabelPair[] | undefined): void {
    if (this.count === 0) this.base = ts;
    const i = this.count;
    if (i === this.ts.length) this.#grow();
    const prevEnd = i === 0 ? 0 : this.lineEnds[i - 1]!;
    const len = end - start;
    if (prevEnd + len > this.lines.length) {
      const doubled = Math.min(Math.max(this.lines.length * 2, 4096), this.#capacityHint);
      const next = Buffer.allocUnsafe(Math.max(doubled, Math.ceil((prevEnd + len) * 1.25)));
      this.lines.copy(next, 0, 0, prevEnd);
      this.lines = next;
    }
    if (Buffer.isBuffer(src)) src.copy(this.lines, prevEnd, start, end);
    else this.lines.set(src.subarray(start, end), prevEnd);
    const off = Number(ts - this.base);
    this.ts[i] = off;
    if (i === 0) this.minOff = this.maxOff = off;
    else if (off > this.maxOff) this.maxOff = off;
    else if (off < this.minOff) this.minOff = off;
    this.lineEnds[i] = prevEnd + len;
    this.smIds[i] = sm && sm.length > 0 ? this.#sm.id(sm) : 0;
    this.count = i + 1;
    this.#snapshot = undefined;
  }

  #grow(): void {
    const n = this.ts.length * 2;
    const ts = new Float64Array(n); ts.set(this.ts); this.ts = ts;
    const ends = new Uint32Array(n); ends.set(this.lineEnds); this.lineEnds = ends;
    const ids = new Uint32Array(n); ids.set(this.smIds); this.smIds = ids;
  }

  /** The block is no longer read by anyone (its compressed form replaced it): give its buffer back. */
  recycle(): void {
    if (this.lines.length >= this.#capacityHint && spareLines.length < SPARE_MAX) spareLines.push(this.lines);
    this.lines = Buffer.alloc(0);
    this.count = 0;
  }

  rows(): BlockRows {
    return { base: this.base, count: this.count, ts: this.ts, lines: this.lines, lineEnds: this.lineEnds, smIds: this.smIds, smTable: this.#sm.table.table() };
  }

  /** The rows sorted by ts, as a standalone DecodedBlock (cached until the next append). */
  snapshot(): DecodedBlock {
    // Encoding without compression and decoding again reuses the block code's sort and layout exactly.
    this.#snapshot ??= decodeBlock(encodeBlock(this.rows(), CODEC.none).bytes, { lines: true, sm: true });
    return this.#snapshot;
  }

  /** True when an entry with this offset, line bytes and metadata key is already in the block. */
  has(off: number, src: Uint8Array, start: number, end: number, smKey: string): boolean {
    const { ts, lineEnds } = this;
    const len = end - start;
    for (let i = 0; i < this.count; i++) {
      if (ts[i] !== off) continue;
      const s = i === 0 ? 0 : lineEnds[i - 1]!;
      if (lineEnds[i]! - s !== len) continue;
      if (Buffer.compare(this.lines.subarray(s, s + len), src.subarray(start, end)) !== 0) continue;
      const id = this.smIds[i]!;
      if (smKeyOf(id === 0 ? undefined : this.#sm.sets[id - 1]) === smKey) return true;
    }
    return false;
  }
}
