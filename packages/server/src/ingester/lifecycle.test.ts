// Heads leaving memory: idle and old heads are cut, WAL pressure cuts the heads that pin old segments, and
// WAL segments go once what they hold is in stored chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LabelPair } from '@logi/protocol';
import { open, rowsOf, tempDir, T0, SEC, type TestStorage } from './test-helpers.js';

const A: LabelPair[] = [['app', 'a']];
const B: LabelPair[] = [['app', 'b']];

function kinds(ing: TestStorage, labels: LabelPair[]): string[] {
  const ref = [...ing.selectStreams('fake', [{ name: 'app', type: '=', value: labels[0]![1] }], 0n, T0 * 2n)][0]!;
  return ing.chunkSources('fake', ref.id, 0n, T0 * 2n).map((s) => s.kind);
}

/** Polls until cond holds (bounded), so the test waits for background work without timing assertions. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await sleep(10);
  assert.ok(cond(), `timed out waiting for ${what}`);
}

test('an idle head is cut and persisted; then the stream is forgotten by memory but not by the index', async () => {
  const { dir, remove } = tempDir();
  try {
    const ing = await open(dir, { chunkIdlePeriodMs: 50 }, { checkIntervalMs: 10 });
    await ing.push('fake', [{ labels: A, entries: [{ ts: T0, line: 'hello' }] }]);
    await until(() => kinds(ing, A).join() === 'stored', 'the idle cut');
    assert.deepEqual((await rowsOf(ing, 'fake', A)).map((r) => r.line), ['hello']);
    await ing.close();
  } finally {
    remove();
  }
});

test('a head spanning more than max_chunk_age is cut into several chunks', async () => {
  const { dir, remove } = tempDir();
  try {
    const ing = await open(dir, { maxChunkAgeMs: 10_000, blockSize: 256 }, { checkIntervalMs: 10 });
    for (let i = 0; i < 10; i++) {
      await ing.push('fake', [{ labels: A, entries: Array.from({ length: 10 }, (_, k) => ({ ts: T0 + BigInt(i * 10 + k) * SEC, line: `line ${i} ${k} ${'x'.repeat(20)}` })) }]);
    }
    await until(() => kinds(ing, A).filter((k) => k === 'stored').length >= 5, 'age cuts');
    assert.equal((await rowsOf(ing, 'fake', A)).length, 100);
    await ing.close();
  } finally {
    remove();
  }
});

test('WAL pressure cuts the slow stream that pins the oldest segment; flushed segments are deleted', async () => {
  const { dir, remove } = tempDir();
  try {
    const ing = await open(dir, {}, { walSegmentBytes: 4096, walMaxBytes: 16384, checkIntervalMs: 1 });
    await ing.push('fake', [{ labels: A, entries: [{ ts: T0, line: 'slow stream' }] }]);
    for (let i = 0; i < 40; i++) {
      await ing.push('fake', [{ labels: B, entries: Array.from({ length: 10 }, (_, k) => ({ ts: T0 + BigInt(i * 10 + k), line: `fast ${i} ${k} ${'y'.repeat(40)}` })) }]);
      await sleep(2);
    }
    await until(() => kinds(ing, A).includes('stored'), 'the pressure cut of the slow stream');
    await ing.flush();
    const segs = readdirSync(join(dir, 'wal'));
    assert.ok(segs.length <= 1, `WAL segments left after flush: ${segs.join(' ')}`);
    assert.equal((await rowsOf(ing, 'fake', B)).length, 400);
    await ing.close();
  } finally {
    remove();
  }
});

test('compression on the calling thread gives the same store as the worker', async () => {
  const { dir, remove } = tempDir();
  try {
    const ing = await open(dir, { blockSize: 1024, chunkTargetSize: 4096 }, { sealInWorker: false });
    const entries = Array.from({ length: 500 }, (_, i) => ({ ts: T0 + BigInt((i * 7919) % 500), line: `e${i}`, sm: [['detected_level', i % 3 ? 'info' : 'error']] as LabelPair[] }));
    await ing.push('fake', [{ labels: A, entries }]);
    await ing.flush();
    const got = (await rowsOf(ing, 'fake', A));
    assert.equal(got.length, 500);
    assert.deepEqual(got.map((r) => r.ts), [...got.map((r) => r.ts)].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
    assert.equal(got.filter((r) => r.sm?.[0]?.[1] === 'error').length, 167);
    await ing.close();
  } finally {
    remove();
  }
});
