import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../app/config.js';

function load(yaml: string): ReturnType<typeof loadConfig> {
  const dir = mkdtempSync(join(tmpdir(), 'logi-ruler-config-'));
  try {
    const file = join(dir, 'logi.yaml');
    writeFileSync(file, yaml);
    return loadConfig({ configFile: file, expandEnv: false, printConfig: false, help: false, version: false });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the ruler block is read with Loki\'s keys and defaults', () => {
  const c = load(`
auth_enabled: false
common: { path_prefix: /tmp/logi-x }
ruler:
  storage: { type: local, local: { directory: /etc/logi/rules } }
  rule_path: /tmp/scratch
  evaluation_interval: 15s
  alertmanager_url: http://am1:9093, http://u:p@am2:9093/am
  alertmanager_client: { type: Bearer, credentials: tok }
  notification_queue_capacity: 50
  resend_delay: 30s
  external_url: https://logi.example/
  external_labels: { cluster: eu }
`);
  const r = c.ruler;
  assert.equal(r.localDirectory, '/etc/logi/rules', 'the ruler\'s own storage wins over common.storage');
  assert.equal(c.rulesDirectory, '/tmp/logi-x/rules');
  assert.equal(r.evaluationIntervalMs, 15_000);
  assert.deepEqual(r.alertmanagerUrls, ['http://am1:9093', 'http://u:p@am2:9093/am']);
  assert.equal(r.alertmanagerClient.credentials, 'tok');
  assert.equal(r.notificationQueueCapacity, 50);
  assert.equal(r.resendDelayMs, 30_000);
  assert.equal(r.externalUrl, 'https://logi.example');
  assert.deepEqual(r.externalLabels, { cluster: 'eu' });
  assert.deepEqual(c.ignoredKeys, [], 'rule_path and storage.type are understood');

  const d = load('common: { path_prefix: /tmp/logi-y, storage: { filesystem: { rules_directory: /srv/rules } } }\n').ruler;
  assert.equal(d.localDirectory, '/srv/rules', 'without ruler storage, the common rules directory');
  assert.deepEqual([d.evaluationIntervalMs, d.resendDelayMs, d.notificationQueueCapacity, d.alertmanagerUrls.length], [60_000, 60_000, 10_000, 0]);
});

test('ruler.remote_write: Loki\'s client and clients as Prometheus remote_write configs, bad ones refused by key', () => {
  const c = load(`
ruler:
  remote_write:
    enabled: true
    client:
      url: http://prom:9090/api/v1/write
      bearer_token: tok
    clients:
      thanos:
        url: https://thanos.example/api/v1/receive
        remote_timeout: 5s
        headers: { X-Team: payments }
        basic_auth: { username: ruler, password: secret }
        queue_config: { capacity: 100, max_samples_per_send: 10, batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 2s, max_shards: 4 }
`);
  const rw = c.ruler.remoteWrite;
  assert.equal(rw.enabled, true);
  assert.equal(rw.addOrgIdHeader, true, 'Loki sends the tenant by default');
  assert.deepEqual(rw.client?.authorization, { type: 'Bearer', credentials: 'tok', credentialsFile: '' });
  assert.equal(rw.client?.queue.batchSendDeadlineMs, 5000, 'Prometheus\' default');
  const thanos = rw.clients.get('thanos')!;
  assert.equal(thanos.name, 'thanos');
  assert.equal(thanos.remoteTimeoutMs, 5000);
  assert.deepEqual(thanos.headers, { 'X-Team': 'payments' });
  assert.deepEqual(thanos.basicAuth, { username: 'ruler', password: 'secret', passwordFile: '' });
  assert.deepEqual(thanos.queue, { capacity: 100, maxSamplesPerSend: 10, batchSendDeadlineMs: 1000, minBackoffMs: 100, maxBackoffMs: 2000, retryOnHttp429: true });
  assert.deepEqual(c.ignoredKeys, ['ruler.remote_write.clients.thanos.queue_config.max_shards']);

  const bad = (yaml: string, message: RegExp): void => assert.throws(() => load(`ruler:\n  remote_write:\n${yaml}`), message);
  bad('    enabled: true\n', /ruler\.remote_write\.enabled is true but no ruler\.remote_write\.client or clients has a url/);
  bad('    client: { urll: http://p/api/v1/write }\n', /ruler\.remote_write\.client: unknown key "urll"; did you mean "url"\?/);
  bad('    client: { headers: {} }\n', /ruler\.remote_write\.client\.url: required/);
  bad('    client: { url: "prom:9090" }\n', /ruler\.remote_write\.client\.url: expected http or https/);
  bad('    clients: { a: { url: http://p, tls_config: { ca_file: x } } }\n', /ruler\.remote_write\.clients\.a\.tls_config: not supported by Logi's remote write/);
  bad('    client: { url: http://p, bearer_token: t, basic_auth: { username: u } }\n', /at most one of basic_auth, authorization and bearer_token/);
  bad('    client: { url: http://p, queue_config: { capacity: -1 } }\n', /queue_config\.capacity: expected a positive whole number/);
  bad('    client: { url: http://p, queue_config: { min_backoff: 10s } }\n', /min_backoff: larger than max_backoff/);
});
