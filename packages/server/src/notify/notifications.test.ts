// End to end with a real `logi serve`: error lines pushed, the seeds' alert rule posted, and Logi's own
// receivers (a Slack stand-in, a webhook and a real SMTP server) told of it firing with its labels,
// annotations and value; a silence keeps the next notifications back and can be expired; the alert
// resolves once the errors stop and every receiver hears of it. A restart while firing tells nobody again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { freePort, pushLines, spawnLogi, startTempLogi, writeConfig } from '../testing/logi-process.js';
import { smtpSkip, startSmtp } from '../testing/smtp-server.js';
import { seedsAlertGroup } from '../testing/seeds-alert-group.js';
import { until } from '../testing/until.js';

const GROUP = seedsAlertGroup({
  window: '5s', threshold: 0.1, for: '2s',
  annotations: { summary: '{{ $labels.service }} logs {{ $value }} errors/s', description: 'errors in the python starter kit' },
});

interface HookAlert { status: string; labels: Record<string, string>; annotations: Record<string, string>; generatorURL: string }
interface HookPayload { version: string; status: string; receiver: string; groupKey: string; groupLabels: Record<string, string>; commonLabels: Record<string, string>; alerts: HookAlert[] }
interface SlackMessage { channel: string; text: string; attachments: { color: string; blocks: { type: string; text?: { text: string }; elements?: { url: string }[] }[] }[] }

/** An HTTP server on 127.0.0.1 that keeps every JSON body posted to it. */
async function recorder<T>(t: TestContext): Promise<{ url: string; bodies: T[] }> {
  const bodies: T[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString()) as T);
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies };
}


test('Logi\'s own receivers: Slack, webhook and email hear the alert fire, a silence holds them back, and all hear it resolve', { skip: smtpSkip(), timeout: 120_000 }, async (t) => {
  const slack = await recorder<SlackMessage>(t);
  const hook = await recorder<HookPayload>(t);
  const smtp = await startSmtp('plain');
  t.after(() => smtp.stop());

  const dir = mkdtempSync(join(tmpdir(), 'logi-notify-e2e-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const notifyFile = join(dir, 'notify.yml');
  writeFileSync(notifyFile, `route:
  receiver: team
  group_by: [alertname, service]
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 2s
  routes:
    - matchers: ['severity="ticket"']
      receiver: nobody
receivers:
  - name: nobody
  - name: team
    slack_configs: [{ api_url: '${slack.url}', channel: '#alerts', send_resolved: true }]
    webhook_configs: [{ url: '${hook.url}' }]
    email_configs: [{ to: ops@example.test, from: logi@example.test, smarthost: '${smtp.smarthost}', require_tls: false, send_resolved: true }]
`);
  const logi = await startTempLogi([], `ruler:
  evaluation_interval: 1s
  external_url: http://logi.test
logi:
  ruler:
    notification_config_file: ${notifyFile}
`);
  t.after(() => logi.close());

  // errors at 4 lines a second while `pushing`: a rate of 4/s, well over 0.1
  let pushing = true;
  const pusher = (async () => {
    while (pushing) {
      await pushLines(logi.base, { app: 'python-starter-kit', level: 'error', service: 'checkout' }, BigInt(Date.now()) * 1_000_000n, ['ERROR payment failed', 'ERROR payment failed']);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  t.after(async () => { pushing = false; await pusher; });
  assert.equal((await fetch(`${logi.base}/loki/api/v1/rules/seeds`, { method: 'POST', body: GROUP })).status, 202);

  // firing: each receiver has it, with the rule's labels, annotations and value
  const slackFiring = await until('Slack firing', () => slack.bodies.find((m) => m.attachments[0]!.color === 'danger'));
  assert.equal(slackFiring.channel, '#alerts');
  assert.equal(slackFiring.text, '[FIRING:1] PythonStarterKitErrors (checkout)');
  const slackText = slackFiring.attachments[0]!.blocks.filter((b) => b.type === 'section').map((b) => b.text!.text).join('\n');
  const value = Number(/value `([\d.e+-]+)`/.exec(slackText)?.[1]);
  assert.ok(value > 0.1, `value ${value} over the threshold`);
  assert.match(slackText, /\*Summary:\* checkout logs [\d.]+ errors\/s/);
  assert.match(slackText, /\*Description:\* errors in the python starter kit/);
  assert.match(slackText, /`severity=page`/);
  const button = slackFiring.attachments[0]!.blocks.find((b) => b.type === 'actions')!.elements![0]!.url;
  assert.match(button, /^http:\/\/logi\.test\/explore\?schemaVersion=1&panes=/);
  assert.ok(new URL(button).searchParams.get('panes')!.includes('python-starter-kit'));

  const hookFiring = await until('webhook firing', () => hook.bodies.find((p) => p.status === 'firing'));
  assert.equal(hookFiring.version, '4');
  assert.equal(hookFiring.receiver, 'team');
  assert.equal(hookFiring.groupKey, '{}:{alertname="PythonStarterKitErrors",service="checkout"}');
  assert.deepEqual(hookFiring.groupLabels, { alertname: 'PythonStarterKitErrors', service: 'checkout' });
  assert.deepEqual(hookFiring.commonLabels, { alertname: 'PythonStarterKitErrors', service: 'checkout', severity: 'page' });
  assert.deepEqual(hookFiring.alerts[0]!.labels, hookFiring.commonLabels);
  assert.match(hookFiring.alerts[0]!.annotations.summary!, /^checkout logs [\d.]+ errors\/s$/);
  assert.equal(hookFiring.alerts[0]!.generatorURL, button);

  const mailFiring = await until('email firing', () => smtp.messages().find((m) => m.subject.startsWith('[FIRING')));
  assert.equal(mailFiring.subject, '[FIRING:1] PythonStarterKitErrors (checkout)');
  assert.deepEqual(mailFiring.to, ['ops@example.test']);
  assert.match(mailFiring.text, /PythonStarterKitErrors is firing, value [\d.]+/);
  assert.match(mailFiring.text, /severity = page/);
  assert.match(mailFiring.text, /summary = checkout logs [\d.]+ errors\/s/);

  // a silence: nothing more while it lasts, though repeat_interval (2s) would have sent again
  const silence = { matchers: [{ name: 'alertname', value: 'PythonStarterKit.*', isRegex: true }], startsAt: new Date().toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString(), createdBy: 'test', comment: 'known' };
  const bad = await fetch(`${logi.base}/api/v2/silences`, { method: 'POST', body: JSON.stringify({ ...silence, endsAt: new Date(Date.now() - 60_000).toISOString(), startsAt: new Date(Date.now() - 120_000).toISOString() }) });
  assert.equal(bad.status, 400);
  assert.equal(await bad.json(), "Failed to create silence: end time can't be in the past");
  const created = await fetch(`${logi.base}/api/v2/silences`, { method: 'POST', body: JSON.stringify(silence) });
  assert.equal(created.status, 200);
  const { silenceID } = (await created.json()) as { silenceID: string };
  await new Promise((r) => setTimeout(r, 1500)); // a flush in flight when it was created may still arrive
  const counts = [slack.bodies.length, hook.bodies.length, smtp.messages().length];
  await new Promise((r) => setTimeout(r, 4000));
  assert.deepEqual([slack.bodies.length, hook.bodies.length, smtp.messages().length], counts, 'nothing sent while silenced');
  const listed = (await (await fetch(`${logi.base}/api/v2/silences`)).json()) as { id: string; status: { state: string } }[];
  assert.deepEqual(listed.map((s) => [s.id, s.status.state]), [[silenceID, 'active']]);
  assert.equal((await fetch(`${logi.base}/api/v2/silence/${silenceID}`, { method: 'DELETE' })).status, 200);
  const expired = (await (await fetch(`${logi.base}/api/v2/silence/${silenceID}`)).json()) as { status: { state: string } };
  assert.equal(expired.status.state, 'expired');

  // the errors stop: every receiver hears of the resolution
  pushing = false;
  await pusher;
  const slackResolved = await until('Slack resolved', () => slack.bodies.find((m) => m.attachments[0]!.color === 'good'));
  assert.equal(slackResolved.text, '[RESOLVED] PythonStarterKitErrors (checkout)');
  const hookResolved = await until('webhook resolved', () => hook.bodies.find((p) => p.status === 'resolved'));
  assert.equal(hookResolved.alerts[0]!.status, 'resolved');
  assert.deepEqual(hookResolved.alerts[0]!.labels, hookFiring.alerts[0]!.labels);
  const mailResolved = await until('email resolved', () => smtp.messages().find((m) => m.subject.startsWith('[RESOLVED')));
  assert.equal(mailResolved.subject, '[RESOLVED] PythonStarterKitErrors (checkout)');

  const status = (await (await fetch(`${logi.base}/logi/api/v1/notifications`)).json()) as { data: { receiver: string; integration: string; sent: number; failed: number }[] };
  assert.deepEqual(status.data.map((s) => [s.receiver, s.integration, s.failed]), [['team', 'slack[0]', 0], ['team', 'webhook[0]', 0], ['team', 'email[0]', 0]]);
  assert.ok(status.data.every((s) => s.sent >= 2));
});

test('a restart while firing: Logi\'s receivers are not told again (what was sent is kept), and hear the resolution', { timeout: 120_000 }, async (t) => {
  const hook = await recorder<HookPayload>(t);
  const dir = mkdtempSync(join(tmpdir(), 'logi-notify-restart-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const notifyFile = join(dir, 'notify.yml');
  writeFileSync(notifyFile, `route: { receiver: team, group_by: [alertname, service], group_wait: 0s, group_interval: 1s, repeat_interval: 1h }
receivers: [{ name: team, webhook_configs: [{ url: '${hook.url}' }] }]
`);
  const port = await freePort();
  const config = writeConfig(dir, port, `auth_enabled: false
limits_config: { reject_old_samples: false }
ruler: { evaluation_interval: 1s }
logi: { ruler: { notification_config_file: ${notifyFile} } }
`);
  let logi = await spawnLogi([`-config.file=${config}`], port);
  t.after(() => logi.kill());
  let pushing = true;
  const pusher = (async () => {
    while (pushing) {
      await pushLines(logi.base, { app: 'python-starter-kit', level: 'error', service: 'checkout' }, BigInt(Date.now()) * 1_000_000n, ['ERROR payment failed', 'ERROR payment failed'])
        .catch(() => undefined); // during the restart
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  t.after(async () => { pushing = false; await pusher; });
  assert.equal((await fetch(`${logi.base}/loki/api/v1/rules/seeds`, { method: 'POST', body: GROUP })).status, 202);
  await until('webhook firing', () => hook.bodies.find((p) => p.status === 'firing'));

  await logi.kill('SIGTERM');
  logi = await spawnLogi([`-config.file=${config}`], port);
  // the restored alert goes on firing (the rule evaluates every second) without a second message
  await until('firing again after the restart', async () => {
    const alerts = (await (await fetch(`${logi.base}/prometheus/api/v1/alerts`)).json()) as { data: { alerts: { state: string }[] } };
    return alerts.data.alerts.some((a) => a.state === 'firing') || undefined;
  });
  await new Promise((r) => setTimeout(r, 4000));
  assert.deepEqual(hook.bodies.map((p) => p.status), ['firing'], 'told once, across the restart');

  pushing = false;
  await pusher;
  await until('webhook resolved', () => hook.bodies.find((p) => p.status === 'resolved'));
  assert.deepEqual(hook.bodies.map((p) => p.status), ['firing', 'resolved']);
});
