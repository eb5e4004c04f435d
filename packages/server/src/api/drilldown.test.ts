// The Logs Drilldown endpoints over HTTP on a real `logi serve`: shapes, parameters and refusals.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
const now = BigInt(Date.now()) * 1_000_000n;

before(async () => {
  server = await startTestServer({ limits: { maxEntriesLimitPerQuery: 500 } });
  const values = (n: number, line: (i: number) => string): [string, string][] =>
    Array.from({ length: n }, (_, i) => [String(now - BigInt(n - i) * 1_000_000_000n), line(i)]);
  const r = await fetch(`${server.base}/loki/api/v1/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ streams: [
      { stream: { app: 'api', pod: '1', request: '4' }, values: values(5, (i) => `level=info status=${200 + i} took=${i}ms`) },
      { stream: { app: 'api', pod: '2', request: '5' }, values: values(3, (i) => JSON.stringify({ user: { id: `u${i}` } })) },
    ] }),
  });
  assert.equal(r.status, 204);
});
after(async () => { await server.close(); });

async function get(path: string, params: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${server.base}${path}?${new URLSearchParams({ since: '1h', ...params })}`);
  const text = await r.text();
  return { status: r.status, body: (r.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
}

test('detected_fields answers fields from both line formats, with the limit', async () => {
  const r = await get('/loki/api/v1/detected_fields', { query: '{app="api"}' });
  assert.equal(r.status, 200);
  const body = r.body as { fields: { label: string; type: string; parsers: string[] | null; jsonPath?: string[] }[]; limit: number };
  assert.equal(body.limit, 1000);
  const byLabel = Object.fromEntries(body.fields.map((f) => [f.label, f]));
  assert.deepEqual(byLabel.status, { label: 'status', type: 'int', cardinality: 5, parsers: ['logfmt'] });
  assert.equal(byLabel.took?.type, 'duration');
  assert.deepEqual(byLabel.user_id?.jsonPath, ['user', 'id']);
  assert.ok(byLabel.detected_level, 'detected_level comes from structured metadata');
  assert.equal(byLabel.detected_level.parsers, null);
});

test('detected_fields takes line_limit and limit; an empty answer is {}', async () => {
  const two = (await get('/loki/api/v1/detected_fields', { query: '{app="api"} |= "status"', line_limit: '1', limit: '2' })).body as { fields: unknown[]; limit: number };
  assert.equal(two.fields.length, 2);
  assert.equal(two.limit, 2);
  assert.deepEqual((await get('/loki/api/v1/detected_fields', { query: '{app="none"}' })).body, {});
});

test('detected_field/<name>/values', async () => {
  const r = await get('/loki/api/v1/detected_field/status/values', { query: '{app="api"}' });
  assert.equal(r.status, 200);
  const body = r.body as { values: string[]; limit: number };
  assert.deepEqual([...body.values].sort(), ['200', '201', '202', '203', '204']);
  assert.equal(body.limit, 1000);
  assert.deepEqual((await get('/loki/api/v1/detected_field/nope/values', { query: '{app="api"}' })).body, {});
});

test('detected_fields refusals are 400 with Loki texts', async () => {
  const f = async (params: Record<string, string>, text: string): Promise<void> => {
    const r = await get('/loki/api/v1/detected_fields', params);
    assert.equal(r.status, 400, JSON.stringify(params));
    assert.equal(String(r.body).trim(), text);
  };
  await f({ query: 'sum(rate({app="api"}[1m]))' }, 'only log selector is supported');
  await f({ query: '{app="api"}', line_limit: '0' }, 'limit must be a positive value');
  await f({ query: '{app="api"}', line_limit: 'x' }, 'strconv.Atoi: parsing "x": invalid syntax');
  await f({ query: '{app="api"}', line_limit: '501' }, 'max entries limit per query exceeded, limit > max_entries_limit_per_query (501 > 500)');
  await f({ query: '{app="api"}', step: '0' }, 'zero or negative query resolution step widths are not accepted. Try a positive integer');
  assert.equal((await get('/loki/api/v1/detected_fields', { query: '{app="api"' })).status, 400);
});

test('detected_labels drops ID-like labels but keeps pod', async () => {
  const r = await get('/loki/api/v1/detected_labels', { query: '{app="api"}' });
  assert.equal(r.status, 200);
  const labels = (r.body as { detectedLabels: { label: string; cardinality: number }[] }).detectedLabels;
  assert.deepEqual(labels.map((l) => l.label).sort(), ['app', 'pod', 'service_name']);
  assert.equal(labels.find((l) => l.label === 'pod')?.cardinality, 2);
  assert.deepEqual((await get('/loki/api/v1/detected_labels', { query: '{app="none"}' })).body, {});
  assert.equal((await get('/loki/api/v1/detected_labels', { query: '{app="api"} | json' })).status, 400);
});

test('a pattern seen fewer than 30 times is left out, as Loki does; drilldown-limits describes the server', async () => {
  assert.deepEqual((await get('/loki/api/v1/patterns', { query: '{app="api"}' })).body, { status: 'success', data: [] });
  const limits = (await get('/loki/api/v1/drilldown-limits', {})).body as { limits: Record<string, unknown>; pattern_ingester_enabled: boolean; version: string };
  assert.equal(limits.pattern_ingester_enabled, true, 'the default config mines patterns (Loki\'s local-config)');
  assert.equal(limits.version, '3.6.7');
  assert.equal(limits.limits.max_entries_limit_per_query, 500);
  assert.equal(limits.limits.max_query_length, '30d1h');
  assert.equal(limits.limits.discover_log_levels, true);
});
