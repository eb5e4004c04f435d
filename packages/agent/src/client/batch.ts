import type { LabelPair } from '@logi/protocol';
import snappy from 'snappy';
import type { Ack } from '../pipeline/entry.js';
import { entryRoom, streamSize, writeEntry, writeStreamHead } from './proto-wire.js';

/** A push request body and what it carries. */
export interface BatchBody {
  readonly body: Buffer;
  readonly entries: number;
  /** Line bytes (the batch_size measure). */
  readonly bytes: number;
}

/** A batch ready to go out: the request body and the acks to release once it is answered. */
export interface SealedBatch extends BatchBody {
  /** Acknowledges every entry (sent, or dropped on purpose). */
  settle(): void;
}

/** One stream's entries in a batch: [start, end) spans of the batch's buffer, in arrival order. */
interface StreamPart {
  readonly labels: string;
  readonly spans: number[];
  bytes: number;
}

const POOLED_ARENA_MAX_BYTES = 8 * 1024 * 1024;
/** Entries start this far into a batch's buffer, so a batch of one stream gets its stream head written in front, not copied. */
const HEAD_ROOM = 1024;
// Buffers are reused, so a steady flow of batches allocates nothing new: one collects entries while
// another takes the request body as a batch is sealed.
const arenas: Buffer[] = [];

/** A spare buffer of at least `bytes`. */
function takeArena(bytes: number): Buffer {
  const buf = arenas.pop();
  return buf && buf.length >= bytes ? buf : Buffer.allocUnsafe(Math.max(bytes, buf?.length ?? 0));
}

function giveArena(buf: Buffer): void {
  if (buf.length <= POOLED_ARENA_MAX_BYTES && arenas.length < 2) arenas.push(buf);
}

/**
 * Entries waiting to go out in one push request. Each entry is written as protobuf the moment it is
 * added, so what a batch holds is bytes, not one object per line; sealing groups them by stream.
 */
export class Batch {
  #buf: Buffer | undefined;
  #len = 0;
  readonly #streams = new Map<string, StreamPart>();
  #last: StreamPart | undefined;
  // acks as runs: consecutive entries mostly come from one read and share its ack
  readonly #acks: Ack[] = [];
  readonly #ackCounts: number[] = [];
  bytes = 0;
  entries = 0;
  /** Bytes for the buffer when the batch gets its first entry: a full batch should not need to grow it. */
  readonly #startBytes: number;

  /** `expectedLineBytes` is the batch size the batch is cut at. */
  constructor(expectedLineBytes: number) {
    this.#startBytes = Math.min(POOLED_ARENA_MAX_BYTES, Math.ceil(expectedLineBytes * 1.125) + 64 * 1024);
  }

  add(labels: string, ts: bigint, line: string, sm: readonly LabelPair[] | undefined, ack: Ack, bytes: number): void {
    let part = this.#last;
    if (part?.labels !== labels) {
      part = this.#streams.get(labels);
      if (!part) this.#streams.set(labels, (part = { labels, spans: [], bytes: 0 }));
      this.#last = part;
    }
    const buf = this.#room(entryRoom(line, sm));
    const start = this.#len;
    this.#len = writeEntry(buf, start, ts, line, sm);
    part.bytes += this.#len - start;
    const spans = part.spans;
    if (spans.length > 0 && spans[spans.length - 1] === start) spans[spans.length - 1] = this.#len;
    else spans.push(start, this.#len);
    const last = this.#acks.length - 1;
    if (last >= 0 && this.#acks[last] === ack) this.#ackCounts[last]!++;
    else {
      this.#acks.push(ack);
      this.#ackCounts.push(1);
    }
    this.bytes += bytes;
    this.entries++;
  }

  /** The buffer, grown so `bytes` more fit after what it holds. */
  #room(bytes: number): Buffer {
    let buf = this.#buf;
    if (!buf) {
      buf = takeArena(Math.max(this.#startBytes, HEAD_ROOM + bytes));
      this.#len = HEAD_ROOM;
    }
    if (this.#len + bytes > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, this.#len + bytes));
      buf.copy(bigger, 0, 0, this.#len);
      buf = bigger;
    }
    return (this.#buf = buf);
  }

  /** The request body (protobuf PushRequest, snappy block-compressed, as Alloy sends); the batch takes nothing more. */
  seal(): SealedBatch {
    const buf = this.#buf!; // only batches with entries are sealed
    const parts = [...this.#streams.values()];
    const labelBytes = parts.map((p) => Buffer.byteLength(p.labels));
    const one = parts.length === 1 ? parts[0]! : undefined;
    const headBytes = one ? streamSize(labelBytes[0]!, one.bytes) - one.bytes : Infinity;
    let request: Buffer;
    let out: Buffer | undefined;
    if (one && one.spans.length === 2 && one.spans[0] === HEAD_ROOM && headBytes <= HEAD_ROOM) {
      writeStreamHead(buf, HEAD_ROOM - headBytes, one.labels, labelBytes[0]!, one.bytes);
      request = buf.subarray(HEAD_ROOM - headBytes, this.#len);
    } else {
      const to = (out = takeArena(parts.reduce((n, p, i) => n + streamSize(labelBytes[i]!, p.bytes), 0)));
      let pos = 0;
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i]!;
        pos = writeStreamHead(to, pos, part.labels, labelBytes[i]!, part.bytes);
        for (let s = 0; s < part.spans.length; s += 2) pos += buf.copy(to, pos, part.spans[s], part.spans[s + 1]);
      }
      request = to.subarray(0, pos);
    }
    // copied out: snappy's own output buffer sits in its allocator, pinned (and unseen by V8's GC heuristics) until collected
    const body = snappy.compressSync(request, { copyOutputData: true });
    if (out) giveArena(out);
    giveArena(buf);
    this.#buf = undefined;
    this.#streams.clear();
    this.#last = undefined;
    const acks = this.#acks;
    const counts = this.#ackCounts;
    return {
      body,
      entries: this.entries,
      bytes: this.bytes,
      settle() {
        for (let a = 0; a < acks.length; a++) for (let n = counts[a]!; n > 0; n--) acks[a]!.release();
        acks.length = 0;
      },
    };
  }
}
