import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabelPair } from '@logi/protocol';
import type { StreamIn } from './types.js';
import { open, rowsOf, tempDir, T0, SEC } from './test-helpers.js';

const APP: LabelPair[] = [['app', 'api']];

test('a push is visible only once durable; a retry sent while the original is in flight is stored once', async () => {
  const { dir, remove } = tempDir();
  try {
    const ing = await open(dir, { fsync: true });
    const batch: StreamIn[] = [{ labels: APP, entries: [3, 1, 2, 1].map((s) => ({ ts: T0 + BigInt(s) * SEC, line: `at ${s}` })) }];
    const original = ing.push('fake', batch);
    const retry = ing.push('fake', batch);
    assert.deepEqual((await rowsOf(ing, 'fake', APP)), [], 'entries visible before their WAL record is durable');
    await Promise.all([original, retry]);
    assert.deepEqual((await rowsOf(ing, 'fake', APP)).map((r) => r.line), ['at 1', 'at 2', 'at 3']);
    await ing.close();
    const again = await open(dir);
    assert.deepEqual((await rowsOf(again, 'fake', APP)).map((r) => r.line), ['at 1', 'at 2', 'at 3']);
    await again.close();
  } finally {
    remove();
  }
});
