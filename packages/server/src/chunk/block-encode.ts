import type { LabelPair } from '@logi/protocol';
import { ByteWriter } from './bytes.js';
import { CODEC, compress, type Codec } from './codec.js';
import { BLOCK_HEADER_SIZE, BLOCK_OFF, BLOCK_VERSION } from './block-format.js';

/**
 * Rows to encode, columnar, in any order. Row i: timestamp base + ts[i] (an exact integer offset), line
 * lines[lineStart(i) .. lineEnds[i]) where lineStart is the previous row's end, structured metadata set
 * smIds[i] (1-based, 0 = none) of smTable. Only the first `count` slots of each array are used.
 */
export interface BlockRows {
  base: bigint;
  count: number;
  ts: Float64Array;
  lines: Buffer;
  lineEnds: Uint32Array;
  smIds?: Uint32Array;
  /** The sets rows refer to, already encoded (SmTableWriter), each used by at least one row. */
  smTable?: { count: number; bytes: Uint8Array };
}

/**
 * Builds the set table of a block's metadata column as sets are first met: kept as bytes, so handing rows
 * to another thread copies one buffer instead of cloning thousands of small arrays.
 */
export class SmTableWriter {
  readonly w = new ByteWriter(256);
  count = 0;

  add(set: readonly LabelPair[]): number {
    this.w.varint(set.length);
    for (const [n, v] of set) { this.w.str(n); this.w.str(v); }
    return ++this.count;
  }

  table(): { count: number; bytes: Uint8Array } {
    return { count: this.count, bytes: this.w.buf.subarray(0, this.w.pos) };
  }
}

export interface EncodedBlock {
  bytes: Uint8Array;
  minTs: bigint;
  maxTs: bigint;
  entries: number;
  rawBytes: number;
}

/** Row order by (ts, arrival); null when the rows are already in order (the common case). */
function sortOrder(rows: BlockRows): Uint32Array | null {
  const { ts, count } = rows;
  let sorted = true;
  for (let i = 1; i < count; i++) {
    if (ts[i]! < ts[i - 1]!) { sorted = false; break; }
  }
  if (sorted) return null;
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  // Typed-array sort is not guaranteed stable: break ties by arrival index explicitly.
  order.sort((a, b) => ts[a]! - ts[b]! || a - b);
  return order;
}

/** Encodes rows as one block: sorted by ts, columns compressed separately (see README.md). */
export function encodeBlock(rows: BlockRows, codec: Codec = CODEC.zstd): EncodedBlock {
  const { count, ts, lineEnds } = rows;
  if (count === 0) throw new Error('BUG: encodeBlock of an empty block');
  const order = sortOrder(rows);
  const at = (k: number): number => (order ? order[k]! : k);
  const start = (i: number): number => (i === 0 ? 0 : lineEnds[i - 1]!);
  const rawBytes = lineEnds[count - 1]!;

  // Lines in sorted order: the input buffer itself when already sorted.
  let lines = rows.lines.subarray(0, rawBytes);
  if (order) {
    lines = Buffer.allocUnsafe(rawBytes);
    let p = 0;
    for (let k = 0; k < count; k++) {
      const i = at(k);
      p += rows.lines.copy(lines, p, start(i), lineEnds[i]!);
    }
  }

  // meta: ts deltas (ascending, so >= 0), then line lengths; both varints.
  const first = ts[at(0)]!;
  const meta = new ByteWriter(count * 6 + 16);
  let prev = first;
  for (let k = 0; k < count; k++) {
    const v = ts[at(k)]!;
    meta.varint(v - prev);
    prev = v;
  }
  for (let k = 0; k < count; k++) {
    const i = at(k);
    meta.varint(lineEnds[i]! - start(i));
  }

  // sm: the set table, then one varint set id per row (in row order).
  let smRaw: Buffer | undefined;
  const { smIds, smTable } = rows;
  if (smIds && smTable && smTable.count > 0) {
    const w = new ByteWriter(smTable.bytes.length + count * 2 + 8);
    w.varint(smTable.count);
    w.bytes(smTable.bytes);
    for (let k = 0; k < count; k++) w.varint(smIds[at(k)]!);
    smRaw = w.buf.subarray(0, w.pos);
  }

  const metaRaw = meta.buf.subarray(0, meta.pos);
  const metaC = compress(codec, metaRaw);
  const linesC = compress(codec, lines);
  const smC = smRaw ? compress(codec, smRaw) : new Uint8Array(0);
  const minTs = rows.base + BigInt(first);
  const maxTs = rows.base + BigInt(ts[at(count - 1)]!);

  const total = BLOCK_HEADER_SIZE + metaC.length + linesC.length + smC.length;
  const out = Buffer.from(new ArrayBuffer(total));
  out[BLOCK_OFF.version] = BLOCK_VERSION;
  out[BLOCK_OFF.codec] = codec;
  out.writeUInt16LE(0, BLOCK_OFF.flags);
  out.writeUInt32LE(count, BLOCK_OFF.entries);
  out.writeBigInt64LE(minTs, BLOCK_OFF.minTs);
  out.writeBigInt64LE(maxTs, BLOCK_OFF.maxTs);
  out.writeUInt32LE(rawBytes, BLOCK_OFF.rawBytes);
  out.writeUInt32LE(metaC.length, BLOCK_OFF.metaLen);
  out.writeUInt32LE(metaRaw.length, BLOCK_OFF.metaRaw);
  out.writeUInt32LE(linesC.length, BLOCK_OFF.linesLen);
  out.writeUInt32LE(smC.length, BLOCK_OFF.smLen);
  out.writeUInt32LE(smRaw ? smRaw.length : 0, BLOCK_OFF.smRaw);
  let p = BLOCK_HEADER_SIZE;
  out.set(metaC, p); p += metaC.length;
  out.set(linesC, p); p += linesC.length;
  out.set(smC, p);
  return { bytes: out, minTs, maxTs, entries: count, rawBytes };
}
