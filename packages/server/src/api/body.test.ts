// Compressed push bodies: inflated in a streaming way and bounded, so a small bomb neither blocks nor bloats the server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createDeflate, createDeflateRaw, createGzip, gzipSync } from 'node:zlib';
import { startTestServer, type TestServer } from '../testing/test-server.js';
const MAX_DECOMPRESSED_BYTES = 104857600;

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.close(); });

const MiB = 1024 * 1024;
/** Loki's answer to a body that inflates past the limit (push errors end with a newline). */
const INFLATED_TOO_LARGE = new RegExp(`^request body too large: decompressed message size too large than max \\(\\d+ vs ${MAX_DECOMPRESSED_BYTES}\\)\\n$`);

/** `mib` MiB of '0' compressed as `kind`, built chunk by chunk so the test itself never holds the inflated bytes. */
async function zeros(kind: 'gzip' | 'deflate' | 'deflate-raw', mib: number): Promise<Buffer> {
  const z = kind === 'gzip' ? createGzip({ level: 9 }) : kind === 'deflate' ? createDeflate({ level: 9 }) : createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((r) => z.on('end', r));
  const chunk = Buffer.alloc(MiB, '0');
  for (let i = 0; i < mib; i++) if (!z.write(chunk)) await new Promise((r) => z.once('drain', r));
  z.end();
  await done;
  return Buffer.concat(out);
}

const push = (body: Buffer, encoding: string): Promise<Response> => fetch(`${server.base}/loki/api/v1/push`, {
  method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Encoding': encoding }, body,
});

for (const kind of ['gzip', 'deflate', 'deflate-raw'] as const) {
  test(`a ${kind} bomb inflating past a JS string is refused with 413, without holding the inflated bytes`, { timeout: 120_000 }, async () => {
    const bomb = await zeros(kind, 600);
    const rssBefore = process.memoryUsage().rss;
    const r = await push(bomb, kind === 'gzip' ? 'gzip' : 'deflate');
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    assert.equal(r.status, 413);
    assert.match(await r.text(), INFLATED_TOO_LARGE);
    // Loose: inflating stops at the 100 MiB limit, far from the 600 MiB the bomb holds.
    assert.ok(rssGrowth < 400 * MiB, `RSS grew by ${Math.round(rssGrowth / MiB)} MiB`);
  });
}

test('the server goes on accepting compressed pushes after a bomb', async () => {
  const line = { streams: [{ stream: { app: 'after-bomb' }, values: [[`${BigInt(Date.now()) * 1_000_000n}`, 'still here']] }] };
  assert.equal((await push(gzipSync(JSON.stringify(line)), 'gzip')).status, 204);
  const truncated = gzipSync(JSON.stringify(line)).subarray(0, 20);
  const bad = await push(truncated, 'gzip');
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /^gzip: unexpected end of file/);
});

/** A valid snappy block of `mib` MiB of 'x': one literal, then 64-byte copies of it (3 bytes each). */
function snappyXs(mib: number): Buffer {
  const copies = Math.ceil((mib * MiB - 60) / 64);
  const length = 60 + copies * 64;
  const header: number[] = [];
  for (let n = length; ; n = Math.floor(n / 128)) {
    if (n < 128) { header.push(n); break; }
    header.push((n % 128) | 0x80);
  }
  const body = Buffer.alloc(header.length + 61 + copies * 3);
  Buffer.from(header).copy(body);
  let at = header.length;
  body[at++] = 59 << 2; // literal of 60 bytes
  body.fill('x', at, at + 60);
  at += 60;
  for (let i = 0; i < copies; i++, at += 3) body.set([(63 << 2) | 2, 60, 0], at); // copy 64 bytes from 60 back
  return body;
}

test('a snappy body announcing more than the inflated limit is refused with 413 before it is decoded', { timeout: 120_000 }, async () => {
  const bomb = snappyXs(600);
  const rssBefore = process.memoryUsage().rss;
  const r = await fetch(`${server.base}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body: bomb });
  const rssGrowth = process.memoryUsage().rss - rssBefore;
  assert.equal(r.status, 413);
  assert.match(await r.text(), INFLATED_TOO_LARGE);
  assert.ok(rssGrowth < 400 * MiB, `RSS grew by ${Math.round(rssGrowth / MiB)} MiB`);
});
