import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WalWriter, segmentName } from './wal-writer.js';
import { listSegments, readSegment } from './wal-read.js';
import { fillUp, mountTmpfs, resizeTmpfs, unmount, tmpfsUnavailable } from '../testing/tmpfs.js';
import { tempDir } from './test-helpers.js';
import { WalWriteError } from './types.js';
import { FRAME_HEADER_SIZE, WAL_HEADER_SIZE, WAL_RECORD } from './wal-format.js';

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

test('a failed write is cut off the segment; appends are refused until a fresh segment works; recovery is reported by a write', { timeout: 60_000, skip: tmpfsUnavailable }, async () => {
  const { dir, remove } = tempDir();
  mountTmpfs(dir, '256k');
  try {
    const failures: WalWriteError[] = [];
    const recoveries: number[] = [];
    const w = new WalWriter(dir, new Map(), {
      fsync: true, segmentBytes: 1 << 30, retryMs: 50,
      onFailure: (e) => failures.push(e), onRecovery: (n) => recoveries.push(n),
    });
    const big = (i: number): Buffer => Buffer.alloc(20_000, `record ${i} `);
    const committed: number[] = [];
    const appendOne = (i: number): Promise<boolean> => {
      w.nextSegment();
      return w.append(big(i), () => committed.push(i)).then(() => true, (e: unknown) => {
        assert.ok(e instanceof WalWriteError);
        assert.match(e.message, /^wal: write failed: ENOSPC/);
        return false;
      });
    };
    const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);
    const until = async (cond: () => boolean): Promise<void> => {
      while (!cond()) await new Promise((r) => setTimeout(r, 10));
    };
    // A round that fits, then one too big for the disk: records of it written whole before the disk filled
    // must go with it, as must the queue behind it.
    const ok = await Promise.all(range(0, 5).map(appendOne));
    ok.push(...await Promise.all(range(5, 40).map(appendOne)));
    const acked = ok.flatMap((y, i) => (y ? [i] : []));
    assert.deepEqual(acked, range(0, 5));
    assert.deepEqual(committed, acked);
    assert.equal(failures.length, 1);

    const [first] = await listSegments(dir);
    const got = await readSegment(join(dir, segmentName(first!)));
    assert.deepEqual(got.payloads.map((p) => p.toString()), acked.map((i) => big(i).toString()), 'the segment holds exactly the acknowledged records');
    assert.equal(got.tail, undefined, 'the failed write left bytes behind');

    // Cutting the failed write back freed its space: take it, so that probes fail too.
    const filler = fillUp(dir);
    await new Promise((r) => setTimeout(r, 300)); // several probes
    assert.ok(w.failure);
    await assert.rejects(w.append(big(98)), WalWriteError);
    // Room for a fresh segment but not for a record: the probe succeeds, the next write fails, no recovery.
    truncateSync(filler, statSync(filler).size - 8192);
    await until(() => !w.failure);
    assert.equal(await appendOne(99), false);
    assert.equal(failures.length, 2);
    assert.deepEqual(recoveries, []);

    resizeTmpfs(dir, '4m');
    for (let i = 100; !(await appendOne(i)); i++) await until(() => !w.failure);
    assert.deepEqual(recoveries, [w.currentSegment]);
    assert.ok(w.currentSegment > first!);
    await w.close();
    const fresh = await readSegment(join(dir, segmentName(w.currentSegment)));
    assert.deepEqual(fresh.payloads.map((p) => p.toString()), [big(committed.at(-1)!).toString()]);
  } finally {
    unmount(dir);
    remove();
  }
});

test('a segment with a bad header magic or a zeroed range in the middle is read around the damage', async () => {
  const { dir, remove } = tempDir();
  try {
    const w = new WalWriter(dir, new Map(), { fsync: false, segmentBytes: 1 << 20 });
    w.nextSegment();
    // Records as the ingester writes them start with their type: the search for the next record relies on it.
    const entries = (i: number): Buffer => Buffer.concat([Buffer.from([WAL_RECORD.entries]), rec(i)]);
    for (let i = 0; i < 6; i++) await w.append(entries(i));
    await w.close();
    const path = join(dir, segmentName(w.currentSegment));
    const file = readFileSync(path);
    const at: number[] = [];
    for (let p = WAL_HEADER_SIZE; p < file.length; p += FRAME_HEADER_SIZE + file.readUInt32LE(p)) at.push(p);
    file.writeUInt32LE(0xdeadbeef, 0);
    file.fill(0, at[2]!, at[4]!); // records 2 and 3, frames included
    writeFileSync(path, file);
    const got = await readSegment(path);
    assert.equal(got.badMagic, true);
    assert.deepEqual(got.payloads.map((p) => p.toString()), [0, 1, 4, 5].map((i) => entries(i).toString()));
    assert.deepEqual(got.damaged, [{ offset: at[2], bytes: at[4]! - at[2]!, records: undefined }]);
    assert.equal(got.tail, undefined);
  } finally {
    remove();
  }
});
