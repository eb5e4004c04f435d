// Finds an identical entry (same ts, line bytes and structured metadata) already in a stream's memory: WAL
// records not durable yet, the open block, sealed head blocks, chunks being persisted. Stored chunks are
// not read on the push path (as in Loki, whose ingester dedups against memory only); a copy of a stored
// entry is dropped when queries merge the stream's sources (chunk/merge.ts). Only entries not newer than
// the stream's newest get here, so the decoding below is off the in-order fast path.
import type { DecodedBlock } from './types.js';
import { decodeBlock } from '../chunk/block-decode.js';
import { smKeyOf } from './sm-interner.js';
import type { SealedBlock, Stream } from './stream.js';

// Blocks decoded for dedup, most recent last: a few suffice for retries near a stream's end, and a bound
// keeps an out-of-order-heavy stream from pinning a decoded copy of every block it has.
const decoded = new Map<Uint8Array, DecodedBlock[]>();
const DECODED_MAX = 8;

function cached(key: Uint8Array, decode: () => DecodedBlock[]): DecodedBlock[] {
  let blocks = decoded.get(key);
  if (blocks) decoded.delete(key);
  else blocks = decode();
  decoded.set(key, blocks);
  if (decoded.size > DECODED_MAX) decoded.delete(decoded.keys().next().value!);
  return blocks;
}

/** Drops the decoded copies (the ingester calls it when idle). */
export function clearDedupCache(): void {
  decoded.clear();
}

function inBlock(b: DecodedBlock, ts: bigint, src: Uint8Array, start: number, end: number, smKey: string): boolean {
  const d = ts - b.base;
  if (d < 0n) return false;
  const off = Number(d);
  const t = b.ts;
  let lo = 0, hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid]! < off) lo = mid + 1; else hi = mid;
  }
  const ends = b.lineEnds!;
  const line = src.subarray(start, end);
  for (let i = lo; i < t.length && t[i] === off; i++) {
    const s = i === 0 ? 0 : ends[i - 1]!;
    if (ends[i]! - s !== end - start) continue;
    if (Buffer.compare(b.lines!.subarray(s, ends[i]!), line) !== 0) continue;
    if (smKeyOf(b.sm?.[i]) === smKey) return true;
  }
  return false;
}

function inSealed(blocks: readonly SealedBlock[], ts: bigint, src: Uint8Array, start: number, end: number, smKey: string): boolean {
  for (const b of blocks) {
    if (ts < b.minTs || ts > b.maxTs) continue;
    if (b.raw) {
      const off = b.raw.offsetOf(ts);
      if (off !== undefined && b.raw.has(off, src, start, end, smKey)) return true;
      continue;
    }
    const bytes = b.encoded!.bytes;
    const [d] = cached(bytes, () => [decodeBlock(bytes, { lines: true, sm: true })]);
    if (inBlock(d!, ts, src, start, end, smKey)) return true;
  }
  return false;
}

export function isDuplicate(stream: Stream, ts: bigint, src: Uint8Array, start: number, end: number, smKey: string): boolean {
  for (const p of stream.pending) if (p.has(ts, src, start, end, smKey)) return true;
  const off = stream.open.count > 0 ? stream.open.offsetOf(ts) : undefined;
  if (off !== undefined && stream.open.has(off, src, start, end, smKey)) return true;
  if (inSealed(stream.sealed, ts, src, start, end, smKey)) return true;
  for (const c of stream.flushing) {
    if (ts >= c.minTs && ts <= c.maxTs && inSealed(c.blocks, ts, src, start, end, smKey)) return true;
  }
  return false;
}
