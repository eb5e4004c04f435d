import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Alert } from './alerting-rule.js';
import { AlertStateFile, ruleStateKey } from './alert-state-file.js';

const alert: Alert = {
  labels: { alertname: 'A', service: 'api' }, annotations: { summary: 's' }, state: 'firing', value: 0.5,
  activeAtMs: 1000, firedAtMs: 2000, resolvedAtMs: 0, lastSentAtMs: 2000, keepFiringSinceMs: 0, validUntilMs: 9000,
};

test('alert state is saved through a rename and read back; too old or unreadable state is not restored', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-alert-state-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = new AlertStateFile(join(dir, 'ruler', 'alerts.json'));
  const key = ruleStateKey('fake', 'ns', 'g', 'A', 'vector(1)');
  assert.equal((await file.load(0, 3600_000)).size, 0, 'no file yet');
  await file.save(new Map([[key, [alert]]]), 10_000);
  assert.deepEqual(readdirSync(join(dir, 'ruler')), ['alerts.json'], 'no temporary file left');
  assert.deepEqual((await file.load(20_000, 3600_000)).get(key), [alert]);
  assert.equal((await file.load(10_000 + 3600_001, 3600_000)).size, 0, 'older than the outage tolerance');
  writeFileSync(file.path, '{"version":1,');
  assert.equal((await file.load(20_000, 3600_000)).size, 0, 'a damaged file is ignored');
});
