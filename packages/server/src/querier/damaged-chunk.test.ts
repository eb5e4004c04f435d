// A stored chunk damaged on disk (a flipped byte): a query touching it fails naming the chunk's object, offset
// and tenant, queries not touching it still answer, and a push whose duplicate check would read it succeeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { startTestServer } from '../testing/test-server.js';

const T0 = BigInt(Date.now() - 3_600_000) * 1_000_000n;

async function push(base: string, app: string, values: [string, string][]): Promise<number> {
  const r = await fetch(`${base}/loki/api/v1/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ streams: [{ stream: { app }, values }] }),
  });
  await r.text();
  return r.status;
}

async function query(base: string, selector: string): Promise<{ status: number; text: string }> {
  const q = new URLSearchParams({ query: selector, start: (T0 - 1n).toString(), end: (T0 + 1_000_000_000_000n).toString(), limit: '1000' });
  const r = await fetch(`${base}/loki/api/v1/query_range?${q}`);
  return { status: r.status, text: await r.text() };
}

test('a chunk failing its checksum: the query error names its object, offset and tenant; other streams still answer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-damaged-chunk-'));
  try {
    let srv = await startTestServer({ dir });
    const line = (n: number): [string, string] => [(T0 + BigInt(n) * 1_000_000n).toString(), `entry ${n}`];
    assert.equal(await push(srv.base, 'a', [line(1), line(2)]), 204);
    assert.equal((await fetch(`${srv.base}/flush`, { method: 'POST' })).status, 204);
    assert.equal(await push(srv.base, 'b', [line(3)]), 204);
    await srv.close(); // flushes b into a chunk object of its own

    // a's chunk object: the first written (object names are time-ordered)
    const objects = (readdirSync(join(dir, 'chunks', 'chunks', 'fake'), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.chunks')).sort((x, y) => basename(x).localeCompare(basename(y)));
    const key = `chunks/fake/${objects[0]!}`;
    const file = join(dir, 'chunks', ...key.split('/'));
    const bytes = readFileSync(file);
    bytes[20]! ^= 0xff; // inside a's chunk (the first one, at offset 0)
    writeFileSync(file, bytes);

    srv = await startTestServer({ dir });
    try {
      const a = await query(srv.base, '{app="a"}');
      assert.equal(a.status, 500);
      assert.ok(a.text.startsWith(`failed to decode chunk '${key}' at offset 0 (`), a.text);
      assert.match(a.text, /\(\d+ bytes\) for tenant `fake`: invalid chunk checksum/);
      const b = await query(srv.base, '{app="b"}');
      assert.equal(b.status, 200, b.text);
      assert.match(b.text, /entry 3/);
      // Out of order into a's stored range: the duplicate check reads the damaged chunk, the push still succeeds.
      assert.equal(await push(srv.base, 'a', [line(1)]), 204);
    } finally {
      await srv.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
