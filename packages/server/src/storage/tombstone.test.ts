// A delete request's rewrite that drops a stream's last stored chunk keeps the stream's entry counter in a
// tombstone (a chunk record with no entries): queries never see it, a reopen restores the counter from it, and
// index compaction carries it into the merged object. Retention rewrites keep none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLabels, type LabelPair } from '@logi/protocol';
import { isTombstone } from '../index/index-piece.js';
import { chunksIn, type Series } from '../index/tenant-index.js';
import { open, rowsOf, SEC, T0, tempDir, type TestStorage } from '../ingester/test-helpers.js';

const D: LabelPair[] = [['job', 'd']];
const K: LabelPair[] = [['job', 'k']];

async function pushFlush(ing: TestStorage, labels: LabelPair[], ts: bigint, lines: string[]): Promise<void> {
  await ing.push('fake', [{ labels, entries: lines.map((line, i) => ({ ts: ts + BigInt(i), line })) }]);
  await ing.flush();
}

const series = (ing: TestStorage, labels: LabelPair[]): Series => ing.storage.store.peek('fake')!.byKey.get(formatLabels(labels))!;

test('a rewrite dropping a stream\'s last chunk keeps its counter through a reopen and a merge; queries see no chunk', async () => {
  const { dir, remove } = tempDir();
  let ing = await open(dir);
  try {
    await pushFlush(ing, D, T0, ['d 1', 'd 2']); // counter 2
    await pushFlush(ing, D, T0 + SEC, ['d 3']); // counter 3: the one the rewrite removes
    await pushFlush(ing, K, T0, ['k 1']);
    const d = series(ing, D);
    const last = d.chunks.at(-1)!;
    assert.equal(last.lastCt, 3);
    assert.equal(await ing.storage.store.rewriteObject('fake', last.key, (_c, ref) => (ref === last ? null : undefined), true), true);
    const afterRewrite = series(ing, D);
    assert.deepEqual(afterRewrite.chunks.map((c) => [c.lastCt, isTombstone(c)]), [[2, false], [3, true]]);
    assert.equal(chunksIn(afterRewrite, 0n, 2n ** 62n).length, 1);
    assert.deepEqual((await rowsOf(ing, 'fake', D)).map((r) => r.line), ['d 1', 'd 2']);
    await ing.close();

    ing = await open(dir);
    assert.equal(series(ing, D).storedCt, 3);
    // Every object of the partition merged into one (as index compaction does): the tombstone goes along.
    const store = ing.storage.store;
    const keys = [...new Set([...store.peek('fake')!.byId.values()].flatMap((s) => s.chunks.map((c) => c.key)))].sort();
    await store.mergeObjects('fake', series(ing, D).chunks[0]!.partition, keys);
    await store.collectRetired(0);
    await ing.close();

    ing = await open(dir);
    assert.equal(series(ing, D).storedCt, 3);
    assert.deepEqual(series(ing, D).chunks.map((c) => [c.lastCt, isTombstone(c)]), [[2, false], [3, true]]);
    assert.deepEqual((await rowsOf(ing, 'fake', D)).map((r) => r.line), ['d 1', 'd 2']);
    assert.deepEqual((await rowsOf(ing, 'fake', K)).map((r) => r.line), ['k 1']);
    // A new line continues the counter after the deleted ones.
    await pushFlush(ing, D, T0 + 2n * SEC, ['d 4']);
    assert.equal(series(ing, D).storedCt, 4);
  } finally {
    await ing.close();
    remove();
  }
});

test('a retention rewrite dropping a stream\'s last chunk keeps no tombstone', async () => {
  const { dir, remove } = tempDir();
  const ing = await open(dir);
  try {
    await pushFlush(ing, D, T0, ['d 1']);
    const last = series(ing, D).chunks[0]!;
    assert.equal(await ing.storage.store.rewriteObject('fake', last.key, () => null), true);
    assert.deepEqual(series(ing, D).chunks, []);
  } finally {
    await ing.close();
    remove();
  }
});
