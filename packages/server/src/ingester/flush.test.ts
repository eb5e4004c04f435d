// The flush loop on a real store in a directory: a failed batch is retried, a retry that finds the queue
// already emptied by a later run must not leave the loop stuck, and a tenant persisted before another
// failed is not written twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_PERIOD } from '../storage/layout.js';
import { Store } from '../storage/store.js';
import { Flusher } from './flush.js';
import { Sealer } from './sealer.js';
import { Stream } from './stream.js';
import { tempDir, T0 } from './test-helpers.js';

const openStore = (dir: string, root: string): Promise<Store> => Store.open({
  dir, chunksDir: root, objects: { kind: 'fs', root, fsync: false }, period: DEFAULT_PERIOD, fsync: false, warn: () => undefined,
});

/** A stream of tenant `fake` (series 1) and a way to cut it a chunk of one line and hand that to the flusher. */
function oneLineChunks(index: ReturnType<Store['tenant']>, sealer: Sealer, flusher: Flusher): { stream: Stream; cutOne: () => void } {
  const stream = new Stream('fake', index.add(1, [['app', 'a']]), { blockSize: 1024, chunkTargetSize: 1 << 20, maxChunkAgeNs: 1n << 50n, sealer });
  let n = 0;
  const cutOne = (): void => {
    const line = Buffer.from(`line ${n}`);
    stream.append(T0 + BigInt(n++), line, 0, line.length, undefined, 1, Date.now());
    flusher.enqueue(stream.cut()!);
  };
  return { stream, cutOne };
}

test('flusher: after a failed flush and its retry timer firing on an empty queue, later chunks are still flushed', async () => {
  const { dir, remove } = tempDir();
  const sealer = new Sealer(false);
  const root = join(dir, 'store');
  const store = await openStore(dir, root);
  mkdirSync(root);
  writeFileSync(join(root, 'chunks'), 'a file where the chunk objects should be'); // the first flush fails (ENOTDIR)
  const index = store.tenant('fake');
  const failures: string[] = [];
  const flusher = new Flusher({
    write: (t, items, landed) => store.write(t, items, landed),
    persisted: async () => undefined,
    failed: (err) => { failures.push(err.message); },
    retryMs: 20,
  });
  const { stream, cutOne } = oneLineChunks(index, sealer, flusher);
  try {
    cutOne();
    await flusher.idle();
    assert.equal(failures.length, 1);
    assert.equal(stream.flushing.length, 1); // kept in memory for the retry

    rmSync(join(root, 'chunks'));
    cutOne(); // a new run persists both before the retry timer fires
    await flusher.idle();
    assert.equal(stream.flushing.length, 0);
    await sleep(200); // the retry timer fires on an empty queue

    cutOne();
    for (let i = 0; i < 500 && stream.flushing.length > 0; i++) await sleep(10);
    assert.equal(stream.flushing.length, 0, 'a chunk cut after the stray retry was never flushed');
    await flusher.idle(); // returns (it used to spin the main thread forever)
    assert.equal(index.byId.get(1)!.chunks.length, 3);
  } finally {
    flusher.stop();
    await sealer.close();
    store.close();
    remove();
  }
});

test('flusher: when one tenant of a batch fails, the tenants already persisted are not persisted again by the retry', async () => {
  const { dir, remove } = tempDir();
  const sealer = new Sealer(false);
  const root = join(dir, 'store');
  const store = await openStore(dir, root);
  mkdirSync(join(root, 'chunks'), { recursive: true });
  writeFileSync(join(root, 'chunks', 'b'), 'a file where tenant b\'s chunk objects should be');
  const flusher = new Flusher({
    write: (t, items, landed) => store.write(t, items, landed),
    persisted: async () => undefined,
    failed: () => undefined,
    retryMs: 20,
  });
  try {
    const limits = { blockSize: 1024, chunkTargetSize: 1 << 20, maxChunkAgeNs: 1n << 50n, sealer };
    const streams = ['a', 'b'].map((name, i) => new Stream(name, store.tenant(name).add(i + 1, [['app', name]]), limits));
    const cut = (st: Stream, n: number): void => {
      const line = Buffer.from(`in ${st.tenant}`);
      st.append(T0 + BigInt(n), line, 0, line.length, undefined, 1, Date.now());
      flusher.enqueue(st.cut()!);
    };
    const [a, b] = streams as [Stream, Stream];
    cut(a, 1);
    cut(a, 2);
    cut(b, 1); // cut in the same turn: one batch, a's chunks first, then b's
    await flusher.idle();
    assert.equal(b.flushing.length, 1); // b failed and waits for the retry
    assert.equal(a.series.chunks.length, 2);
    assert.equal(new Set(a.series.chunks.map((c) => c.key)).size, 1); // one object for both

    rmSync(join(root, 'chunks', 'b'));
    for (let i = 0; i < 500 && b.flushing.length > 0; i++) await sleep(10);
    await flusher.idle();
    assert.deepEqual([a.series.chunks.length, b.series.chunks.length], [2, 1]);
  } finally {
    flusher.stop();
    await sealer.close();
    store.close();
    remove();
  }
});

test('flusher: chunks cut within the interval after a batch wait and go in one object; idle() writes them without waiting', async () => {
  const { dir, remove } = tempDir();
  const sealer = new Sealer(false);
  const root = join(dir, 'store');
  const store = await openStore(dir, root);
  const index = store.tenant('fake');
  const flusher = new Flusher({
    write: (t, items, landed) => store.write(t, items, landed),
    persisted: async () => undefined,
    failed: (err) => assert.fail(err),
    intervalMs: 600_000, // longer than the test: what waits for it is written by idle() alone
  });
  const { stream, cutOne } = oneLineChunks(index, sealer, flusher);
  try {
    cutOne();
    for (let i = 0; i < 500 && stream.flushing.length > 0; i++) await sleep(10);
    assert.equal(stream.flushing.length, 0, 'the first batch waits for nothing');
    for (let k = 0; k < 3; k++) {
      cutOne();
      await sleep(50); // with no interval, each of these would be a batch (an object) of its own
    }
    assert.equal(stream.flushing.length, 3, 'chunks cut within the interval wait');
    await flusher.idle();
    assert.equal(stream.flushing.length, 0);
    const keys = index.byId.get(1)!.chunks.map((c) => c.key);
    assert.equal(keys.length, 4);
    assert.equal(new Set(keys.slice(1)).size, 1, 'the three waiting chunks share one object');
    assert.notEqual(keys[1], keys[0]);
  } finally {
    flusher.stop();
    await sealer.close();
    store.close();
    remove();
  }
});
