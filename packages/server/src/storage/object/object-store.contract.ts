// What every ObjectStore must do, run by each backend's test file against a real store (a directory, a real
// S3 server), so that the stores stay interchangeable.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ObjectNotFoundError, type ObjectStore } from './object-store.js';

export function objectStoreContract(name: string, open: () => Promise<ObjectStore>, opts: { skip?: string | false } = {}): void {
  const it = (what: string, fn: (store: ObjectStore) => Promise<void>): void => {
    test(`${name}: ${what}`, { skip: opts.skip, timeout: 120_000 }, async () => fn(await open()));
  };

  it('an object reads back whole, and a put replaces it whole', async (s) => {
    const bytes = Buffer.from(Array.from({ length: 256 * 3 }, (_, i) => i % 256));
    await s.put('t1/chunks/a', bytes);
    assert.deepEqual(await s.get('t1/chunks/a'), bytes);
    await s.put('t1/chunks/a', Buffer.from('short'));
    assert.equal((await s.get('t1/chunks/a')).toString(), 'short');
    await s.put('t1/empty', Buffer.alloc(0));
    assert.equal((await s.get('t1/empty')).length, 0);
  });

  it('a byte range reads just those bytes, clipped at the end', async (s) => {
    await s.put('t2/r', Buffer.from('0123456789'));
    assert.equal((await s.get('t2/r', { offset: 2, length: 3 })).toString(), '234');
    assert.equal((await s.get('t2/r', { offset: 7, length: 10 })).toString(), '789');
    assert.equal((await s.get('t2/r', { offset: 0, length: 10 })).toString(), '0123456789');
    assert.equal((await s.get('t2/r', { offset: 10, length: 5 })).length, 0);
    assert.equal((await s.get('t2/r', { offset: 3, length: 0 })).length, 0);
  });

  it('a missing object is ObjectNotFoundError, whole or by range', async (s) => {
    for (const range of [undefined, { offset: 0, length: 4 }]) {
      await assert.rejects(s.get('t3/nothing-here', range), (e: unknown) => e instanceof ObjectNotFoundError && e.key === 't3/nothing-here');
    }
  });

  it('list gives every key under a prefix, sorted, with sizes, and nothing else', async (s) => {
    for (const k of ['t4/b/2', 't4/a/1', 't4/a/10/x', 't4/ab', 't40/other', 't4/b/1']) await s.put(k, Buffer.from(k));
    assert.deepEqual(await s.list('t4/a'), [
      { key: 't4/a/1', size: 6 }, { key: 't4/a/10/x', size: 9 }, { key: 't4/ab', size: 5 },
    ]);
    assert.deepEqual((await s.list('t4/')).map((o) => o.key), ['t4/a/1', 't4/a/10/x', 't4/ab', 't4/b/1', 't4/b/2']);
    assert.deepEqual(await s.list('t4/zzz'), []);
    assert.deepEqual((await s.list('t4')).map((o) => o.key).at(-1), 't40/other');
  });

  it('a deleted object is gone from get and list; deleting a missing one is no error', async (s) => {
    await s.put('t5/x', Buffer.from('x'));
    await s.put('t5/y', Buffer.from('y'));
    await s.delete('t5/x');
    await assert.rejects(s.get('t5/x'), ObjectNotFoundError);
    assert.deepEqual((await s.list('t5/')).map((o) => o.key), ['t5/y']);
    await s.delete('t5/x');
    await s.delete('t5/never');
  });

  it('keys with spaces, escapes and non-ASCII read back as written', async (s) => {
    const keys = ['t8/a b', 't8/50%', 't8/1+1=2', "t8/(x)!*'~", 't8/é/日本', 't8/q?x#y&z'];
    for (const k of keys) await s.put(k, Buffer.from(`body of ${k}`));
    for (const k of keys) {
      assert.equal((await s.get(k)).toString(), `body of ${k}`, k);
      assert.deepEqual(await s.get(k, { offset: 8, length: 4 }), Buffer.from(k).subarray(0, 4), k);
    }
    assert.deepEqual((await s.list('t8/')).map((o) => o.key), [...keys].sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b)))));
  });

  it('keys that could leave the store are refused', async (s) => {
    for (const key of ['', '../up', 't6/../../up', '/abs', 't6//x', 't6/', 't6/./x', 'a\\b']) {
      await assert.rejects(s.put(key, Buffer.from('x')), /invalid object key/, JSON.stringify(key));
    }
  });

  it('concurrent puts of one key leave one of the bodies whole', async (s) => {
    const a = Buffer.alloc(64 * 1024, 'a');
    const b = Buffer.alloc(64 * 1024, 'b');
    await Promise.all([s.put('t7/k', a), s.put('t7/k', b), s.put('t7/k', a)]);
    const got = await s.get('t7/k');
    assert.ok(got.equals(a) || got.equals(b));
  });
}
