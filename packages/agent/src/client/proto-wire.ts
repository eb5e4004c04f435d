import type { LabelPair } from '@logi/protocol';

// Loki's push messages (pkg/push/push.proto) written field by field, so entries go straight from the
// pipeline into bytes instead of living on as objects until their batch is sent:
//   PushRequest  { repeated StreamAdapter streams = 1 }
//   StreamAdapter{ string labels = 1; repeated EntryAdapter entries = 2 }
//   EntryAdapter { Timestamp timestamp = 1; string line = 2; repeated LabelPairAdapter structuredMetadata = 3 }
//   Timestamp    { int64 seconds = 1; int32 nanos = 2 }
//   LabelPairAdapter { string name = 1; string value = 2 }
const TAG_STREAMS = 0x0a; // field 1, length-delimited
const TAG_LABELS = 0x0a;
const TAG_ENTRY = 0x12; // field 2, length-delimited
const TAG_TIMESTAMP = 0x0a;
const TAG_LINE = 0x12;
const TAG_SM = 0x1a;
const TAG_SECONDS = 0x08; // field 1, varint
const TAG_NANOS = 0x10; // field 2, varint
const TAG_NAME = 0x0a;
const TAG_VALUE = 0x12;
const NS_PER_SECOND = 1_000_000_000n;

/** Bytes of an unsigned varint below 2^53. */
export function varintSize(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Writes an unsigned varint below 2^53 at `pos`; returns the position after it. */
export function writeVarint(buf: Buffer, pos: number, v: number): number {
  while (v >= 128) {
    buf[pos++] = (v & 127) | 128;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}

/** Writes a length-delimited string field; `room` must hold 1 + 5 + 3 * s.length bytes. */
function writeString(buf: Buffer, pos: number, tag: number, s: string): number {
  buf[pos] = tag;
  const reserved = varintSize(s.length); // UTF-8 is never shorter than UTF-16 code units
  const n = buf.write(s, pos + 1 + reserved);
  const size = varintSize(n);
  if (size !== reserved) buf.copyWithin(pos + 1 + size, pos + 1 + reserved, pos + 1 + reserved + n);
  writeVarint(buf, pos + 1, n);
  return pos + 1 + size + n;
}

// The second of the last timestamp written: consecutive entries mostly fall in the same one, and then
// only one bigint subtraction is needed instead of a division, a multiplication and a subtraction.
let secondStart = 0n;
let secondEnd = 0n;
let second = 0;

/** Writes a Timestamp message body (zero fields omitted, as Go does); negative seconds take ten bytes. */
function writeTimestamp(buf: Buffer, pos: number, ts: bigint): number {
  if (ts < secondStart || ts >= secondEnd || ts < 0n) {
    let secs = ts / NS_PER_SECOND;
    if (secs * NS_PER_SECOND > ts) secs -= 1n; // floor, for times before 1970
    if (secs < 0n) return writeNegativeTimestamp(buf, pos, secs, ts - secs * NS_PER_SECOND);
    secondStart = secs * NS_PER_SECOND;
    secondEnd = secondStart + NS_PER_SECOND;
    second = Number(secs);
  }
  const nanos = Number(ts - secondStart);
  if (second !== 0) {
    buf[pos++] = TAG_SECONDS;
    pos = writeVarint(buf, pos, second);
  }
  if (nanos !== 0) {
    buf[pos++] = TAG_NANOS;
    pos = writeVarint(buf, pos, nanos);
  }
  return pos;
}

/** Seconds before 1970 are a ten-byte two's complement varint. */
function writeNegativeTimestamp(buf: Buffer, pos: number, secs: bigint, nanos: bigint): number {
  buf[pos++] = TAG_SECONDS;
  let u = BigInt.asUintN(64, secs);
  for (; u >= 128n; u >>= 7n) buf[pos++] = Number(u & 127n) | 128;
  buf[pos++] = Number(u);
  if (nanos !== 0n) {
    buf[pos++] = TAG_NANOS;
    pos = writeVarint(buf, pos, Number(nanos));
  }
  return pos;
}

/** The most bytes `writeEntry` may write for this line and metadata. */
export function entryRoom(line: string, sm: readonly LabelPair[] | undefined): number {
  let n = 40 + 3 * line.length; // tags, lengths and timestamp fit in 40
  if (sm) for (const [name, value] of sm) n += 16 + 3 * (name.length + value.length);
  return n;
}

/**
 * Writes one StreamAdapter.entries field (tag, length, EntryAdapter) at `pos`, where `entryRoom`
 * bytes are free; returns the position after it.
 */
export function writeEntry(buf: Buffer, pos: number, ts: bigint, line: string, sm: readonly LabelPair[] | undefined): number {
  buf[pos] = TAG_ENTRY;
  // The length slot is sized for an ASCII line and a short timestamp; when that is wrong the body moves (rare).
  const reserved = varintSize(line.length + 16);
  const body = pos + 1 + reserved;
  buf[body] = TAG_TIMESTAMP;
  const tsEnd = writeTimestamp(buf, body + 2, ts);
  buf[body + 1] = tsEnd - body - 2;
  let end = writeString(buf, tsEnd, TAG_LINE, line);
  if (sm) for (const [name, value] of sm) end = writePair(buf, end, name, value);
  const len = end - body;
  const size = varintSize(len);
  if (size !== reserved) buf.copyWithin(pos + 1 + size, body, end);
  writeVarint(buf, pos + 1, len);
  return pos + 1 + size + len;
}

/** Writes one structuredMetadata field (a LabelPairAdapter). */
function writePair(buf: Buffer, pos: number, name: string, value: string): number {
  buf[pos] = TAG_SM;
  const end = writeString(buf, writeString(buf, pos + 2, TAG_NAME, name), TAG_VALUE, value);
  const len = end - pos - 2;
  const size = varintSize(len);
  if (size !== 1) buf.copyWithin(pos + 1 + size, pos + 2, end);
  writeVarint(buf, pos + 1, len);
  return pos + 1 + size + len;
}

/** Bytes of a StreamAdapter field whose entries take `entryBytes`. */
export function streamSize(labelBytes: number, entryBytes: number): number {
  const body = 1 + varintSize(labelBytes) + labelBytes + entryBytes;
  return 1 + varintSize(body) + body;
}

/** Writes a StreamAdapter field's tag, length and labels; its entry fields follow. Returns the position after the labels. */
export function writeStreamHead(buf: Buffer, pos: number, labels: string, labelBytes: number, entryBytes: number): number {
  buf[pos] = TAG_STREAMS;
  pos = writeVarint(buf, pos + 1, 1 + varintSize(labelBytes) + labelBytes + entryBytes);
  buf[pos] = TAG_LABELS;
  pos = writeVarint(buf, pos + 1, labelBytes);
  return pos + buf.write(labels, pos);
}
