import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Positions } from '../positions/positions.js';
import { Budget } from './budget.js';
import { FileReader, type Chunk } from './file-reader.js';
import { lineCodec } from './lines.js';
import { borrowReadBuffer, returnReadBuffer } from './read-buffers.js';

async function readOnce(r: FileReader): Promise<Chunk | 'truncated' | undefined> {
  const rb = await borrowReadBuffer();
  try {
    return await r.read(rb);
  } finally {
    returnReadBuffer(rb);
  }
}

function linesOf(chunk: Chunk): string[] {
  const out: string[] = [];
  for (let i = 0; i < 2 * chunk.lines; i += 2) out.push(chunk.buf.toString('utf8', chunk.bounds[i]!, chunk.bounds[i + 1]!));
  return out;
}

test('a read after the file was truncated and written past the offset takes nothing and says truncated', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reader-'));
  const path = join(dir, 'app.log');
  writeFileSync(path, 'old 1\nold 2\n');
  const fh = await open(path, 'r');
  const st = await fh.stat({ bigint: true });
  const r = new FileReader({
    path, openedAs: path, fh, dev: st.dev, ino: st.ino, size: 0, offset: 0, head: Buffer.alloc(0),
    codec: lineCodec('utf-8'), budget: new Budget(1 << 20), positions: new Positions(join(dir, 'positions.json')),
  });
  try {
    const first = await readOnce(r);
    assert.ok(typeof first === 'object');
    assert.deepEqual(linesOf(first), ['old 1', 'old 2']);
    // copytruncate, then the writer goes on past where the reader stands, before its next read
    truncateSync(path, 0);
    appendFileSync(path, 'new 1 is longer\nnew 2\n');
    assert.equal(await readOnce(r), 'truncated');
    assert.equal(r.offset, 12); // nothing of the new content was taken as the old file's rest
    r.restart();
    const again = await readOnce(r);
    assert.ok(typeof again === 'object');
    assert.deepEqual(linesOf(again), ['new 1 is longer', 'new 2']);
  } finally {
    await r.close();
  }
});
