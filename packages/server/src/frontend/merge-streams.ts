import type { LogEntryOut } from '../querier/log-result.js';

/**
 * Loki's frontend merge of split responses (mergeOrderedNonOverlappingStreams): entries are grouped per
 * result stream, and when there are more than `limit`, a heap over the streams hands out one entry at a
 * time. Loki's heap Pop shortens the popped stream in place and leaves it in the slot container/heap just
 * vacated, so the heap invariant is only restored lazily: with two streams the merge alternates between
 * them, with more it is close to, but not exactly, time order. The recorded Loki answers show exactly
 * this (two streams, limit 100: 50 of each), so the merge is reproduced step for step, including Go's
 * container/heap sift order.
 */
export function mergeSplitResponses(
  responses: readonly LogEntryOut[][], limit: number, forward: boolean, categorize: boolean,
): LogEntryOut[] {
  // Everything is kept: the answer groups entries by stream, keeping their order, whatever order they come in.
  if (responses.reduce((n, r) => n + r.length, 0) <= limit) return responses.flat();
  const groups = new Map<string, LogEntryOut[]>();
  let total = 0;
  for (const entries of responses) {
    for (const e of entries) {
      // the response's stream labels: indexed only with categorize-labels, every label otherwise
      const key = categorize ? e.streamKey : e.fullKey;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(e);
    }
    total += entries.length;
    if (total >= limit) break;
  }
  const keys = [...groups.keys()].sort();
  if (!forward) keys.reverse();

  // heap slots: a stream's remaining entries (its head at `pos`)
  const heap = keys.map((k) => ({ entries: groups.get(k)!, pos: 0 }));
  const before = (a: number, b: number): boolean => {
    const x = heap[a]!.entries[heap[a]!.pos]!.ts;
    const y = heap[b]!.entries[heap[b]!.pos]!.ts;
    return forward ? x < y : x > y;
  };
  const swap = (a: number, b: number): void => {
    const t = heap[a]!;
    heap[a] = heap[b]!;
    heap[b] = t;
  };
  const down = (i0: number, n: number): void => {
    let i = i0;
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n) break;
      let j = j1;
      const j2 = j1 + 1;
      if (j2 < n && before(j2, j1)) j = j2;
      if (!before(j, i)) break;
      swap(i, j);
      i = j;
    }
  };
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i, heap.length);

  const out: LogEntryOut[] = [];
  while (out.length < limit && heap.length > 0) {
    // container/heap.Pop: swap root and last, sift down over the rest, then the queue's own Pop
    const n = heap.length - 1;
    swap(0, n);
    down(0, n);
    const last = heap[n]!;
    out.push(last.entries[last.pos++]!);
    if (last.pos === last.entries.length) heap.pop();
  }
  return out;
}
