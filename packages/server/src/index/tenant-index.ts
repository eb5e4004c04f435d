// The in-memory label index of one tenant: series by labels and by id, postings (name -> value -> series)
// and each series' stored chunks in time order. Built at start from the index pieces of every partition;
// the ingester registers new series here, so ids stay unique and stable.
import type { LabelPair } from '@logi/protocol';
import { formatLabels } from '@logi/protocol';
import type { Matcher } from '../ingester/types.js';
import { isTombstone, type ChunkRef } from './index-piece.js';
import { compileMatchers } from './matchers.js';

export interface Series {
  readonly id: number;
  readonly labels: LabelPair[];
  readonly key: string;
  /** Stored chunks, ascending by minTs. */
  readonly chunks: ChunkRef[];
  /** Span of the stored chunks (undefined: none yet). */
  storedMinTs: bigint | undefined;
  storedMaxTs: bigint | undefined;
  /** Highest accepted-entry counter in stored chunks. */
  storedCt: number;
  /** Longest span (maxTs − minTs) of any stored chunk: bounds the binary search in chunksIn. */
  maxSpan: bigint;
}

export class TenantIndex {
  readonly tenant: string;
  readonly byKey = new Map<string, Series>();
  readonly byId = new Map<number, Series>();
  #postings = new Map<string, Map<string, Series[]>>();

  constructor(tenant: string) {
    this.tenant = tenant;
  }

  add(id: number, labels: LabelPair[]): Series {
    const key = formatLabels(labels);
    const have = this.byKey.get(key);
    if (have) {
      if (have.id !== id) throw new Error(`BUG: series ${key} has ids ${have.id} and ${id}`);
      return have;
    }
    const s: Series = { id, labels, key, chunks: [], storedMinTs: undefined, storedMaxTs: undefined, storedCt: 0, maxSpan: 0n };
    this.byKey.set(key, s);
    this.byId.set(id, s);
    for (const [name, value] of labels) {
      let values = this.#postings.get(name);
      if (!values) this.#postings.set(name, (values = new Map()));
      let list = values.get(value);
      if (!list) values.set(value, (list = []));
      list.push(s);
    }
    return s;
  }

  addChunk(s: Series, ref: ChunkRef): void {
    // Chunks nearly always arrive in time order; keep the list sorted by minTs for the rare exception.
    let i = s.chunks.length;
    while (i > 0 && s.chunks[i - 1]!.minTs > ref.minTs) i--;
    if (i === s.chunks.length) s.chunks.push(ref);
    else s.chunks.splice(i, 0, ref);
    if (s.storedMinTs === undefined || ref.minTs < s.storedMinTs) s.storedMinTs = ref.minTs;
    if (s.storedMaxTs === undefined || ref.maxTs > s.storedMaxTs) s.storedMaxTs = ref.maxTs;
    if (ref.lastCt > s.storedCt) s.storedCt = ref.lastCt;
    if (ref.maxTs - ref.minTs > s.maxSpan) s.maxSpan = ref.maxTs - ref.minTs;
  }

  /**
   * Forgets the chunks `gone` selects (a partition retention dropped, an object a delete rewrote); returns how
   * many series had such chunks. Series stay: the ingester may hold them, and their entry counters must not
   * go back (WAL replay skips by them).
   */
  dropChunks(gone: (c: ChunkRef) => boolean): number {
    let series = 0;
    for (const s of this.byId.values()) {
      if (!s.chunks.some(gone)) continue;
      series++;
      const kept = s.chunks.filter((c) => !gone(c));
      s.chunks.length = 0;
      s.storedMinTs = s.storedMaxTs = undefined;
      s.maxSpan = 0n;
      for (const c of kept) this.addChunk(s, c);
    }
    return series;
  }

  /**
   * Series matching every matcher (all series for none), using the smallest equality posting list. Lazy, so
   * that a query over tens of thousands of series can give the event loop turns between them.
   */
  *match(matchers: readonly Matcher[]): Generator<Series> {
    let candidates: Iterable<Series> | undefined;
    let size = Infinity;
    for (const m of matchers) {
      if (m.type !== '=' || m.value === '') continue;
      const list = this.#postings.get(m.name)?.get(m.value);
      if (!list) return;
      if (list.length < size) { candidates = list; size = list.length; }
    }
    const pred = compileMatchers(matchers);
    for (const s of candidates ?? this.byId.values()) if (pred(s.labels)) yield s;
  }
}

/** Stored chunks of s overlapping [from, to] (at most `limit`), in minTs order; tombstones left out. */
export function chunksIn(s: Series, fromNs: bigint, toNs: bigint, limit = Infinity): ChunkRef[] {
  const out: ChunkRef[] = [];
  if (s.storedMinTs === undefined || s.storedMinTs > toNs || s.storedMaxTs! < fromNs) return out;
  // A chunk overlapping the range starts no earlier than fromNs − maxSpan: binary search to there.
  const chunks = s.chunks;
  const earliest = fromNs - s.maxSpan;
  let lo = 0, hi = chunks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (chunks[mid]!.minTs < earliest) lo = mid + 1; else hi = mid;
  }
  for (let i = lo; i < chunks.length && out.length < limit; i++) {
    const c = chunks[i]!;
    if (c.minTs > toNs) break;
    if (c.maxTs >= fromNs && !isTombstone(c)) out.push(c);
  }
  return out;
}
