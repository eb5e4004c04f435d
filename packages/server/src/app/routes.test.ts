import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.close(); });

test('unknown paths are 404, wrong methods 405, malformed escapes 400, and the server keeps serving', async () => {
  assert.equal((await fetch(`${server.base}/loki/api/v1/nope`)).status, 404);
  assert.equal((await fetch(`${server.base}/loki/api/v1/push`)).status, 405);
  const bad = await fetch(`${server.base}/loki/api/v1/label/%ZZ/values`);
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /invalid URL escape/);
  assert.equal((await fetch(`${server.base}/ready`)).status, 200);
});

test('a long GET query (over Node default 16 KiB of headers) is answered, as Loki accepts 1 MiB', async () => {
  const query = `{app="x"} |= "${'a'.repeat(40_000)}"`;
  const r = await fetch(`${server.base}/loki/api/v1/query_range?query=${encodeURIComponent(query)}`);
  assert.equal(r.status, 200);
});

test('a query range over max_query_length (721h) is refused with Loki message', async () => {
  const q = new URLSearchParams({ query: '{app="x"}', start: '0', end: String(800 * 3600) });
  const r = await fetch(`${server.base}/loki/api/v1/query_range?${q}`);
  assert.equal(r.status, 400);
  assert.equal(await r.text(), 'the query time range exceeds the limit (query length: 800h0m0s, limit: 721h0m0s)');
});
