// The notification file in Alertmanager's format, and the logi: block of the server's config naming it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../app/config.js';
import { parseNotificationConfig } from './notification-config.js';

test('child routes inherit receiver, group_by and timings; matchers, match and match_re all match', () => {
  const c = parseNotificationConfig(`
global: { smtp_smarthost: 'mail.example.test:465', smtp_from: logi@example.test }
route:
  receiver: team
  group_by: [alertname]
  group_wait: 10s
  routes:
    - matchers: ['severity=~"page|critical"', 'team!=db']
      group_interval: 1m
    - match: { team: db }
      match_re: { env: 'prod.*' }
      receiver: db
receivers:
  - name: team
    email_configs: [{ to: ops@example.test }]
  - name: db
    slack_configs: [{ api_url: 'https://hooks.slack.test/x' }]
`);
  const [page, db] = c.route.routes;
  assert.deepEqual([page!.receiver, page!.groupBy, page!.groupWaitMs, page!.groupIntervalMs, page!.repeatIntervalMs], ['team', ['alertname'], 10_000, 60_000, 4 * 3_600_000]);
  assert.deepEqual(page!.matchers.map((m) => `${m.name}${m.type}${m.value}`), ['severity=~page|critical', 'team!=db']);
  assert.deepEqual(db!.matchers.map((m) => `${m.name}${m.type}${m.value}`), ['team=db', 'env=~prod.*']);
  const email = c.receivers.get('team')!.integrations[0]!;
  assert.ok(email.kind === 'email');
  // from the globals; port 465 means implicit TLS, as in Alertmanager
  assert.deepEqual([email.host, email.port, email.from, email.implicitTls, email.requireTls, email.sendResolved], ['mail.example.test', 465, 'logi@example.test', true, true, false]);
  assert.equal(c.receivers.get('db')!.integrations[0]!.sendResolved, false);
});

test('wrong notification files are refused with what and where', () => {
  const receivers = 'receivers: [{ name: team, webhook_configs: [{ url: "http://127.0.0.1:1/" }] }]\n';
  assert.throws(() => parseNotificationConfig(receivers), /no routes provided/);
  assert.throws(() => parseNotificationConfig(`route: { receiver: other }\n${receivers}`), /undefined receiver "other" used in route/);
  assert.throws(() => parseNotificationConfig(`route: { receiver: team, routes: [{ matchers: ['severity=="x'] }] }\n${receivers}`), /route\.routes\[0\]: bad matcher format/);
  assert.throws(() => parseNotificationConfig(`route: { receiver: team, group_wiat: 1s }\n${receivers}`), /route: field group_wiat not found in type/);
  assert.throws(() => parseNotificationConfig('route: { receiver: team }\nreceivers: [{ name: team, email_configs: [{ from: a@b.c, smarthost: "x:25" }] }]\n'), /receivers\[0\]\.email_configs\[0\]: missing to address/);
  assert.throws(() => parseNotificationConfig('route: { receiver: team }\nreceivers: [{ name: team, slack_configs: [{}] }]\n'), /no global Slack API URL set/);
});

test('logi.ruler.notification_config_file: read with the config; a wrong file or an unknown logi key stops the start', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-notify-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const load = (yaml: string) => {
    writeFileSync(join(dir, 'logi.yaml'), yaml);
    return loadConfig({ configFile: join(dir, 'logi.yaml'), expandEnv: false, printConfig: false, help: false, version: false });
  };
  const notify = join(dir, 'notify.yml');
  writeFileSync(notify, 'route: { receiver: team }\nreceivers: [{ name: team }]\n');
  assert.equal(load(`logi:\n  ruler:\n    notification_config_file: ${notify}\n`).ruler.notifications?.route.receiver, 'team');
  writeFileSync(notify, 'route: { receiver: nobody }\nreceivers: [{ name: team }]\n');
  assert.throws(() => load(`logi:\n  ruler:\n    notification_config_file: ${notify}\n`), (e) => e instanceof ConfigError && e.message === `logi.ruler.notification_config_file: ${notify}: undefined receiver "nobody" used in route`);
  assert.throws(() => load('logi:\n  ruler:\n    notification_config_fil: x\n'), { message: 'unknown key "logi.ruler.notification_config_fil" in the config file; did you mean "logi.ruler.notification_config_file"?' });
});
