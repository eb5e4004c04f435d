// A protobuf push carries int64 seconds: timestamps far beyond what Date (or int64 nanoseconds) holds
// are refused per entry with Loki's 400 messages, the year written as Go does, and the rest is stored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodePushSnappyProtobuf, formatRFC3339, formatRFC3339Nano } from '@logi/protocol';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
before(async () => { server = await startTestServer({ limits: { rejectOldSamples: false } }); });
after(async () => { await server.close(); });

const NS = 1_000_000_000n;

test('RFC3339 of seconds past year 9999 or before year 0 is written as Go writes it, not a RangeError', () => {
  assert.equal(formatRFC3339(10_000_000_000_000n * NS), '318857-05-20T17:46:40Z');
  assert.equal(formatRFC3339(-10_000_000_000_000n * NS), '-314918-08-13T06:13:20Z');
  assert.equal(formatRFC3339Nano(253_402_300_800n * NS + 5n), '10000-01-01T00:00:00.000000005Z');
  assert.equal(formatRFC3339(-62_167_219_201n * NS), '-0001-12-31T23:59:59Z');
  // inside Date's range the two ways of counting agree (Date writes such years as `+033658`)
  for (const secs of [1_000_000_000_000n, 253_402_300_800n, -62_167_219_201n, -8_000_000_000_000n]) {
    const viaDate = new Date(Number(secs) * 1000).toISOString().replace(/\.\d{3}Z$/, '').replace(/^\+0*/, '').replace(/^-0*(\d{4,})/, '-$1');
    assert.equal(formatRFC3339(secs * NS), viaDate + 'Z');
  }
});

test('protobuf timestamps with |seconds| > 8.64e12 are 400 per entry, and the valid entry is stored', async () => {
  const now = BigInt(Date.now()) * 1_000_000n;
  const body = encodePushSnappyProtobuf([{ labels: '{app="pb"}', entries: [
    { ts: 10_000_000_000_000n * NS, line: 'far future' },
    { ts: -10_000_000_000_000n * NS, line: 'far past' },
    { ts: now, line: 'fine' },
  ] }]);
  const r = await fetch(`${server.base}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/x-protobuf' }, body });
  assert.equal(r.status, 400);
  const text = await r.text();
  assert.match(text, /has timestamp too new: 318857-05-20T17:46:40Z/);
  assert.match(text, /has timestamp too old: -314918-08-13T06:13:20Z, oldest acceptable timestamp is: 1677-09-21T00:12:43Z/);
  const q = await fetch(`${server.base}/loki/api/v1/query_range?${new URLSearchParams({ query: '{app="pb"}', since: '1h' })}`);
  const res = (await q.json()) as { data: { result: { values: [string, string][] }[] } };
  assert.deepEqual(res.data.result.flatMap((s) => s.values.map((v) => v[1])), ['fine']);
});
