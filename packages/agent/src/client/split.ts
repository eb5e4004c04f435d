import { decodePushSnappyProtobuf, formatLabels } from '@logi/protocol';
import type { Ack } from '../pipeline/entry.js';
import { Batch, type BatchBody } from './batch.js';

// the parts' entries are acknowledged by the whole batch once every part is settled
const HELD_BY_PARENT: Ack = { retain() {}, release() {} };

/**
 * Splits a push body into two halves of its entries (in request order, so each stream keeps its
 * order across the two requests), for a server that refused the whole body as too large (413).
 */
export function halve(body: Buffer, batchSizeBytes: number): [BatchBody, BatchBody] {
  const all = decodePushSnappyProtobuf(body).flatMap((s) => {
    const labels = formatLabels(s.labels);
    return s.entries.map((e) => ({ labels, e }));
  });
  const half = Math.ceil(all.length / 2);
  const part = (from: number, to: number): BatchBody => {
    const b = new Batch(batchSizeBytes);
    for (const { labels, e } of all.slice(from, to)) b.add(labels, e.ts, e.line, e.sm, HELD_BY_PARENT, e.line.length);
    return b.seal();
  };
  return [part(0, half), part(half, all.length)];
}
