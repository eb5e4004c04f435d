// The shared range cache in front of real stores: the object store contract through it (a directory and a real
// radosgw), a range read by one worker thread is a hit for another (GETs reaching radosgw counted in each
// thread), a delete in one thread is seen by all, a read begun before a delete does not put the deleted bytes
// back, and the cache stays within its configured size while what it holds stays byte-exact.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { s3Skip, startS3, type S3TestServer } from '../../testing/s3-server.js';
import { CachedObjectStore } from './cached-object-store.js';
import { FsObjectStore } from './fs-object-store.js';
import { ObjectNotFoundError, type ByteRange, type ObjectInfo, type ObjectStore } from './object-store.js';
import { objectStoreContract } from './object-store.contract.js';
import { S3ObjectStore, type S3Settings } from './s3-object-store.js';
import { SharedRangeCache } from './shared-range-cache.js';

const skip = s3Skip();
let s3: S3TestServer | undefined;
const s3Stores: S3ObjectStore[] = [];
const dirs: string[] = [];
before(async () => {
  if (skip === false) s3 = await startS3();
}, { timeout: 200_000 });
after(async () => {
  for (const s of s3Stores) s.close();
  await s3?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'logi-cached-store-'));
  dirs.push(d);
  return d;
};
const s3Store = (settings: S3Settings): S3ObjectStore => {
  const s = new S3ObjectStore(settings);
  s3Stores.push(s);
  return s;
};
const cached = (inner: ObjectStore, bytes = 8 << 20): CachedObjectStore => new CachedObjectStore(inner, new SharedRangeCache(SharedRangeCache.memory(bytes)));

let n = 0;
objectStoreContract('directory through the shared cache', async () => cached(new FsObjectStore(tempDir(), { fsync: false })));
objectStoreContract('S3 (radosgw) through the shared cache', async () => {
  const bucket = `logi-cached-${n++}`;
  await s3!.createBucket(bucket);
  return cached(s3Store(s3!.settings(bucket)));
}, { skip });

/** A real store that counts the reads reaching it and can hold a read after its bytes arrived. */
class CountingStore implements ObjectStore {
  readonly location: string;
  gets = 0;
  /** While set, a get waits for it after reading (and `held` resolves). */
  gate: Promise<void> | undefined;
  held: () => void = () => undefined;
  readonly #inner: ObjectStore;
  constructor(inner: ObjectStore) {
    this.#inner = inner;
    this.location = inner.location;
  }
  async get(key: string, range?: ByteRange): Promise<Buffer> {
    this.gets++;
    const bytes = await this.#inner.get(key, range);
    if (this.gate) {
      this.held();
      await this.gate;
    }
    return bytes;
  }
  put(key: string, body: Buffer): Promise<void> { return this.#inner.put(key, body); }
  list(prefix: string): Promise<ObjectInfo[]> { return this.#inner.list(prefix); }
  delete(key: string): Promise<void> { return this.#inner.delete(key); }
}

const digest = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

test('a read begun before a delete does not put the deleted object back in the cache', async () => {
  const inner = new CountingStore(new FsObjectStore(tempDir(), { fsync: false }));
  const store = cached(inner);
  await store.put('t/chunks/a', Buffer.from('old bytes'));
  let release = (): void => undefined;
  inner.gate = new Promise((res) => { release = res; });
  const fetched = new Promise<void>((res) => { inner.held = res; });
  const reading = store.get('t/chunks/a');
  await fetched; // the bytes are read, not yet cached
  await store.delete('t/chunks/a');
  inner.gate = undefined;
  release();
  assert.equal((await reading).toString(), 'old bytes');
  await assert.rejects(store.get('t/chunks/a'), ObjectNotFoundError);
  assert.equal(inner.gets, 2);
});

test('the cache keeps the newest ranges within its size, byte-exact across wrap-arounds', async () => {
  const inner = new CountingStore(new FsObjectStore(tempDir(), { fsync: false }));
  const size = 2 << 20;
  const memory = SharedRangeCache.memory(size);
  assert.equal(memory.byteLength, size);
  const store = new CachedObjectStore(inner, new SharedRangeCache(memory));
  // objects of uneven sizes (up to a fifth of the cache), read whole and by ranges, ten times the cache in all
  const objects = Array.from({ length: 60 }, (_, i) => ({ key: `t/chunks/o${i}`, bytes: randomBytes(1000 + ((i * 7919) % 400_000)) }));
  for (const o of objects) await store.put(o.key, o.bytes);
  // the range first: read after the whole object, it would be served from it
  const reads = objects.flatMap((o) => [{ o, range: { offset: 17, length: o.bytes.length >> 1 } }, { o, range: undefined }]);
  const expected = (o: { bytes: Buffer }, range?: ByteRange): Buffer => (range ? o.bytes.subarray(range.offset, range.offset + range.length) : o.bytes);
  for (let round = 0; round < 2; round++) {
    for (const { o, range } of reads) assert.ok((await store.get(o.key, range)).equals(expected(o, range)), `${o.key} ${JSON.stringify(range)}`);
  }
  assert.equal(inner.gets, 2 * reads.length, 'ten times the cache read twice in order: every read a miss (first in, first out)');
  // the last reads fit: hits; the first are long evicted: misses
  inner.gets = 0;
  const last = reads.slice(-3);
  for (const { o, range } of last) assert.ok((await store.get(o.key, range)).equals(expected(o, range)));
  assert.equal(inner.gets, 0);
  await store.get(reads[1]!.o.key);
  assert.equal(inner.gets, 1);
});

test('a range inside a cached range, or past the end of one that reached it, is served from it', async () => {
  const fs = new FsObjectStore(tempDir(), { fsync: false });
  const inner = new CountingStore(fs);
  const store = cached(inner);
  const bytes = randomBytes(1000);
  for (const k of ['t/o', 't/p', 't/q']) await store.put(k, bytes);
  // each read: the range asked, and whether it reaches the store
  const reads: [string, ByteRange | undefined, boolean][] = [
    ['t/o', undefined, true], ['t/o', { offset: 10, length: 20 }, false], ['t/o', { offset: 990, length: 50 }, false], ['t/o', { offset: 1000, length: 5 }, false],
    ['t/p', { offset: 0, length: 500 }, true], ['t/p', { offset: 100, length: 100 }, false], ['t/p', { offset: 400, length: 200 }, true], ['t/p', undefined, true],
    ['t/q', { offset: 0, length: 2000 }, true], ['t/q', { offset: 900, length: 500 }, false], ['t/q', undefined, false], ['t/q', { offset: 1, length: 0 }, false],
  ];
  for (const [key, range, fetched] of reads) {
    const before = inner.gets;
    assert.deepEqual(await store.get(key, range), await fs.get(key, range), `${key} ${JSON.stringify(range)}`);
    assert.equal(inner.gets - before, fetched ? 1 : 0, `${key} ${JSON.stringify(range)} fetched`);
  }
});

/** Runs `reads` in a new worker thread through a store on the shared `memory`; its GETs and what it read. */
function readInThread(settings: S3Settings, memory: SharedArrayBuffer, reads: { key: string; range?: ByteRange }[]): Promise<{ gets: number; digests: string[] }> {
  const code = `
const { parentPort, workerData: w } = require('node:worker_threads');
const { createHash } = require('node:crypto');
Promise.all([import(w.dir + 'cached-object-store.js'), import(w.dir + 's3-object-store.js'), import(w.dir + 'shared-range-cache.js')])
  .then(async ([{ CachedObjectStore }, { S3ObjectStore }, { SharedRangeCache }]) => {
    const s3 = new S3ObjectStore(w.settings);
    let gets = 0;
    const counting = { location: s3.location, get: (k, r) => { gets++; return s3.get(k, r); }, put: (k, b) => s3.put(k, b), list: (p) => s3.list(p), delete: (k) => s3.delete(k) };
    const store = new CachedObjectStore(counting, new SharedRangeCache(w.memory));
    const digests = [];
    for (const r of w.reads) {
      try { digests.push(createHash('sha256').update(await store.get(r.key, r.range)).digest('hex')); }
      catch (e) { digests.push(e.name); }
    }
    s3.close();
    parentPort.postMessage({ gets, digests });
  });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { dir: new URL('./', import.meta.url).href, settings, memory, reads } });
    worker.once('message', resolve).once('error', reject);
  });
}

test('S3 (radosgw): a range one worker thread read is a hit in another; a delete in one thread is a miss in all', { skip, timeout: 180_000 }, async () => {
  await s3!.createBucket('logi-cache-threads');
  const settings = s3!.settings('logi-cache-threads');
  const objects = Array.from({ length: 6 }, (_, i) => ({ key: `fake/chunks/c${i}`, bytes: randomBytes(200_000 + i * 1000) }));
  const writer = s3Store(settings);
  for (const o of objects) await writer.put(o.key, o.bytes);
  const reads = objects.flatMap((o) => [{ key: o.key, range: { offset: 1000, length: 50_000 } }, { key: o.key }]);
  const want = objects.flatMap((o) => [digest(o.bytes.subarray(1000, 51_000)), digest(o.bytes)]);
  const memory = SharedRangeCache.memory(4 << 20);

  const first = await readInThread(settings, memory, reads);
  assert.deepEqual(first, { gets: reads.length, digests: want });
  const second = await readInThread(settings, memory, reads);
  assert.deepEqual(second, { gets: 0, digests: want }, 'every read of the second thread is served by what the first cached');

  // the main thread deletes one object through its own store on the same memory
  await new CachedObjectStore(writer, new SharedRangeCache(memory)).delete(objects[0]!.key);
  const third = await readInThread(settings, memory, reads);
  assert.deepEqual(third, { gets: 2, digests: ['ObjectNotFoundError', 'ObjectNotFoundError', ...want.slice(2)] });
});
