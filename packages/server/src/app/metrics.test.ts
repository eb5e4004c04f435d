// GET /metrics on a real server: what was pushed, refused and asked for shows under Loki's metric names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from '../testing/test-server.js';
import { routeName } from './metrics.js';

/** `name{labels} value` lines of a Prometheus text exposition, by series. */
function samples(body: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

const push = (base: string, streams: unknown[], tenant = 'team-a'): Promise<Response> =>
  fetch(`${base}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Scope-OrgID': tenant }, body: JSON.stringify({ streams }) });

test('/metrics counts received lines and bytes per tenant, refusals by Loki\'s reason, streams in memory and requests by route', async (t) => {
  const srv = await startTestServer({ authEnabled: true, limits: { maxLineSize: 100 } });
  t.after(() => srv.close());
  const now = BigInt(Date.now()) * 1_000_000n;
  const week = 7n * 86_400_000_000_000n;
  assert.equal((await push(srv.base, [
    { stream: { app: 'api' }, values: [[String(now), 'one'], [String(now + 1n), 'three']] },
    { stream: { app: 'web' }, values: [[String(now), 'fours']] },
  ])).status, 204);
  const refused = await push(srv.base, [{ stream: { app: 'api' }, values: [[String(now - 2n * week), 'too old'], [String(now + 2n), 'x'.repeat(101)], [String(now + 3n), 'ok']] }]);
  assert.equal(refused.status, 400);
  assert.equal((await push(srv.base, [{ stream: { app: 'cron' }, values: [[String(now), 'b']] }], 'team-b')).status, 204);
  assert.equal((await fetch(`${srv.base}/loki/api/v1/label/app/values`, { headers: { 'X-Scope-OrgID': 'team-a' } })).status, 200);

  const res = await fetch(`${srv.base}/metrics`); // no tenant needed, as Loki's
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^text\/plain; version=0\.0\.4/);
  const m = samples(await res.text());
  assert.equal(m.get('loki_distributor_lines_received_total{tenant="team-a"}'), 4);
  assert.equal(m.get('loki_distributor_bytes_received_total{tenant="team-a"}'), 3 + 5 + 5 + 2);
  assert.equal(m.get('loki_distributor_lines_received_total{tenant="team-b"}'), 1);
  assert.equal(m.get('loki_discarded_samples_total{reason="greater_than_max_sample_age",tenant="team-a"}'), 1);
  assert.equal(m.get('loki_discarded_bytes_total{reason="greater_than_max_sample_age",tenant="team-a"}'), 7);
  assert.equal(m.get('loki_discarded_samples_total{reason="line_too_long",tenant="team-a"}'), 1);
  assert.equal(m.get('loki_discarded_bytes_total{reason="line_too_long",tenant="team-a"}'), 101);
  assert.equal(m.get('loki_ingester_memory_streams{tenant="team-a"}'), 2);
  assert.equal(m.get('loki_ingester_memory_streams{tenant="team-b"}'), 1);
  assert.equal(m.get('loki_request_duration_seconds_count{method="POST",route="loki_api_v1_push",status_code="204",ws="false"}'), 2);
  assert.equal(m.get('loki_request_duration_seconds_count{method="POST",route="loki_api_v1_push",status_code="400",ws="false"}'), 1);
  assert.equal(m.get('loki_request_duration_seconds_count{method="GET",route="loki_api_v1_label_name_values",status_code="200",ws="false"}'), 1);
  assert.equal(m.get('loki_build_info{version="3.6.7",revision="logi",branch="main",goversion="node' + process.versions.node + '"}'), 1);
  assert.ok((m.get('process_resident_memory_bytes') ?? 0) > 0);
});

test('route names are Loki\'s', () => {
  assert.equal(routeName('/loki/api/v1/query_range'), 'loki_api_v1_query_range');
  assert.equal(routeName('/loki/api/v1/label/:name/values'), 'loki_api_v1_label_name_values');
  assert.equal(routeName(''), 'other');
});
