// End to end: error lines pushed to Logi, the seeds' alert rule posted through the ruler API, the alert
// pending then firing, delivered to a real Alertmanager and by it to a webhook; Logi restarted while it
// fires keeps its state; the alert resolves once the errors stop, and Alertmanager and the webhook hear it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { alertmanagerSkip, startAlertmanager } from '../testing/alertmanager.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { seedsAlertGroup } from '../testing/seeds-alert-group.js';
import { until } from '../testing/until.js';

interface WebhookAlert { status: string; labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; endsAt: string; generatorURL: string }

const GROUP = seedsAlertGroup({ window: '5s', threshold: 0.1, for: '2s', annotations: { summary: '{{ $labels.service }} logs {{ humanize $value }} errors/s' } });


test('the seeds\' error alert goes pending, fires, reaches Alertmanager and its webhook, survives a restart and resolves', { skip: alertmanagerSkip(), timeout: 120_000 }, async (t) => {
  const received: WebhookAlert[] = [];
  const webhook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(...(JSON.parse(Buffer.concat(chunks).toString()) as { alerts: WebhookAlert[] }).alerts);
      res.end();
    });
  });
  await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => webhook.close(() => r())));
  const am = await startAlertmanager(`http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`);
  t.after(() => am.stop());

  const dir = mkdtempSync(join(tmpdir(), 'logi-ruler-e2e-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ruler = { evaluationIntervalMs: 1000, pollIntervalMs: 60_000, alertmanagerUrls: [am.url], externalUrl: 'http://logi.test' };
  let srv: TestServer = await startTestServer({ dir, ruler });
  t.after(() => srv.close());

  // errors at 4 lines a second while `pushing`: a rate of 4/s, well over 0.1
  let pushing = true;
  const push = async (): Promise<void> => {
    while (pushing) {
      const now = BigInt(Date.now()) * 1_000_000n;
      const values = [0n, 1n].map((i) => [(now + i).toString(), 'ERROR payment failed']);
      await fetch(`${srv.base}/loki/api/v1/push`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ streams: [{ stream: { app: 'python-starter-kit', level: 'error', service: 'checkout' }, values }] }),
      }).catch(() => undefined); // during the restart
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const pusher = push();

  const res = await fetch(`${srv.base}/loki/api/v1/rules/seeds`, { method: 'POST', body: GROUP });
  assert.equal(res.status, 202);

  const rulesAlert = async (): Promise<{ state: string; activeAt: string; value: string } | undefined> => {
    const body = (await (await fetch(`${srv.base}/prometheus/api/v1/alerts`)).json()) as { data: { alerts: { state: string; activeAt: string; value: string }[] } };
    return body.data.alerts[0];
  };
  const pending = await until('pending', async () => ((await rulesAlert())?.state === 'pending' ? rulesAlert() : undefined));
  const firing = await until('firing', async () => ((await rulesAlert())?.state === 'firing' ? rulesAlert() : undefined));
  assert.equal(firing!.activeAt, pending!.activeAt, 'the same alert, pending then firing');

  // Alertmanager has it, with the rule's labels and the rendered annotation
  const amAlert = await until('in Alertmanager', async () => {
    const alerts = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as WebhookAlert[];
    return alerts.find((a) => a.labels.alertname === 'PythonStarterKitErrors');
  });
  assert.deepEqual(amAlert.labels, { alertname: 'PythonStarterKitErrors', service: 'checkout', severity: 'page' });
  assert.match(amAlert.annotations.summary!, /^checkout logs \d+(\.\d+)?m? errors\/s$/);
  assert.match(amAlert.generatorURL, /^http:\/\/logi\.test\/explore\?schemaVersion=1&panes=/);
  assert.ok(decodeURIComponent(new URL(amAlert.generatorURL).searchParams.get('panes')!).includes('python-starter-kit'));
  const hookFiring = await until('webhook firing', async () => received.find((a) => a.status === 'firing'));
  assert.equal(hookFiring.labels.service, 'checkout');
  assert.equal(hookFiring.annotations.summary, amAlert.annotations.summary);

  // a restart while firing: the state comes back from the data directory, still firing since the same time
  await srv.close();
  srv = await startTestServer({ dir, ruler });
  const afterRestart = await rulesAlert();
  assert.equal(afterRestart?.state, 'firing');
  assert.equal(afterRestart.activeAt, firing!.activeAt);

  // the errors stop: once the 5s window has no more lines the alert resolves, in Logi, Alertmanager and the webhook
  pushing = false;
  await pusher;
  await until('resolved in Logi', async () => ((await rulesAlert()) === undefined ? true : undefined));
  const hookResolved = await until('webhook resolved', async () => received.find((a) => a.status === 'resolved'));
  assert.equal(hookResolved.labels.alertname, 'PythonStarterKitErrors');
  assert.equal(hookResolved.startsAt, hookFiring.startsAt, 'the same alert, started when it fired');
  await until('resolved in Alertmanager', async () => {
    const alerts = (await (await fetch(`${am.url}/api/v2/alerts?active=true`)).json()) as WebhookAlert[];
    return alerts.length === 0 ? true : undefined;
  });
});
