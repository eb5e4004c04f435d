import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WalWriter, segmentName } from './wal-writer.js';
import { listSegments, readSegment } from './wal-read.js';
import { tempDir } from './test-helpers.js';

const rec = (i: number): Buffer => Buffer.from(`record ${i} `.repeat(1 + (i % 5)));

test('group commit: concurrent appends share write+fsync rounds and land in order', async () => {
  const { dir, remove } = tempDir();
  try {
    const w = new WalWriter(dir, new Map(), { fsync: true, segmentBytes: 1 << 20 });
    w.nextSegment();
    const first = Array.from({ length: 100 }, (_, i) => w.append(rec(i)));
    await first[0];
    // Appended while nothing is in flight any more, or while the next round runs: they join one round.
    const second = Array.from({ length: 100 }, (_, i) => w.append(rec(100 + i)));
    await Promise.all([...first, ...second]);
    assert.ok(w.batches <= 3, `${w.batches} fsync rounds for 200 records`);
    await w.close();
    const [seg] = await listSegments(dir);
    const got = await readSegment(join(dir, segmentName(seg!)));
    assert.deepEqual(got.payloads.map((p) => p.toString()), Array.from({ length: 200 }, (_, i) => rec(i).toString()));
    assert.equal(got.tail, undefined);
  } finally {
    remove();
  }
});

test('segments roll at the size limit; a torn tail is cut off; old segments are removed', async () => {
  const { dir, remove } = tempDir();
  try {
    const w = new WalWriter(dir, new Map(), { fsync: false, segmentBytes: 200 });
    for (let i = 0; i < 20; i++) {
      w.nextSegment();
      await w.append(rec(i));
    }
    const segs = await listSegments(dir);
    assert.ok(segs.length > 3);
    const last = segs.at(-1)!;
    await w.close();
    appendFileSync(join(dir, segmentName(last)), Buffer.from([200, 0, 0, 0, 9, 9, 9, 9, 1, 2]));
    const before = statSync(join(dir, segmentName(last))).size;
    const got = await readSegment(join(dir, segmentName(last)));
    assert.deepEqual(got.tail, { offset: before - 10, bytes: 10, records: undefined });
    assert.equal(statSync(join(dir, segmentName(last))).size, before - 10);
    let all: string[] = [];
    for (const n of segs) all = all.concat((await readSegment(join(dir, segmentName(n)))).payloads.map((p) => p.toString()));
    assert.deepEqual(all, Array.from({ length: 20 }, (_, i) => rec(i).toString()));

    const again = new WalWriter(dir, new Map(segs.map((n) => [n, 1])), { fsync: false, segmentBytes: 200 });
    assert.equal(again.nextSegment(), last + 1);
    await again.append(rec(99));
    await again.removeBelow(last + 1);
    assert.deepEqual(readdirSync(dir), [segmentName(last + 1)]);
    await again.close();
  } finally {
    remove();
  }
});
