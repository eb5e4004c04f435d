// Start-up: the store has loaded the label index; the WAL is replayed on top. Replay appends exactly the
// entries that were accepted (records hold only those, in acceptance order) and skips, by the per-stream
// entry counter, whatever stored chunks already hold; nothing is re-checked, so a restart restores exactly
// the acknowledged state.
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { listSegments, readSegment, UnreadableSegmentError, type ByteRange, type SegmentContents } from './wal-read.js';
import { segmentName } from './wal-writer.js';
import { visitEntriesRecord, type EntriesVisitor } from './wal-format.js';

export interface ReplayVisitor extends EntriesVisitor {
  /** The records that follow come from segment n. */
  segment(n: number): void;
}

/** Replays every WAL segment in order into `v`; returns the segments kept (number -> bytes). */
export async function replayWal(walDir: string, v: ReplayVisitor, warn: (msg: string) => void): Promise<Map<number, number>> {
  await mkdir(walDir, { recursive: true });
  const kept = new Map<number, number>();
  const segments = await listSegments(walDir);
  for (const n of segments) {
    const path = join(walDir, segmentName(n));
    let seg: SegmentContents;
    try {
      seg = await readSegment(path);
    } catch (e) {
      if (!(e instanceof UnreadableSegmentError)) throw e;
      // Kept aside for whoever can read it; its number stays taken so no new segment reuses it.
      await rename(path, `${path}.unreadable`);
      warn(`WAL segment ${path}: ${e.message}: not replayed, moved to ${path}.unreadable; the other segments are replayed`);
      kept.set(n, 0);
      continue;
    }
    reportDamage(path, seg, warn);
    v.segment(n);
    for (const p of seg.payloads) visitEntriesRecord(p, v);
    kept.set(n, seg.size);
  }
  return kept;
}

const recordsText = (r: ByteRange): string => (r.records === undefined ? 'at least 1 record' : `${r.records} record${r.records === 1 ? '' : 's'}`);

function reportDamage(path: string, seg: SegmentContents, warn: (msg: string) => void): void {
  if (seg.badMagic) warn(`WAL segment ${path}: bad magic in its header; its records were read anyway`);
  for (const d of seg.damaged) {
    warn(`WAL segment ${path}: ${d.bytes} damaged bytes at offset ${d.offset} skipped (${recordsText(d)} lost); replay resumed at offset ${d.offset + d.bytes}`);
  }
  const t = seg.tail;
  if (!t) return;
  if (t.records === undefined) {
    warn(`WAL segment ${path}: ${t.bytes} bytes at offset ${t.offset} after its last record cut off: a write cut short (never acknowledged)`);
  } else {
    warn(`WAL segment ${path}: ${t.bytes} damaged bytes at offset ${t.offset} at its end cut off (${recordsText(t)} lost)`);
  }
}
