// One stream's in-memory state: the head (sealed compressed blocks + one open block), chunks cut from it
// that are being persisted, and the counters that drive out-of-order checks and WAL replay.
import type { LabelPair } from '@logi/protocol';
import type { ChunkSource, IndexStats, MemoryStream } from './types.js';
import type { Series } from '../index/tenant-index.js';
import type { EncodedBlock } from '../chunk/block-encode.js';
import { OpenBlock } from './open-block.js';
import type { PendingSection } from './pending.js';
import type { Sealer } from './sealer.js';

/** A sealed block: compressed off-thread; until then its rows stay readable as they were. */
export interface SealedBlock {
  encoded: EncodedBlock | undefined;
  /** The rows while compression runs (queries and dedup read them); dropped once encoded. */
  raw: OpenBlock | undefined;
  done: Promise<EncodedBlock>;
  readonly minTs: bigint;
  readonly maxTs: bigint;
  readonly entries: number;
  readonly rawBytes: number;
}

/** A head cut into a chunk, waiting to be written to storage and the index. */
export interface CutChunk {
  readonly stream: Stream;
  readonly blocks: SealedBlock[];
  readonly minTs: bigint;
  readonly maxTs: bigint;
  readonly entries: number;
  readonly rawBytes: number;
  /** The stream's entry counter after the chunk's last entry. */
  readonly lastCt: number;
  /** Oldest WAL segment holding any of its entries (pins the segment until the chunk is persisted). */
  readonly walSegment: number;
}

export interface StreamLimits { blockSize: number; chunkTargetSize: number; maxChunkAgeNs: bigint; sealer: Sealer }

// Compressed/raw size guess for blocks still being compressed (corrected as results arrive).
const FIRST_RATIO_GUESS = 0.12;

const minBig = (a: bigint | undefined, b: bigint): bigint => (a === undefined || b < a ? b : a);
const maxBig = (a: bigint | undefined, b: bigint): bigint => (a === undefined || b > a ? b : a);

export class Stream implements MemoryStream {
  readonly tenant: string;
  readonly series: Series;
  open: OpenBlock;
  sealed: SealedBlock[] = [];
  sealedBytes = 0;
  headEntries = 0;
  headRaw = 0;
  headMinTs: bigint | undefined;
  headMaxTs: bigint | undefined;
  headWalSegment = 0;
  flushing: CutChunk[] = [];
  /** Newest ts ever accepted (stored or in memory): the out-of-order window hangs from it. */
  highestTs: bigint | undefined;
  /** Entries in the stream (durable); WAL records carry the counter so replay skips what chunks already hold. */
  entryCt: number;
  /** Entries accepted into WAL records not durable yet, oldest first: applied by applyPending, or dropped. */
  pending: PendingSection[] = [];
  /** Newest ts among the pending entries (undefined when none is newer than highestTs). */
  pendingMaxTs: bigint | undefined;
  lastAppendMs = 0;
  /** Counted against the tenant's active-stream limit. */
  active = false;
  /** Last WAL segment whose records declared this stream's labels (each segment declares its own). */
  walDeclared = -1;
  #limits: StreamLimits;
  #ratio = FIRST_RATIO_GUESS;

  constructor(tenant: string, series: Series, limits: StreamLimits) {
    this.tenant = tenant;
    this.series = series;
    this.#limits = limits;
    this.open = new OpenBlock(limits.blockSize + (limits.blockSize >> 2));
    this.highestTs = series.storedMaxTs;
    this.entryCt = series.storedCt;
  }

  /** The entry counter after every accepted entry, durable or pending: the next WAL section starts here. */
  get walCt(): number {
    const last = this.pending.at(-1);
    return last ? last.firstCt + last.count : this.entryCt;
  }

  /** Newest ts accepted, durable or pending: out-of-order checks hang from it. */
  get newestTs(): bigint | undefined {
    const p = this.pendingMaxTs;
    return p !== undefined && (this.highestTs === undefined || p > this.highestTs) ? p : this.highestTs;
  }

  /** Its record is durable: appends the oldest pending section's entries, calling `full` whenever the head should be cut. */
  applyPending(nowMs: number, full: () => void): void {
    const sec = this.pending.shift();
    if (!sec) throw new Error('BUG: no pending section to apply');
    sec.forEach((ts, src, start, end, sm) => {
      if (this.append(ts, src, start, end, sm, sec.walSegment, nowMs)) full();
    });
    if (this.pending.length === 0) this.pendingMaxTs = undefined;
  }

  /** Their record failed: forgets every pending entry. */
  dropPending(): void {
    this.pending = [];
    this.pendingMaxTs = undefined;
  }

  get id(): number { return this.series.id; }
  get labels(): LabelPair[] { return this.series.labels; }

  /**
   * Appends an accepted entry (line = src[start, end)). Returns true when the head should be cut now
   * (target size reached, or its time span exceeds max_chunk_age).
   */
  append(ts: bigint, src: Uint8Array, start: number, end: number, sm: readonly LabelPair[] | undefined, walSegment: number, nowMs: number): boolean {
    if (this.headEntries === 0) this.headWalSegment = walSegment;
    if (this.open.offsetOf(ts) === undefined) this.seal();
    this.open.append(ts, src, start, end, sm);
    this.headEntries++;
    this.headRaw += end - start;
    if (this.headMaxTs === undefined || ts > this.headMaxTs) {
      // In-order fast path: one comparison instead of three.
      if (this.headMinTs === undefined) this.headMinTs = ts;
      this.headMaxTs = ts;
      if (this.highestTs === undefined || ts > this.highestTs) this.highestTs = ts;
    } else {
      this.headMinTs = minBig(this.headMinTs, ts);
    }
    this.entryCt++;
    this.lastAppendMs = nowMs;
    if (this.open.rawBytes >= this.#limits.blockSize) {
      this.seal();
      if (this.headMaxTs - this.headMinTs > this.#limits.maxChunkAgeNs) return true;
    }
    return this.sealedBytes + this.open.rawBytes >= this.#limits.chunkTargetSize;
  }

  /** Hands the open block to the sealer (compression off this thread) and starts a new one. */
  seal(): void {
    const raw = this.open;
    if (raw.count === 0) return;
    this.open = new OpenBlock(this.#limits.blockSize + (this.#limits.blockSize >> 2), raw.count);
    const estimate = Math.ceil(raw.rawBytes * this.#ratio);
    const sb: SealedBlock = {
      encoded: undefined, raw, done: undefined as unknown as Promise<EncodedBlock>,
      minTs: raw.base + BigInt(raw.minOff), maxTs: raw.base + BigInt(raw.maxOff), entries: raw.count, rawBytes: raw.rawBytes,
    };
    const list = this.sealed;
    sb.done = this.#limits.sealer.seal(raw.rows()).then((enc) => {
      sb.encoded = enc;
      sb.raw = undefined;
      raw.recycle();
      this.#ratio = this.#ratio * 0.75 + (enc.bytes.length / Math.max(1, enc.rawBytes)) * 0.25;
      // Still in the head (not cut meanwhile): replace the guess by the real size.
      if (list === this.sealed) this.sealedBytes += enc.bytes.length - estimate;
      return enc;
    });
    sb.done.catch(() => undefined); // awaited (and reported) by the flush loop
    list.push(sb);
    this.sealedBytes += estimate;
  }

  /** Cuts the whole head into a chunk (kept in `flushing` until persisted); undefined when empty. */
  cut(): CutChunk | undefined {
    if (this.headEntries === 0) return undefined;
    this.seal();
    const c: CutChunk = {
      stream: this, blocks: this.sealed, minTs: this.headMinTs!, maxTs: this.headMaxTs!, entries: this.headEntries,
      rawBytes: this.headRaw, lastCt: this.entryCt, walSegment: this.headWalSegment,
    };
    this.flushing.push(c);
    this.sealed = [];
    this.sealedBytes = 0;
    this.headEntries = 0;
    this.headRaw = 0;
    this.headMinTs = this.headMaxTs = undefined;
    return c;
  }

  /** Drops a chunk from `flushing` once the index points at its stored copy. */
  persisted(c: CutChunk): void {
    const i = this.flushing.indexOf(c);
    if (i >= 0) this.flushing.splice(i, 1);
  }

  /** Oldest WAL segment this stream still needs (undefined: none). */
  walPin(): number | undefined {
    let pin = this.headEntries > 0 ? this.headWalSegment : undefined;
    for (const c of this.flushing) if (pin === undefined || c.walSegment < pin) pin = c.walSegment;
    return pin;
  }

  /** True when the stream holds data in [from, to] in memory. */
  memoryOverlaps(fromNs: bigint, toNs: bigint): boolean {
    if (this.headEntries > 0 && this.headMinTs! <= toNs && this.headMaxTs! >= fromNs) return true;
    return this.flushing.some((c) => c.minTs <= toNs && c.maxTs >= fromNs);
  }

  addMemoryStats(fromNs: bigint, toNs: bigint, stats: IndexStats): void {
    for (const c of this.flushing) {
      if (c.minTs > toNs || c.maxTs < fromNs) continue;
      stats.chunks++;
      stats.entries += c.entries;
      stats.bytes += c.rawBytes;
    }
    if (this.headEntries > 0 && this.headMinTs! <= toNs && this.headMaxTs! >= fromNs) {
      stats.chunks++;
      stats.entries += this.headEntries;
      stats.bytes += this.headRaw;
    }
  }

  /** In-memory data overlapping [from, to] as sources: cut chunks and sealed blocks encoded, the open block decoded. */
  memorySources(fromNs: bigint, toNs: bigint): ChunkSource[] {
    const out: ChunkSource[] = [];
    const raw = (b: OpenBlock): void => {
      const block = b.snapshot();
      const minTs = block.base;
      const maxTs = block.base + BigInt(block.ts[block.ts.length - 1]!);
      if (minTs <= toNs && maxTs >= fromNs) out.push({ kind: 'memory', block, minTs, maxTs, entries: block.ts.length, rawBytes: block.rawBytes });
    };
    const sealed = (blocks: readonly SealedBlock[]): void => {
      const done: EncodedBlock[] = [];
      for (const b of blocks) {
        if (b.minTs > toNs || b.maxTs < fromNs) continue;
        if (b.encoded) done.push(b.encoded);
        else if (b.raw) raw(b.raw);
      }
      if (done.length === 0) return;
      let minTs = done[0]!.minTs, maxTs = done[0]!.maxTs, entries = 0, rawBytes = 0;
      for (const b of done) {
        minTs = minBig(minTs, b.minTs);
        maxTs = maxBig(maxTs, b.maxTs);
        entries += b.entries;
        rawBytes += b.rawBytes;
      }
      out.push({ kind: 'encoded', blocks: done.map((b) => b.bytes), minTs, maxTs, entries, rawBytes });
    };
    for (const c of this.flushing) sealed(c.blocks);
    sealed(this.sealed);
    if (this.open.count > 0) raw(this.open);
    return out;
  }
}
