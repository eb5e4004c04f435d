// auth_enabled: true — every call needs X-Scope-OrgID, and tenants never see each other's data.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
before(async () => { server = await startTestServer({ authEnabled: true }); });
after(async () => { await server.close(); });

const push = (tenant: string | undefined, app: string, line: string): Promise<Response> => fetch(`${server.base}/loki/api/v1/push`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', ...(tenant ? { 'X-Scope-OrgID': tenant } : {}) },
  body: JSON.stringify({ streams: [{ stream: { app }, values: [[`${BigInt(Date.now()) * 1_000_000n}`, line]] }] }),
});

const query = async (tenant: string, q: string): Promise<string[]> => {
  const r = await fetch(`${server.base}/loki/api/v1/query_range?query=${encodeURIComponent(q)}&since=1h`, { headers: { 'X-Scope-OrgID': tenant } });
  assert.equal(r.status, 200);
  const body = (await r.json()) as { data: { result: { values: [string, string][] }[] } };
  return body.data.result.flatMap((s) => s.values.map((v) => v[1]));
};

test('a call without X-Scope-OrgID is refused with 401 no org id', async () => {
  const r = await push(undefined, 'a', 'x');
  assert.equal(r.status, 401);
  assert.equal((await r.text()).trim(), 'no org id');
  const q = await fetch(`${server.base}/loki/api/v1/labels`);
  assert.equal(q.status, 401);
});

test('tenants never see each other', async () => {
  assert.equal((await push('team-a', 'shop', 'from a')).status, 204);
  assert.equal((await push('team-b', 'shop', 'from b')).status, 204);
  assert.deepEqual(await query('team-a', '{app="shop"}'), ['from a']);
  assert.deepEqual(await query('team-b', '{app="shop"}'), ['from b']);
  assert.deepEqual(await query('team-c', '{app="shop"}'), []);
  const labels = await fetch(`${server.base}/loki/api/v1/labels?since=1h`, { headers: { 'X-Scope-OrgID': 'team-c' } });
  assert.deepEqual(await labels.json(), { status: 'success' });
});

test('an invalid tenant id is refused', async () => {
  const r = await push('bad/tenant', 'a', 'x');
  assert.equal(r.status, 401);
});

/** Every route that reads or writes tenant data; /flush (all tenants, as Loki's ingester admin endpoint), /ready, buildinfo and format_query need no tenant. */
const TENANT_SCOPED: [string, string][] = [
  ['POST', '/loki/api/v1/push'], ['POST', '/api/prom/push'], ['POST', '/otlp/v1/logs'],
  ['GET', '/loki/api/v1/query_range?query={a="b"}'], ['GET', '/loki/api/v1/query?query={a="b"}'], ['GET', '/api/prom/query?query={a="b"}'],
  ['GET', '/loki/api/v1/labels'], ['GET', '/loki/api/v1/label'], ['GET', '/loki/api/v1/label/a/values'],
  ['GET', '/api/prom/label'], ['GET', '/api/prom/label/a/values'], ['GET', '/loki/api/v1/series?match[]={a="b"}'], ['GET', '/api/prom/series?match[]={a="b"}'],
  ['GET', '/loki/api/v1/index/stats?query={a="b"}'], ['GET', '/loki/api/v1/index/volume?query={a="b"}'], ['GET', '/loki/api/v1/index/volume_range?query={a="b"}'],
  ['GET', '/loki/api/v1/detected_labels'], ['GET', '/loki/api/v1/detected_fields?query={a="b"}'], ['GET', '/loki/api/v1/detected_field/a/values?query={a="b"}'],
  ['GET', '/loki/api/v1/patterns?query={a="b"}'], ['GET', '/loki/api/v1/drilldown-limits'],
  ['GET', '/loki/api/v1/tail?query={a="b"}'], ['GET', '/api/prom/tail?query={a="b"}'],
];

test('every tenant-scoped route answers 401 no org id without X-Scope-OrgID', async () => {
  for (const [method, path] of TENANT_SCOPED) {
    const r = await fetch(`${server.base}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
    assert.equal(r.status, 401, `${method} ${path}`);
    assert.equal((await r.text()).trim(), 'no org id', `${method} ${path}`);
  }
});

test('/flush is an admin endpoint, as in Loki: it flushes every tenant and needs no X-Scope-OrgID', async () => {
  assert.equal((await fetch(`${server.base}/flush`, { method: 'POST' })).status, 204);
});
