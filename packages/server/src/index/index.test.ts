import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DamagedIndexError, encodeChunkRecord, encodeSeriesRecord, IndexLog, type FileChunkRef } from './index-log.js';
import { decodePiece, encodePiece, type ChunkRef } from './index-piece.js';
import { chunksIn, TenantIndex } from './tenant-index.js';

const ref = (i: number): FileChunkRef => ({ fileNo: 1, offset: i * 100, length: 100, minTs: 10n ** 18n + BigInt(i), maxTs: 10n ** 18n + BigInt(i + 5), entries: 3, rawBytes: 2 ** 40, lastCt: 2 ** 45 + i });

test('index log: records survive reopening; a torn tail is cut off and reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-index-'));
  try {
    const path = join(dir, 'fake.idx');
    const a = await IndexLog.open(path, true);
    assert.deepEqual(a.records, []);
    await a.log.append([encodeSeriesRecord(7, [['app', 'x'], ['env', '프로덕션']]), encodeChunkRecord(7, ref(0))]);
    await a.log.append([encodeChunkRecord(7, ref(1))]);
    await a.log.close();
    const good = statSync(path).size;
    appendFileSync(path, Buffer.from([50, 0, 0, 0, 1, 2, 3, 4, 2, 7]));
    const b = await IndexLog.open(path, true);
    assert.match(b.warning ?? '', /torn tail/);
    assert.equal(statSync(path).size, good);
    assert.deepEqual(b.records, [
      { type: 'series', id: 7, labels: [['app', 'x'], ['env', '프로덕션']] },
      { type: 'chunk', seriesId: 7, ref: ref(0) },
      { type: 'chunk', seriesId: 7, ref: ref(1) },
    ]);
    await b.log.append([encodeChunkRecord(7, ref(2))]);
    await b.log.close();
    const c = await IndexLog.open(path, false);
    assert.equal(c.records.length, 4);
    await c.log.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('index log: a damaged record followed by readable ones is damage, not a torn tail: nothing is cut off', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-index-'));
  try {
    const path = join(dir, 'fake.idx');
    const a = await IndexLog.open(path, false);
    const series = encodeSeriesRecord(7, [['app', 'x']]);
    await a.log.append([series, encodeChunkRecord(7, ref(0)), encodeChunkRecord(7, ref(1)), encodeChunkRecord(7, ref(2))]);
    await a.log.close();
    const bytes = readFileSync(path);
    const second = 8 + series.length + encodeChunkRecord(7, ref(0)).length;
    bytes[second + 12]! ^= 0xff; // inside the second CHUNK record's payload
    writeFileSync(path, bytes);
    await assert.rejects(IndexLog.open(path, false), (e: unknown) => {
      assert.ok(e instanceof DamagedIndexError);
      assert.match(e.message, new RegExp(`damaged record at byte ${second}, followed by readable ones`));
      assert.deepEqual(e.records, [{ type: 'series', id: 7, labels: [['app', 'x']] }, { type: 'chunk', seriesId: 7, ref: ref(0) }]);
      return true;
    });
    assert.deepEqual(readFileSync(path), bytes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A chunk ref of the current layout; partition p. */
const pref = (i: number, p = 'index_1'): ChunkRef => {
  const { fileNo: _, ...rest } = ref(i);
  return { ...rest, key: `chunks/fake/${p}/x.chunks`, partition: p };
};

test('index piece: series and chunks round-trip; any damage is DamagedIndexError', () => {
  const piece = {
    series: [{ id: 7, labels: [['app', 'x'], ['env', '프로덕션']] as [string, string][] }],
    chunks: [0, 1].map((i) => { const { key: _k, partition: _p, ...c } = pref(i); return { seriesId: 7, ...c }; }),
  };
  const bytes = encodePiece(piece);
  assert.deepEqual(decodePiece(bytes), piece);
  const replacing = { ...piece, replaces: ['chunks/fake/index_1/old.chunks'] };
  assert.deepEqual(decodePiece(encodePiece(replacing)), replacing);
  for (const damage of [(b: Buffer) => b.write('JUNK', 0), (b: Buffer) => { b[4] = 9; }, (b: Buffer) => { b[20]! ^= 0xff; }]) {
    const bad = Buffer.from(bytes);
    damage(bad);
    assert.throws(() => decodePiece(bad), DamagedIndexError);
  }
  assert.throws(() => decodePiece(bytes.subarray(0, bytes.length - 3)), /cut short|damaged/);
});

test('tenant index: dropping a partition forgets its chunks, keeps the series and its entry counter', () => {
  const idx = new TenantIndex('fake');
  const s = idx.add(1, [['app', 'a']]);
  idx.addChunk(s, pref(0, 'index_1'));
  idx.addChunk(s, pref(1, 'index_2'));
  assert.equal(idx.dropChunks((c) => c.partition === 'index_1'), 1);
  assert.deepEqual(s.chunks.map((c) => c.partition), ['index_2']);
  assert.equal(s.storedMinTs, pref(1).minTs);
  assert.equal(s.storedCt, 2 ** 45 + 1);
  idx.dropChunks((c) => c.partition === 'index_2');
  assert.deepEqual([s.chunks.length, s.storedMinTs, idx.byId.get(1) === s], [0, undefined, true]);
});

test('tenant index: postings, matchers and chunks by time', () => {
  const idx = new TenantIndex('fake');
  const s1 = idx.add(1, [['app', 'api'], ['env', 'prod']]);
  idx.add(2, [['app', 'web'], ['env', 'prod']]);
  idx.add(3, [['app', 'web'], ['env', 'dev'], ['line', 'a\nb']]);
  const keys = (m: Parameters<TenantIndex['match']>[0]): string[] => [...idx.match(m)].map((s) => s.key);
  assert.deepEqual(keys([{ name: 'env', type: '=', value: 'prod' }, { name: 'app', type: '!=', value: 'api' }]), ['{app="web", env="prod"}']);
  assert.deepEqual(keys([{ name: 'app', type: '=~', value: 'we' }]), []);
  assert.deepEqual(keys([{ name: 'line', type: '=~', value: 'a.b' }]), ['{app="web", env="dev", line="a\\nb"}']);
  assert.deepEqual(keys([{ name: 'line', type: '!~', value: '.+' }]), ['{app="api", env="prod"}', '{app="web", env="prod"}']);
  assert.deepEqual(keys([{ name: 'nope', type: '=', value: 'x' }]), []);
  idx.addChunk(s1, pref(10));
  idx.addChunk(s1, pref(0));
  assert.deepEqual(s1.chunks.map((c) => c.offset), [0, 1000]);
  assert.deepEqual(chunksIn(s1, 10n ** 18n + 6n, 10n ** 18n + 9n), []);
  assert.deepEqual(chunksIn(s1, 10n ** 18n + 5n, 10n ** 18n + 10n).map((c) => c.offset), [0, 1000]);
  assert.equal(s1.storedCt, 2 ** 45 + 10);
});

test('chunksIn finds exactly the overlapping chunks, whatever their spans and order', () => {
  const idx = new TenantIndex('fake');
  const s = idx.add(1, [['app', 'a']]);
  let seed = 3;
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let i = 0; i < 300; i++) {
    const minTs = BigInt(rnd(100_000));
    const span = BigInt(i % 50 === 0 ? rnd(50_000) : rnd(500)); // a few very wide chunks among narrow ones
    idx.addChunk(s, { ...pref(i), minTs, maxTs: minTs + span });
  }
  for (let q = 0; q < 200; q++) {
    const from = BigInt(rnd(110_000));
    const to = from + BigInt(rnd(3000));
    const want = s.chunks.filter((c) => c.minTs <= to && c.maxTs >= from);
    assert.deepEqual(chunksIn(s, from, to), want);
    assert.equal(chunksIn(s, from, to, 1).length, Math.min(1, want.length));
  }
});
