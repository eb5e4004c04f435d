// Reading WAL segments at start. A record cut short by a crash (short, or failing its CRC) ends the
// segment: it was never acknowledged, since acknowledgement waits for its fsync.
import { readdir, readFile, truncate } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { FRAME_HEADER_SIZE, WAL_HEADER_SIZE, WAL_MAGIC, WAL_VERSION } from './wal-format.js';

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

export interface SegmentContents {
  /** Record payloads (views into the file's bytes), in order. */
  payloads: Buffer[];
  /** Bytes after the last good record (a torn tail), cut off the file. */
  tornBytes: number;
  size: number;
}

export async function readSegment(path: string): Promise<SegmentContents> {
  const data = await readFile(path);
  const payloads: Buffer[] = [];
  let good = 0;
  if (data.length >= WAL_HEADER_SIZE && data.readUInt32LE(0) === WAL_MAGIC) {
    if (data[4] !== WAL_VERSION) throw new Error(`${path}: unsupported WAL version ${data[4]}`);
    good = WAL_HEADER_SIZE;
    while (good + FRAME_HEADER_SIZE <= data.length) {
      const len = data.readUInt32LE(good);
      const end = good + FRAME_HEADER_SIZE + len;
      if (end > data.length) break;
      const payload = data.subarray(good + FRAME_HEADER_SIZE, end);
      if (crc32(payload) !== data.readUInt32LE(good + 4)) break;
      payloads.push(payload);
      good = end;
    }
  }
  const tornBytes = data.length - good;
  if (tornBytes > 0) await truncate(path, good);
  return { payloads, tornBytes, size: good };
}
