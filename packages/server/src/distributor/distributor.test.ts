// Validation and limits through the real push endpoint: Loki's status codes and messages, valid data kept.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ limits: { ingestionRateBytes: 2000, ingestionBurstBytes: 4000, maxLabelNamesPerSeries: 3 } });
});
after(async () => { await server.close(); });

const now = (): string => `${BigInt(Date.now()) * 1_000_000n}`;
const push = (streams: unknown): Promise<Response> => fetch(`${server.base}/loki/api/v1/push`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams }),
});
const count = async (q: string): Promise<number> => {
  const r = await fetch(`${server.base}/loki/api/v1/query_range?query=${encodeURIComponent(q)}&since=2h`);
  const body = (await r.json()) as { data: { result: { values: unknown[] }[] } };
  return body.data.result.reduce((n, s) => n + s.values.length, 0);
};

test('too many label names: 400 with Loki message, the valid stream of the same request is stored', async () => {
  const r = await push([
    { stream: { app: 'ok' }, values: [[now(), 'kept']] },
    { stream: { app: 'x', a: '1', b: '2', c: '3' }, values: [[now(), 'refused']] },
  ]);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /^entry for stream '\{a="1", app="x", b="2", c="3", service_name="x"\}' has 4 label names; limit 3\n$/);
  assert.equal(await count('{app="ok"}'), 1);
  assert.equal(await count('{app="x"}'), 0);
});

test('timestamps too old or too new are refused with their own messages', async () => {
  const old = `${(BigInt(Date.now()) - 8n * 24n * 3600_000n) * 1_000_000n}`;
  const future = `${(BigInt(Date.now()) + 3600_000n) * 1_000_000n}`;
  const r = await push([{ stream: { app: 't' }, values: [[old, 'old'], [future, 'new'], [now(), 'fine']] }]);
  assert.equal(r.status, 400);
  const text = await r.text();
  assert.match(text, /^2 errors like: entry for stream '\{app="t", service_name="t"\}' has timestamp too old: /);
  assert.match(text, /has timestamp too new: /);
  assert.equal(await count('{app="t"}'), 1);
});

test('the tenant ingestion rate limit answers 429 and stores nothing of that request', async () => {
  const big = 'x'.repeat(5000);
  const r = await push([{ stream: { app: 'rate' }, values: [[now(), big]] }]);
  assert.equal(r.status, 429);
  assert.match(await r.text(), /^ingestion rate limit exceeded for user fake \(limit: 2000 bytes\/sec\) while attempting to ingest '1' lines totaling '5000' bytes/);
  assert.equal(await count('{app="rate"}'), 0);
});

test('undecodable bodies are 400 and the server keeps serving', async () => {
  for (const [type, body] of [['application/json', '{"streams":[{"stream":{"a":"b"},"values":[["1","x",null]]}]}'], ['application/x-protobuf', 'not snappy']] as const) {
    const r = await fetch(`${server.base}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': type }, body });
    assert.equal(r.status, 400, `${type}: ${await r.text()}`);
  }
  const missing = await fetch(`${server.base}/loki/api/v1/push`, { method: 'POST', body: new Uint8Array([1]) });
  assert.equal(missing.status, 400);
  assert.equal((await missing.text()).trim(), 'mime: no media type');
  assert.equal((await fetch(`${server.base}/ready`)).status, 200);
});
