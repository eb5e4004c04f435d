import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePushSnappyProtobuf, formatLabels, type LabelPair } from '@logi/protocol';
import type { Ack } from '../pipeline/entry.js';
import { Batch } from './batch.js';

function counter(): Ack & { released: number } {
  return { released: 0, retain() {}, release() { this.released++; } };
}

const decode = (body: Buffer): { labels: string; ts: bigint; line: string; sm: LabelPair[] | undefined }[] =>
  decodePushSnappyProtobuf(body).flatMap((s) => s.entries.map((e) => ({ labels: formatLabels(s.labels), ts: e.ts, line: e.line, sm: e.sm })));

test('entries decode as pushed, grouped by stream in first-seen order, each stream in arrival order', () => {
  const b = new Batch(1000);
  const ack = counter();
  const a = '{app="a"}';
  const z = '{app="z"}';
  const long = 'é'.repeat(70) + 'x'.repeat(16_300); // ASCII-sized length slots are too small for it
  const sm: LabelPair[] = [['trace_id', 'abc'], ['user', 'ü'.repeat(200)]];
  b.add(a, 1_700_000_000_123_456_789n, 'first', undefined, ack, 5);
  b.add(z, 0n, 'zero time', undefined, ack, 9);
  b.add(a, -1n, 'just before 1970 ✓', sm, ack, 18);
  b.add(z, 5n, long, undefined, ack, long.length);
  b.add(a, 2_000_000_000n, '', undefined, ack, 0);
  const sealed = b.seal();
  assert.equal(sealed.entries, 5);
  assert.equal(sealed.bytes, 32 + long.length);
  assert.deepEqual(decode(sealed.body), [
    { labels: a, ts: 1_700_000_000_123_456_789n, line: 'first', sm: undefined },
    { labels: a, ts: -1n, line: 'just before 1970 ✓', sm },
    { labels: a, ts: 2_000_000_000n, line: '', sm: undefined },
    { labels: z, ts: 0n, line: 'zero time', sm: undefined },
    { labels: z, ts: 5n, line: long, sm: undefined },
  ]);
  assert.equal(ack.released, 0);
  sealed.settle();
  assert.equal(ack.released, 5);
});

test('a batch outgrowing its first buffer keeps every entry; buffers are reused by later batches', () => {
  for (let round = 0; round < 2; round++) {
    const b = new Batch(1000);
    const acks = [counter(), counter()];
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const line = `line ${round}/${i} ${'x'.repeat(i % 97)}`;
      lines.push(line);
      b.add('{job="j"}', BigInt(i) * 1_000_000_001n, line, undefined, acks[Math.floor(i / 1000) % 2]!, line.length);
    }
    const sealed = b.seal();
    const got = decode(sealed.body);
    assert.deepEqual(got.map((e) => e.line), lines);
    assert.deepEqual(got.map((e) => e.ts), lines.map((_, i) => BigInt(i) * 1_000_000_001n));
    sealed.settle();
    assert.deepEqual(acks.map((a) => a.released), [2000, 1000]);
  }
});

test('timestamps around second boundaries and before 1970 decode exactly', () => {
  const times = [999_999_999n, 1_000_000_000n, 1_000_000_001n, -1_000_000_000n, -1_500_000_000n, -999_999_999n, 1_999_999_999n, 9_007_199_254_740_993_123n];
  const b = new Batch(1000);
  for (const ts of times) b.add('{a="b"}', ts, String(ts), undefined, counter(), 1);
  assert.deepEqual(decode(b.seal().body).map((e) => e.ts), times);
});

test('one stream whose labels do not fit in front of its entries is still sent whole', () => {
  const labels = `{long="${'v'.repeat(3000)}"}`;
  const b = new Batch(1000);
  b.add(labels, 1n, 'a', undefined, counter(), 1);
  b.add(labels, 2n, 'b', undefined, counter(), 1);
  assert.deepEqual(decode(b.seal().body), [{ labels, ts: 1n, line: 'a', sm: undefined }, { labels, ts: 2n, line: 'b', sm: undefined }]);
});
