import type { LabelPair } from '@logi/protocol';
import type { DecodedBlock } from '../ingester/types.js';
import { ByteReader, FormatError } from './bytes.js';
import { decompress, decompressTransient, decompressTransientLines } from './codec.js';
import { BLOCK_HEADER_SIZE, BLOCK_OFF, BLOCK_VERSION, type BlockHeader } from './block-format.js';

const asBuffer = (u: Uint8Array): Buffer => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));

export function readBlockHeader(bytes: Uint8Array): BlockHeader {
  const b = asBuffer(bytes);
  if (b.length < BLOCK_HEADER_SIZE) throw new FormatError(`block of ${b.length} bytes is shorter than its header`);
  const version = b[BLOCK_OFF.version];
  if (version !== BLOCK_VERSION) throw new FormatError(`unsupported block version ${version}`);
  const h: BlockHeader = {
    codec: b[BLOCK_OFF.codec]!,
    entries: b.readUInt32LE(BLOCK_OFF.entries),
    minTs: b.readBigInt64LE(BLOCK_OFF.minTs),
    maxTs: b.readBigInt64LE(BLOCK_OFF.maxTs),
    rawBytes: b.readUInt32LE(BLOCK_OFF.rawBytes),
    metaLen: b.readUInt32LE(BLOCK_OFF.metaLen),
    metaRaw: b.readUInt32LE(BLOCK_OFF.metaRaw),
    linesLen: b.readUInt32LE(BLOCK_OFF.linesLen),
    smLen: b.readUInt32LE(BLOCK_OFF.smLen),
    smRaw: b.readUInt32LE(BLOCK_OFF.smRaw),
  };
  if (BLOCK_HEADER_SIZE + h.metaLen + h.linesLen + h.smLen !== b.length) {
    throw new FormatError(`block sections (${h.metaLen}+${h.linesLen}+${h.smLen}) do not fill its ${b.length} bytes`);
  }
  return h;
}

/**
 * Decodes one block. Timestamps and line ends are always decoded (cheap); the lines and the structured
 * metadata only when asked. Rows sharing the same metadata share one LabelPair[] (treat it as read-only).
 */
export function decodeBlock(bytes: Uint8Array, want: { lines: boolean; sm: boolean; transientLines?: boolean }): DecodedBlock {
  const b = asBuffer(bytes);
  const h = readBlockHeader(b);
  const n = h.entries;
  let p = BLOCK_HEADER_SIZE;
  const meta = decompressTransient(h.codec, b.subarray(p, p + h.metaLen), h.metaRaw);
  p += h.metaLen;
  // Hot loops (every query decodes them): varints read inline, one loop per half of the column.
  const ts = new Float64Array(n);
  const lineEnds = new Uint32Array(n);
  readDeltas(meta, readDeltas(meta, 0, ts), lineEnds);
  const end = n === 0 ? 0 : lineEnds[n - 1]!;
  if (end !== h.rawBytes) throw new FormatError(`block line lengths sum to ${end}, header says ${h.rawBytes}`);
  const block: DecodedBlock = { base: h.minTs, ts, lineEnds, rawBytes: h.rawBytes };
  if (want.lines) {
    const lines = b.subarray(p, p + h.linesLen);
    block.lines = want.transientLines ? decompressTransientLines(h.codec, lines, h.rawBytes) : decompress(h.codec, lines, h.rawBytes);
  }
  p += h.linesLen;
  if (want.sm) block.sm = h.smLen === 0 ? new Array<undefined>(n).fill(undefined) : decodeSm(decompressTransient(h.codec, b.subarray(p, p + h.smLen), h.smRaw), n);
  return block;
}

/**
 * Reads out.length varints from `m` at `q` as running sums into `out`; returns the position after them. The
 * running sum stays exact: timestamps are offsets below 2^53 and line ends below 2^32.
 */
function readDeltas(m: Buffer, q: number, out: Float64Array | Uint32Array): number {
  const mEnd = m.length;
  const n = out.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (q >= mEnd) throw new FormatError('block metadata is cut short');
    let v = m[q++]!;
    if (v >= 0x80) {
      v &= 0x7f;
      let mul = 128;
      for (;;) {
        if (q >= mEnd) throw new FormatError('block metadata is cut short');
        const byte = m[q++]!;
        v += (byte & 0x7f) * mul;
        if (byte < 0x80) break;
        mul *= 128;
      }
    }
    sum += v;
    out[i] = sum;
  }
  return q;
}

function decodeSm(raw: Buffer, n: number): (LabelPair[] | undefined)[] {
  const r = new ByteReader(raw);
  const sets: LabelPair[][] = [];
  const nSets = r.varint();
  for (let s = 0; s < nSets; s++) {
    const pairs: LabelPair[] = [];
    const np = r.varint();
    for (let k = 0; k < np; k++) pairs.push([r.str(), r.str()]);
    sets.push(pairs);
  }
  const out = new Array<LabelPair[] | undefined>(n);
  const end = raw.length;
  for (let i = 0; i < n; i++) {
    // set numbers are almost always one byte: read those inline
    const first = r.pos < end ? raw[r.pos]! : 0x80;
    let id: number;
    if (first < 0x80) {
      id = first;
      r.pos++;
    } else id = r.varint();
    if (id > nSets) throw new FormatError(`structured metadata set ${id} of ${nSets}`);
    out[i] = id === 0 ? undefined : sets[id - 1];
  }
  return out;
}
