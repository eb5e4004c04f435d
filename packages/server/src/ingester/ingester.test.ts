import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LabelPair } from '@logi/protocol';
import { StreamLimitError, type EntryIn } from './types.js';
import { open, rowsOf, tempDir, T0, SEC } from './test-helpers.js';

const APP: LabelPair[] = [['app', 'api'], ['env', 'prod']];
const lines = (n: number, from = 0): EntryIn[] => Array.from({ length: n }, (_, i) => ({ ts: T0 + BigInt(from + i) * SEC, line: `line ${from + i}` }));

test('push then read back, in order, from memory and after flush from disk', async () => {
  const { dir, remove } = tempDir();
  try {
    const ing = await open(dir);
    const out = await ing.push('t1', [{ labels: APP, entries: [{ ts: T0 + 2n, line: 'b' }, { ts: T0 + 1n, line: 'a', sm: [['trace_id', 'x']] }, { ts: T0 + 3n, line: '계정 잠김' }] }]);
    assert.deepEqual(out, [{ accepted: 3, rejected: [] }]);
    const want = [{ ts: T0 + 1n, line: 'a', sm: [['trace_id', 'x']] }, { ts: T0 + 2n, line: 'b' }, { ts: T0 + 3n, line: '계정 잠김' }];
    assert.deepEqual((await rowsOf(ing, 't1', APP)), want);
    await ing.flush();
    const srcs = ing.chunkSources('t1', [...ing.selectStreams('t1', [{ name: 'app', type: '=', value: 'api' }], 0n, T0 * 2n)][0]!.id, 0n, T0 * 2n);
    assert.deepEqual(srcs.map((s) => s.kind), ['stored']);
    assert.deepEqual((await rowsOf(ing, 't1', APP)), want);
    await ing.close();
  } finally {
    remove();
  }
});

test('out-of-order within the window is accepted; older entries get Loki\'s message', async () => {
  const { dir, remove } = tempDir();
  try {
    const ing = await open(dir);
    await ing.push('fake', [{ labels: APP, entries: [{ ts: T0 + 7200n * SEC, line: 'newest' }] }]);
    const entries: EntryIn[] = [
      { ts: T0 + 3600n * SEC, line: 'exactly at the cutoff' },
      { ts: T0 + 3599n * SEC + 500_000_000n, line: 'too old' },
      ...Array.from({ length: 11 }, (_, i) => ({ ts: T0 + BigInt(i) * SEC, line: `old ${i}` })),
    ];
    const [o] = await ing.push('fake', [{ labels: APP, entries }]);
    assert.equal(o!.accepted, 1);
    assert.equal(o!.rejected.length, 1);
    const msg = o!.rejected[0]!;
    const first = msg.split('\n')[0];
    assert.equal(first, "entry with timestamp 2026-11-20 00:59:59.5 +0000 UTC ignored, reason: 'entry too far behind, entry timestamp is: 2026-11-20T00:59:59Z, oldest acceptable timestamp is: 2026-11-20T01:00:00Z',");
    assert.equal(msg.split('\n').length, 11); // 10 entry lines + the total
    assert.ok(msg.endsWith(`user 'fake', total ignored: 12 out of 13 for stream: {app="api", env="prod"}`), msg);
    assert.deepEqual((await rowsOf(ing, 'fake', APP)).map((r) => r.line), ['exactly at the cutoff', 'newest']);
    await ing.close();
  } finally {
    remove();
  }
});

test('identical entries are stored once; same ts with another line or metadata is kept', async () => {
  const { dir, remove } = tempDir();
  try {
    const ing = await open(dir);
    const e = (line: string, sm?: LabelPair[]): EntryIn => (sm ? { ts: T0, line, sm } : { ts: T0, line });
    await ing.push('fake', [{ labels: APP, entries: [e('x'), e('x'), e('y'), e('x', [['k', 'v']])] }]);
    await ing.push('fake', [{ labels: APP, entries: [e('x'), e('x', [['k', 'v']]), e('x', [['k', 'w']])] }]);
    assert.deepEqual((await rowsOf(ing, 'fake', APP)).map((r) => [r.line, r.sm?.[0]?.[1]]), [['x', undefined], ['y', undefined], ['x', 'v'], ['x', 'w']]);
    // After the head is persisted, a retried entry is still found (in the stored chunk).
    await ing.flush();
    const [o] = await ing.push('fake', [{ labels: APP, entries: [e('y'), e('z')] }]);
    assert.equal(o!.accepted, 2);
    assert.deepEqual((await rowsOf(ing, 'fake', APP)).map((r) => r.line), ['x', 'y', 'x', 'x', 'z']);
    await ing.close();
  } finally {
    remove();
  }
});

test('tenants never see each other\'s streams, labels or data', async () => {
  const { dir, remove } = tempDir();
  try {
    const ing = await open(dir);
    await ing.push('a', [{ labels: [['app', 'one']], entries: lines(2) }]);
    await ing.push('b', [{ labels: [['app', 'two']], entries: lines(3) }]);
    const all = [{ name: 'app', type: '=~' as const, value: '.+' }];
    assert.deepEqual([...ing.selectStreams('a', all, 0n, T0 * 2n)].map((s) => s.key), ['{app="one"}']);
    assert.deepEqual(ing.labelValues('b', 'app', 0n, T0 * 2n), ['two']);
    const idA = [...ing.selectStreams('a', all, 0n, T0 * 2n)][0]!.id;
    assert.deepEqual(ing.chunkSources('b', idA, 0n, T0 * 2n), []);
    assert.deepEqual([...ing.selectStreams('c', all, 0n, T0 * 2n)], []);
    await ing.close();
  } finally {
    remove();
  }
});

test('selectors, label names/values and index stats honour matchers and time', async () => {
  const { dir, remove } = tempDir();
  try {
    const ing = await open(dir);
    await ing.push('fake', [
      { labels: [['app', 'api'], ['env', 'prod']], entries: lines(3) },
      { labels: [['app', 'web'], ['env', 'dev'], ['zone', 'eu']], entries: lines(2, 100) },
    ]);
    const sel = (m: { name: string; type: '=' | '!=' | '=~' | '!~'; value: string }[], from = 0n, to = T0 * 2n) =>
      [...ing.selectStreams('fake', m, from, to)].map((s) => s.key).sort();
    assert.deepEqual(sel([{ name: 'app', type: '=~', value: 'a.*' }]), ['{app="api", env="prod"}']);
    assert.deepEqual(sel([{ name: 'app', type: '!~', value: 'a.*' }]), ['{app="web", env="dev", zone="eu"}']);
    assert.deepEqual(sel([{ name: 'zone', type: '=', value: '' }]), ['{app="api", env="prod"}']);
    assert.deepEqual(sel([{ name: 'env', type: '!=', value: 'prod' }]), ['{app="web", env="dev", zone="eu"}']);
    assert.deepEqual(sel([{ name: 'app', type: '=~', value: '.+' }], T0 + 50n * SEC), ['{app="web", env="dev", zone="eu"}']);
    assert.deepEqual(ing.labelNames('fake', 0n, T0 * 2n), ['app', 'env', 'zone']);
    assert.deepEqual(ing.labelNames('fake', 0n, T0 + 10n * SEC), ['app', 'env']);
    assert.deepEqual(ing.labelValues('fake', 'env', 0n, T0 * 2n, [{ name: 'zone', type: '=', value: 'eu' }]), ['dev']);
    assert.deepEqual(ing.indexStats('fake', [{ name: 'app', type: '=~', value: '.+' }], 0n, T0 * 2n), { streams: 2, chunks: 2, entries: 5, bytes: 34 });
    await ing.flush();
    assert.deepEqual(ing.indexStats('fake', [{ name: 'app', type: '=', value: 'api' }], 0n, T0 * 2n), { streams: 1, chunks: 1, entries: 3, bytes: 18 });
    await ing.close();
  } finally {
    remove();
  }
});

test('the active-stream limit refuses new streams only', async () => {
  const { dir, remove } = tempDir();
  try {
    const ing = await open(dir, { maxStreamsPerTenant: 2 });
    const out = await ing.push('fake', [
      { labels: [['s', '1']], entries: lines(1) },
      { labels: [['s', '2']], entries: lines(1) },
      { labels: [['s', '3']], entries: lines(1) },
      { labels: [['s', '1']], entries: lines(1, 1) },
    ]);
    assert.equal(out[2]!.accepted, 0);
    assert.ok(out[2]!.limit instanceof StreamLimitError);
    assert.equal(out[2]!.limit.message, `maximum active stream limit exceeded when trying to create stream {s="3"}, reduce the number of active streams (reduce labels or reduce label values), or contact your Loki administrator to see if the limit can be increased, user: 'fake'`);
    assert.equal(out[3]!.accepted, 1);
    assert.equal((await ing.push('other', [{ labels: [['s', '3']], entries: lines(1) }]))[0]!.limit, undefined);
    await ing.close();
  } finally {
    remove();
  }
});

test('heads are cut into several chunks when full; every entry survives', async () => {
  const { dir, remove } = tempDir();
  try {
    const ing = await open(dir, { blockSize: 4096, chunkTargetSize: 8192 });
    const n = 3000;
    const entries = Array.from({ length: n }, (_, i) => ({ ts: T0 + BigInt(i) * 1000n, line: `entry ${i} ${'x'.repeat(i % 50)} ${Math.sin(i)}` }));
    await ing.push('fake', [{ labels: APP, entries }]);
    await ing.flush();
    const id = [...ing.selectStreams('fake', [{ name: 'app', type: '=', value: 'api' }], 0n, T0 * 2n)][0]!.id;
    assert.ok(ing.chunkSources('fake', id, 0n, T0 * 2n).length > 3);
    const got = (await rowsOf(ing, 'fake', APP));
    assert.equal(got.length, n);
    assert.deepEqual(got.map((r) => r.line), entries.map((e) => e.line));
    await ing.close();
  } finally {
    remove();
  }
});

test('restart: index from disk, WAL replayed exactly once, torn WAL tail ignored', async () => {
  const { dir, remove } = tempDir();
  try {
    const ing = await open(dir, { blockSize: 4096, chunkTargetSize: 8192 });
    await ing.push('fake', [{ labels: APP, entries: lines(500) }]); // several chunks persisted, rest in the head
    await ing.push('fake', [{ labels: [['app', 'x']], entries: lines(3) }]);
    await ing.flush();
    await ing.push('fake', [{ labels: APP, entries: lines(5, 500) }]); // only in the WAL
    // Simulated crash: the first instance is abandoned without close().
    const walDir = join(dir, 'wal');
    const seg = readdirSync(walDir).sort().at(-1)!;
    appendFileSync(join(walDir, seg), Buffer.from([0x40, 0, 0, 0, 1, 2, 3, 4, 5])); // a record cut short
    const again = await open(dir, { blockSize: 4096, chunkTargetSize: 8192 });
    const got = (await rowsOf(again, 'fake', APP));
    assert.deepEqual(got.map((r) => r.line), lines(505).map((e) => e.line));
    assert.deepEqual((await rowsOf(again, 'fake', [['app', 'x']])).length, 3);
    // Dedup and out-of-order state survive too.
    const [o] = await again.push('fake', [{ labels: APP, entries: [{ ts: T0 + 504n * SEC, line: 'line 504' }] }]);
    assert.equal(o!.accepted, 1);
    assert.equal((await rowsOf(again, 'fake', APP)).length, 505);
    await again.close();
    const third = await open(dir);
    assert.equal((await rowsOf(third, 'fake', APP)).length, 505);
    await third.close();
  } finally {
    remove();
  }
});
