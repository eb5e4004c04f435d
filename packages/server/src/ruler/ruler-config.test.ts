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
