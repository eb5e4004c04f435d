import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { LabelPair } from '@logi/protocol';
import type { DecodedBlock } from '../ingester/types.js';
import { encodeBlock, SmTableWriter, type BlockRows } from './block-encode.js';
import { decodeBlock } from './block-decode.js';
import { chunkLength, encodeChunk, parseChunk, parseChunkStream } from './chunk-format.js';
import { chunkBlocks, readChunk } from './read.js';
import { mergeBlocks } from './merge.js';
import { CODEC } from './codec.js';

interface Row { ts: bigint; line: string; sm?: LabelPair[] }

function rowsOf(rows: Row[]): BlockRows {
  const base = rows[0]!.ts;
  const ts = new Float64Array(rows.length);
  const lineEnds = new Uint32Array(rows.length);
  const bufs: Buffer[] = [];
  const smIds = new Uint32Array(rows.length);
  const table = new SmTableWriter();
  let end = 0;
  rows.forEach((r, i) => {
    ts[i] = Number(r.ts - base);
    const b = Buffer.from(r.line);
    bufs.push(b);
    end += b.length;
    lineEnds[i] = end;
    if (r.sm) smIds[i] = table.add(r.sm);
  });
  return { base, count: rows.length, ts, lines: Buffer.concat(bufs), lineEnds, smIds, smTable: table.table() };
}

function rowsFrom(b: DecodedBlock): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < b.ts.length; i++) {
    const row: Row = { ts: b.base + BigInt(b.ts[i]!), line: b.lines!.subarray(i === 0 ? 0 : b.lineEnds![i - 1]!, b.lineEnds![i]!).toString() };
    const sm = b.sm?.[i];
    if (sm) row.sm = sm;
    out.push(row);
  }
  return out;
}

const T0 = 1_795_132_800_000_000_000n; // beyond 2^53: offsets must stay exact

test('block round trip keeps unicode, empty lines and structured metadata', () => {
  const rows: Row[] = [
    { ts: T0, line: '계정 잠김 — ünïcödé 🚀' },
    { ts: T0 + 1n, line: '' },
    { ts: T0 + 1n, line: 'same ts, kept in arrival order', sm: [['trace_id', 'abc'], ['detected_level', 'info']] },
    { ts: T0 + 999_999_999_999n, line: '\u001b[31mERROR\u001b[0m', sm: [['detected_level', 'error']] },
  ];
  for (const codec of [CODEC.zstd, CODEC.none]) {
    const enc = encodeBlock(rowsOf(rows), codec);
    assert.equal(enc.minTs, T0);
    assert.equal(enc.maxTs, T0 + 999_999_999_999n);
    assert.equal(enc.entries, 4);
    assert.deepEqual(rowsFrom(decodeBlock(enc.bytes, { lines: true, sm: true })), rows);
  }
});

test('unordered rows come back sorted by ts, ties in arrival order', () => {
  const rows: Row[] = [
    { ts: T0 + 50n, line: 'c' },
    { ts: T0 + 10n, line: 'a', sm: [['k', 'v']] },
    { ts: T0 + 50n, line: 'd' },
    { ts: T0 + 20n, line: 'b' },
    { ts: T0 + 10n, line: 'a2' },
  ];
  const enc = encodeBlock(rowsOf(rows));
  const got = rowsFrom(decodeBlock(enc.bytes, { lines: true, sm: true }));
  assert.deepEqual(got.map((r) => r.line), ['a', 'a2', 'b', 'c', 'd']);
  assert.deepEqual(got[0]!.sm, [['k', 'v']]);
  assert.equal(got[1]!.sm, undefined);
  assert.equal(got[0]!.ts, T0 + 10n);
});

test('timestamps only: lines and metadata are not decoded', () => {
  const enc = encodeBlock(rowsOf([{ ts: T0, line: 'x', sm: [['a', 'b']] }, { ts: T0 + 7n, line: 'yy' }]));
  const b = decodeBlock(enc.bytes, { lines: false, sm: false });
  assert.equal(b.lines, undefined);
  assert.equal(b.sm, undefined);
  assert.deepEqual([...b.ts], [0, 7]);
  assert.deepEqual([...b.lineEnds!], [1, 3]);
  assert.equal(b.rawBytes, 3);
});

test('stored chunk: blocks, CRC check and time pruning', () => {
  const b1 = encodeBlock(rowsOf([{ ts: T0, line: 'one' }, { ts: T0 + 5n, line: 'two' }]));
  const b2 = encodeBlock(rowsOf([{ ts: T0 + 100n, line: 'three', sm: [['x', 'y']] }]));
  const stream = { seriesId: 7, labels: [['app', 'x'], ['env', '프로덕션']] as LabelPair[], lastCt: 3 };
  const chunk = encodeChunk([b1, b2], stream);
  const refs = parseChunk(chunk);
  assert.deepEqual(refs.map((r) => [r.minTs, r.maxTs, r.entries]), [[T0, T0 + 5n, 2], [T0 + 100n, T0 + 100n, 1]]);
  assert.deepEqual(parseChunkStream(chunk), stream);
  assert.equal(chunkLength(chunk.subarray(0, 12 + 2 * 32)), chunk.length); // from the header and block table alone
  const all = chunkBlocks(chunk, refs, { lines: true, sm: true });
  assert.deepEqual(all.flatMap(rowsFrom).map((r) => r.line), ['one', 'two', 'three']);
  const late = chunkBlocks(chunk, refs, { lines: true, sm: false, fromNs: T0 + 50n });
  assert.deepEqual(late.flatMap(rowsFrom).map((r) => r.line), ['three']);
  const bad = Buffer.from(chunk);
  bad[bad.length - 10] = bad[bad.length - 10]! ^ 0xff;
  assert.throws(() => parseChunk(bad), /checksum/);
});

test('a version 1 chunk (written before chunks carried their stream) is still read; it names no stream', () => {
  const v1 = readFileSync(new URL('../../src/chunk/testdata/v1.chunk', import.meta.url));
  assert.equal(v1[4], 1);
  assert.equal(chunkLength(v1), v1.length);
  assert.equal(parseChunkStream(v1), undefined);
  assert.deepEqual(chunkBlocks(v1, parseChunk(v1), { lines: true, sm: true }).flatMap(rowsFrom).map((r) => r.line), ['written by format version 1', 'second line']);
});

test('mergeBlocks interleaves overlapping blocks and concatenates sequential ones', () => {
  const a = decodeBlock(encodeBlock(rowsOf([{ ts: T0 + 1n, line: 'a1' }, { ts: T0 + 5n, line: 'a5' }])).bytes, { lines: true, sm: true });
  const b = decodeBlock(encodeBlock(rowsOf([{ ts: T0 + 3n, line: 'b3', sm: [['s', '1']] }, { ts: T0 + 5n, line: 'b5' }])).bytes, { lines: true, sm: true });
  const c = decodeBlock(encodeBlock(rowsOf([{ ts: T0 + 9n, line: 'c9' }])).bytes, { lines: true, sm: true });
  const m = rowsFrom(mergeBlocks([a, b, c]));
  assert.deepEqual(m.map((r) => r.line), ['a1', 'b3', 'a5', 'b5', 'c9']);
  assert.deepEqual(m[1]!.sm, [['s', '1']]);
  assert.deepEqual(m.map((r) => r.ts), [T0 + 1n, T0 + 3n, T0 + 5n, T0 + 5n, T0 + 9n]);
  const seq = rowsFrom(mergeBlocks([a, c]));
  assert.deepEqual(seq.map((r) => r.line), ['a1', 'a5', 'c9']);
  // Many overlapping inputs take the sorting path.
  const many = Array.from({ length: 20 }, (_, i) =>
    decodeBlock(encodeBlock(rowsOf([{ ts: T0 + BigInt(i), line: `x${i}` }, { ts: T0 + 100n - BigInt(i), line: `y${i}` }])).bytes, { lines: true, sm: false }));
  const mm = mergeBlocks(many);
  const tsList = [...mm.ts];
  assert.deepEqual(tsList, [...tsList].sort((x, y) => x - y));
  assert.equal(mm.ts.length, 40);
});

test('a memory source cloned to a worker gets Buffer lines back', () => {
  const block = decodeBlock(encodeBlock(rowsOf([{ ts: T0, line: 'hello' }])).bytes, { lines: true, sm: true });
  const cloned = structuredClone({ kind: 'memory' as const, block, minTs: T0, maxTs: T0, entries: 1, rawBytes: 5 });
  const [got] = readChunk(cloned, { lines: true, sm: true });
  assert.ok(Buffer.isBuffer(got!.lines));
  assert.equal(got!.lines!.toString(), 'hello');
});

test('encoded sources: blocks outside the wanted range are skipped, the rest come back by minTs', () => {
  const late = encodeBlock(rowsOf([{ ts: T0 + 100n, line: 'late' }]));
  const early = encodeBlock(rowsOf([{ ts: T0, line: 'early' }, { ts: T0 + 10n, line: 'early2' }]));
  const src = structuredClone({ kind: 'encoded' as const, blocks: [late.bytes, early.bytes], minTs: T0, maxTs: T0 + 100n, entries: 3, rawBytes: 15 });
  assert.deepEqual(readChunk(src, { lines: true, sm: false }).flatMap(rowsFrom).map((r) => r.line), ['early', 'early2', 'late']);
  assert.deepEqual(readChunk(src, { lines: true, sm: false, toNs: T0 + 50n }).flatMap(rowsFrom).map((r) => r.line), ['early', 'early2']);
  assert.deepEqual(readChunk(src, { lines: false, sm: false, fromNs: T0 + 101n }), []);
});
