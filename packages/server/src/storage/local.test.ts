import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalChunkStore } from './local.js';
import { tenantDirName } from './tenant-dir.js';

test('chunk files: appends land where the locations say, files roll, a reopened store appends after the end', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-store-'));
  try {
    const store = new LocalChunkStore(dir, { fsync: true, maxFileBytes: 10 });
    const a = await store.append('t/1', [Buffer.from('aaaa'), Buffer.from('bbbbbbb')]);
    assert.deepEqual(a, [{ fileNo: 1, offset: 0, length: 4 }, { fileNo: 1, offset: 4, length: 7 }]);
    const b = await store.append('t/1', [Buffer.from('cc')]); // file 1 is past 10 bytes: a new file
    assert.deepEqual(b, [{ fileNo: 2, offset: 0, length: 2 }]);
    await store.close();
    const again = new LocalChunkStore(dir, { fsync: false, maxFileBytes: 10 });
    assert.deepEqual(await again.append('t/1', [Buffer.from('dd')]), [{ fileNo: 2, offset: 2, length: 2 }]);
    await again.close();
    assert.equal(readFileSync(again.pathOf('t/1', 1), 'utf8'), 'aaaabbbbbbb');
    assert.equal(readFileSync(again.pathOf('t/1', 2), 'utf8'), 'ccdd');
    assert.ok(again.pathOf('t/1', 2).includes(`${tenantDirName('t/1')}/`));
    assert.equal(tenantDirName('t/1'), 't%2F1'); // never a path separator
    assert.throws(() => tenantDirName('..'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
