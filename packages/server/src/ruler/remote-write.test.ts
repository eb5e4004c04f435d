// End to end: a recording rule in a real `logi serve` remote-writes its samples to Debian's Prometheus
// (started after Logi, so the first sends fail and are retried with backoff) and to a second client, a
// local receiver that checks the wire headers and answers 503 twice first; Prometheus answers the
// recorded series with the rule's labels, `__name__` and the expected values, and a series that ends
// gets Prometheus' staleness marker; an alerting rule's ALERTS series is written too.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { freePort, pushLines, startTempLogi } from '../testing/logi-process.js';
import { prometheusSkip, startPrometheus } from '../testing/prometheus.js';
import { until } from '../testing/until.js';

const GROUP = `name: recorded
interval: 1s
rules:
  - record: service:errors:count1h
    expr: sum by (service) (count_over_time({app="python-starter-kit", level="error"}[1h]))
    labels:
      team: payments
  - record: burst:count3s
    expr: count_over_time({app="burst"}[3s])
  - alert: ManyErrors
    expr: sum by (service) (count_over_time({app="python-starter-kit", level="error"}[1h])) > 5
`;

test('a recording rule\'s samples reach Prometheus by remote write, retried until it is up, with the tenant and auth headers', { skip: prometheusSkip(), timeout: 120_000 }, async (t) => {
  const requests: { status: number; headers: IncomingHttpHeaders; bytes: number }[] = [];
  const receiver = createServer((req, res) => {
    let bytes = 0;
    req.on('data', (c: Buffer) => { bytes += c.length; });
    req.on('end', () => {
      // two failures first: the batch must come again after a backoff
      const status = requests.length < 2 ? 503 : 204;
      requests.push({ status, headers: req.headers, bytes });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => receiver.close(() => r())));

  const promPort = await freePort();
  const queue = 'queue_config: { batch_send_deadline: 100ms, min_backoff: 50ms, max_backoff: 400ms }';
  const logi = await startTempLogi([], `ruler:
  evaluation_interval: 1s
  remote_write:
    enabled: true
    client:
      url: http://127.0.0.1:${promPort}/api/v1/write
      ${queue}
    clients:
      receiver:
        url: http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push
        basic_auth: { username: ruler, password: secret }
        headers: { X-Team: payments }
        ${queue}
`);
  t.after(() => logi.close());

  const t0 = BigInt(Date.now() - 60_000) * 1_000_000n;
  assert.equal((await pushLines(logi.base, { app: 'python-starter-kit', level: 'error', service: 'checkout' }, t0, Array(7).fill('ERROR payment failed'))).status, 204);
  assert.equal((await pushLines(logi.base, { app: 'python-starter-kit', level: 'error', service: 'cart' }, t0, Array(3).fill('ERROR cart lost'))).status, 204);
  assert.equal((await fetch(`${logi.base}/loki/api/v1/rules/seeds`, { method: 'POST', body: GROUP })).status, 202);
  // a series that exists for 3 s only
  assert.equal((await pushLines(logi.base, { app: 'burst' }, BigInt(Date.now()) * 1_000_000n, ['a', 'b'])).status, 204);

  // Prometheus is not there yet: Logi retries
  await until('a failed remote write retried', () => (logi.stderr().includes('msg="remote write failed, retrying"') ? true : undefined));
  const prom = await startPrometheus(promPort);
  t.after(() => prom.stop());

  const series = await until('the recorded series in Prometheus', async () => {
    const r = await prom.query('service:errors:count1h');
    return r.length === 2 ? r : undefined;
  });
  const byService = Object.fromEntries(series.map((s) => [s.metric.service, s]));
  assert.deepEqual(byService.checkout!.metric, { __name__: 'service:errors:count1h', service: 'checkout', team: 'payments' });
  assert.equal(byService.checkout!.value, 7);
  assert.deepEqual(byService.cart!.metric, { __name__: 'service:errors:count1h', service: 'cart', team: 'payments' });
  assert.equal(byService.cart!.value, 3);
  // one sample per evaluation, at the evaluation's time (a whole second: the group's 1s ticks)
  const samples = await until('several evaluations', async () => {
    const r = await prom.query('count_over_time(service:errors:count1h{service="checkout"}[1m])');
    return r[0] && r[0].value >= 3 ? r : undefined;
  });
  assert.ok(samples[0]!.value >= 3);

  // the burst was recorded, then ended by a staleness marker: Prometheus no longer answers it, though
  // its last sample is well within the 5-minute lookback
  const burst = await until('the burst in Prometheus', async () => {
    const r = await prom.query('max_over_time(burst:count3s[1m])');
    return r[0];
  });
  assert.equal(burst.value, 2);
  assert.equal(burst.metric.app, 'burst');
  await until('the burst ended by a staleness marker', async () => ((await prom.query('burst:count3s')).length === 0 ? true : undefined));

  // an alerting rule writes Prometheus' ALERTS series: the alert firing (no `for`) for checkout's 7 errors only
  const alerts = await until('ALERTS in Prometheus', async () => {
    const r = await prom.query('ALERTS');
    return r.length > 0 ? r : undefined;
  });
  assert.deepEqual(alerts.map((a) => a.metric), [{ __name__: 'ALERTS', alertname: 'ManyErrors', alertstate: 'firing', service: 'checkout' }]);
  assert.equal(alerts[0]!.value, 1);

  // the other client: failures retried, then accepted; every request with the remote-write headers
  await until('the receiver accepted a request', () => (requests.some((r) => r.status === 204) ? true : undefined));
  for (const r of requests) {
    assert.equal(r.headers['content-encoding'], 'snappy');
    assert.equal(r.headers['content-type'], 'application/x-protobuf');
    assert.equal(r.headers['x-prometheus-remote-write-version'], '0.1.0');
    assert.equal(r.headers['x-scope-orgid'], 'fake', 'the tenant, as Loki sends it with auth_enabled: false');
    assert.equal(r.headers.authorization, `Basic ${Buffer.from('ruler:secret').toString('base64')}`);
    assert.equal(r.headers['x-team'], 'payments');
    assert.ok(r.bytes > 0);
  }
  assert.deepEqual(requests.slice(0, 3).map((r) => r.status), [503, 503, 204]);
  assert.equal(requests[2]!.bytes, requests[0]!.bytes, 'the failed batch itself was sent again');
});
