// Rebuilding an index log from chunk files that hold more than clean chunks: bytes of a write cut short,
// a version 1 chunk (no stream named), and a chunk written twice by a retried flush.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabelPair } from '@logi/protocol';
import { encodeBlock } from '../chunk/block-encode.js';
import { encodeChunk } from '../chunk/chunk-format.js';
import { IndexLog, type IndexRecord } from './index-log.js';
import { rebuildIndexLog } from './rebuild.js';
import { T0 } from '../ingester/test-helpers.js';

function chunkOf(seriesId: number, labels: LabelPair[], lastCt: number, line: string, ts: bigint): Buffer {
  const lines = Buffer.from(line);
  const block = encodeBlock({ base: ts, count: 1, ts: new Float64Array([0]), lines, lineEnds: new Uint32Array([lines.length]) });
  return encodeChunk([block], { seriesId, labels, lastCt });
}

test('rebuild: every labelled chunk once, at its offset; cut-short bytes and version 1 chunks are counted as not indexed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-rebuild-'));
  try {
    const chunkDir = join(dir, 'chunks', 'fake');
    mkdirSync(chunkDir, { recursive: true });
    const a1 = chunkOf(1, [['app', 'a']], 1, 'a first', T0);
    const a2 = chunkOf(1, [['app', 'a']], 2, 'a second', T0 + 10n);
    const b1 = chunkOf(2, [['app', 'b']], 1, 'b first', T0 + 5n);
    const v1 = readFileSync(new URL('../../src/chunk/testdata/v1.chunk', import.meta.url));
    const cut = a2.subarray(0, 40); // a write cut short by a crash, then appended after
    const file1 = Buffer.concat([a1, cut, v1, a1, a2]); // a1 again: a retried flush
    writeFileSync(join(chunkDir, '000001.chunks'), file1);
    writeFileSync(join(chunkDir, '000002.chunks'), b1);
    const indexPath = join(dir, 'fake.idx');
    writeFileSync(indexPath, 'not an index at all');

    const { aside, summary } = await rebuildIndexLog(indexPath, chunkDir, false);
    assert.deepEqual(summary, { files: 2, chunks: 3, streams: 2, unlabelled: 1, unreadableBytes: 40 });
    assert.equal(readFileSync(aside!, 'utf8'), 'not an index at all'); // moved aside, not deleted

    const { log, records } = await IndexLog.open(indexPath, false);
    await log.close();
    const chunks = records.filter((r): r is Extract<IndexRecord, { type: 'chunk' }> => r.type === 'chunk')
      .map((r) => [r.seriesId, r.ref.fileNo, r.ref.offset, r.ref.length, r.ref.lastCt, r.ref.minTs, r.ref.entries]);
    assert.deepEqual(chunks, [
      [1, 1, 0, a1.length, 1, T0, 1],
      [1, 1, a1.length + cut.length + v1.length + a1.length, a2.length, 2, T0 + 10n, 1],
      [2, 2, 0, b1.length, 1, T0 + 5n, 1],
    ]);
    assert.deepEqual(records.filter((r) => r.type === 'series'), [
      { type: 'series', id: 1, labels: [['app', 'a']] },
      { type: 'series', id: 2, labels: [['app', 'b']] },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rebuild from a damaged log: the records still readable keep a version 1 chunk they name', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-rebuild-'));
  try {
    const chunkDir = join(dir, 'chunks', 'fake');
    mkdirSync(chunkDir, { recursive: true });
    const v1 = readFileSync(new URL('../../src/chunk/testdata/v1.chunk', import.meta.url));
    const a1 = chunkOf(1, [['app', 'a']], 5, 'a first', T0 + 2000n);
    writeFileSync(join(chunkDir, '000001.chunks'), Buffer.concat([v1, a1]));
    const indexPath = join(dir, 'fake.idx');
    writeFileSync(indexPath, 'damaged');
    const v1Ref = { fileNo: 1, offset: 0, length: v1.length, minTs: T0, maxTs: T0 + 1000n, entries: 2, rawBytes: 38, lastCt: 2 };
    const readable: IndexRecord[] = [{ type: 'series', id: 1, labels: [['app', 'a']] }, { type: 'chunk', seriesId: 1, ref: v1Ref }];

    const { summary } = await rebuildIndexLog(indexPath, chunkDir, false, readable);
    assert.deepEqual(summary, { files: 1, chunks: 2, streams: 1, unlabelled: 0, unreadableBytes: 0 });
    const { log, records } = await IndexLog.open(indexPath, false);
    await log.close();
    assert.deepEqual(records.filter((r) => r.type === 'chunk').map((r) => r.type === 'chunk' && [r.ref.offset, r.ref.lastCt]), [[0, 2], [v1.length, 5]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
