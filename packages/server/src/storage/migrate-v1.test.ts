// A data directory written by the version 1 layout (testdata/v1-data, made by v1-data.gen.mjs with the code
// of that layout: two tenants, two days, chunks flushed and entries left in the WAL by a process that exited
// without closing) is migrated into partitions on start: every entry answers once, the old files are gone,
// and a tenant whose files cannot be read is reported and left out while the others are served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { open, rowsOf, tempDir, T0 } from '../ingester/test-helpers.js';

const FIXTURE = fileURLToPath(new URL('../../src/storage/testdata/v1-data', import.meta.url));

test('a version 1 data directory is migrated into daily partitions; the WAL replays on top; nothing is read twice', async () => {
  const { dir, remove } = tempDir();
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    const warnings: string[] = [];
    for (let round = 0; round < 2; round++) {
      const s = await open(dir, {}, { warn: (m) => warnings.push(m) });
      try {
        const fake0 = await rowsOf(s, 'fake', [['app', 'api'], ['day', '0']]);
        const fake1 = await rowsOf(s, 'fake', [['app', 'api'], ['day', '1']]);
        const t2 = await rowsOf(s, 't/2', [['app', 'web'], ['day', '1']]);
        assert.equal(fake0.length, 50);
        assert.equal(fake1.length, 55); // 50 from chunks, 5 replayed from the WAL
        assert.deepEqual(fake1.slice(-5).map((r) => r.line), [0, 1, 2, 3, 4].map((i) => `fake wal line ${i}`));
        assert.deepEqual(fake0[0], { ts: T0, line: 'fake day 0 line 0', sm: [['trace_id', 't0']] });
        assert.equal(t2.length, 50);
      } finally {
        await s.close();
      }
    }
    assert.equal(warnings.filter((w) => w.startsWith('migrated the version 1 layout of 2 tenants (4 chunks)')).length, 1, warnings.join('\n'));
    assert.ok(!existsSync(join(dir, 'index')));
    assert.deepEqual(readdirSync(join(dir, 'chunks')).sort(), ['chunks', 'index']);
    assert.deepEqual(readdirSync(join(dir, 'chunks', 'index', 'fake')).sort(), ['index_20777', 'index_20778']);
  } finally {
    remove();
  }
});

test('a version 1 tenant whose index can be neither read nor rebuilt is reported and left out; the others are served', async () => {
  const { dir, remove } = tempDir();
  try {
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, 'index', 't%2F2.idx'), 'damaged');
    rmSync(join(dir, 'chunks', 't%2F2'), { recursive: true });
    writeFileSync(join(dir, 'chunks', 't%2F2'), 'a file where the chunk directory should be'); // the rebuild fails
    writeFileSync(join(dir, 'index', '%zz.idx'), ''); // not a tenant name the store writes
    const warnings: string[] = [];
    const s = await open(dir, {}, { warn: (m) => warnings.push(m) });
    try {
      assert.equal((await rowsOf(s, 'fake', [['app', 'api'], ['day', '0']])).length, 50);
      assert.deepEqual(await rowsOf(s, 't/2', [['app', 'web'], ['day', '1']]), []);
      for (const name of ['t%2F2', '%zz']) {
        assert.ok(warnings.some((w) => w.startsWith(`index ${join(dir, 'index', `${name}.idx`)} could neither be read nor migrated`)), warnings.join('\n'));
      }
    } finally {
      await s.close();
    }
  } finally {
    remove();
  }
});
