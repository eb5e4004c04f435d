// Reading WAL segments at start. Damage in the middle of a segment (a record failing its CRC, a bad header
// magic) does not end it: reading resumes at the next valid record and the damaged range is reported. Bytes
// after the last valid record are cut off the file: a frame cut short there is a torn write (never
// acknowledged, since acknowledgement waits for its fsync), whole frames failing their CRC are damage.
import { readdir, readFile, truncate } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { FRAME_HEADER_SIZE, WAL_HEADER_SIZE, WAL_MAGIC, WAL_RECORD, WAL_VERSION } from './wal-format.js';

const SEGMENT_RE = /^(\d{8,})\.wal$/;

/** Segment numbers in the directory, ascending. */
export async function listSegments(dir: string): Promise<number[]> {
  const out: number[] = [];
  for (const name of await readdir(dir)) {
    const m = SEGMENT_RE.exec(name);
    if (m) out.push(Number(m[1]));
  }
  return out.sort((a, b) => a - b);
}

/** Bytes that hold no readable record; `records`: how many whole frames they span, undefined when not whole frames. */
export interface ByteRange { offset: number; bytes: number; records: number | undefined }

export interface SegmentContents {
  /** Record payloads (views into the file's bytes), in order. */
  payloads: Buffer[];
  /** The header's magic is wrong (records were read anyway). */
  badMagic: boolean;
  /** Damaged ranges skipped between valid records. */
  damaged: ByteRange[];
  /** What followed the last valid record, cut off the file (undefined: nothing). */
  tail: ByteRange | undefined;
  size: number;
}

/** A segment this build cannot read (another format version): nothing of it is replayed. */
export class UnreadableSegmentError extends Error {
  override name = 'UnreadableSegmentError';
}

export async function readSegment(path: string): Promise<SegmentContents> {
  const data = await readFile(path);
  const hasHeader = data.length >= WAL_HEADER_SIZE;
  const badMagic = hasHeader && data.readUInt32LE(0) !== WAL_MAGIC;
  if (hasHeader && !badMagic && data[4] !== WAL_VERSION) {
    throw new UnreadableSegmentError(`unsupported WAL version ${data[4]} (this build reads version ${WAL_VERSION})`);
  }
  const payloads: Buffer[] = [];
  const damaged: ByteRange[] = [];
  // A file shorter than its header was cut short while being created: all of it is a torn tail.
  let pos = hasHeader ? WAL_HEADER_SIZE : 0;
  while (hasHeader && pos < data.length) {
    const end = recordEnd(data, pos);
    if (end > 0) {
      payloads.push(data.subarray(pos + FRAME_HEADER_SIZE, end));
      pos = end;
      continue;
    }
    const next = nextRecord(data, pos + 1);
    if (next < 0) break;
    damaged.push({ offset: pos, bytes: next - pos, records: wholeFrames(data, pos, next) });
    pos = next;
  }
  let tail: ByteRange | undefined;
  if (pos < data.length) {
    tail = { offset: pos, bytes: data.length - pos, records: wholeFrames(data, pos, data.length) };
    await truncate(path, pos);
  }
  return { payloads, badMagic, damaged, tail, size: pos };
}

/** Where the record at `at` ends, or -1 when there is no valid record there. */
function recordEnd(data: Buffer, at: number): number {
  if (at + FRAME_HEADER_SIZE > data.length) return -1;
  const len = data.readUInt32LE(at);
  const end = at + FRAME_HEADER_SIZE + len;
  // The writer never writes an empty payload (and zeroed bytes would pass the CRC of one).
  if (len === 0 || end > data.length) return -1;
  return crc32(data.subarray(at + FRAME_HEADER_SIZE, end)) === data.readUInt32LE(at + 4) ? end : -1;
}

/** The offset of the first valid record at or after `from`, or -1. */
function nextRecord(data: Buffer, from: number): number {
  for (let p = from; p + FRAME_HEADER_SIZE < data.length; p++) {
    // Every record this version writes starts with its type: a cheap filter before the CRC.
    if (data[p + FRAME_HEADER_SIZE] === WAL_RECORD.entries && recordEnd(data, p) > 0) return p;
  }
  return -1;
}

/** How many frames, by their length fields, exactly fill [from, to); undefined when they do not. */
function wholeFrames(data: Buffer, from: number, to: number): number | undefined {
  let n = 0;
  for (let p = from; p < to; n++) {
    if (p + FRAME_HEADER_SIZE > to) return undefined;
    const len = data.readUInt32LE(p);
    if (len === 0) return undefined;
    p += FRAME_HEADER_SIZE + len;
    if (p > to) return undefined;
  }
  return n;
}
