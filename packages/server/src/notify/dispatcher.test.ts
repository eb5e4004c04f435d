// Routing, grouping and timing with Alertmanager's meaning, driven by explicit times.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Dispatcher, type IncomingAlert, type Notification } from './dispatcher.js';
import { parseNotificationConfig } from './notification-config.js';
import { NotificationLog } from './notification-log.js';

const CONFIG = `
route:
  receiver: team
  group_by: [alertname]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 1h
  routes:
    - matchers: ['severity="page"']
      receiver: pager
      group_by: ['...']
      group_wait: 0s
      continue: true
    - matchers: ['service=~"db|cache"']
      receiver: db
receivers:
  - name: team
    webhook_configs: [{ url: 'http://127.0.0.1:1/team' }]
  - name: pager
    slack_configs: [{ api_url: 'http://127.0.0.1:1/slack', send_resolved: true }]
    email_configs: [{ to: a@b.c, from: logi@b.c, smarthost: '127.0.0.1:25' }]
  - name: db
    webhook_configs: [{ url: 'http://127.0.0.1:1/db', send_resolved: false }]
`;

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (s: number): number => T0 + s * 1000;
const iso = (ms: number): string => new Date(ms).toISOString();

function alert(labels: Record<string, string>, startS: number, endS: number): IncomingAlert {
  return { labels, annotations: { summary: 's' }, startsAt: iso(at(startS)), endsAt: iso(at(endS)), generatorURL: 'http://logi/explore', value: 3 };
}

const brief = (ns: Notification[]): string[] =>
  ns.map((n) => `${n.receiver}/${n.integration.kind} ${n.alerts.map((a) => `${a.labels.alertname}:${a.labels.service ?? ''}:${a.status}`).join(',')}`).sort();

function dispatcher(silenced: (labels: Readonly<Record<string, string>>) => boolean = () => false, log?: NotificationLog): Dispatcher {
  return new Dispatcher(parseNotificationConfig(CONFIG), silenced, log);
}

test('routes: the first matching child takes the alert, continue lets the next sibling match too, no match stays at the parent', () => {
  const d = dispatcher();
  d.receive([
    alert({ alertname: 'A', severity: 'page', service: 'db' }, 0, 600),
    alert({ alertname: 'B', service: 'web' }, 0, 600),
  ], at(0));
  assert.deepEqual(brief(d.flush(at(0))), ['pager/email A:db:firing', 'pager/slack A:db:firing']);
  assert.deepEqual(brief(d.flush(at(30))), ['db/webhook A:db:firing', 'team/webhook B:web:firing']);
});

test('group_by: alerts sharing the grouping labels go in one message; ... groups by every label', () => {
  const d = dispatcher();
  d.receive([alert({ alertname: 'B', service: 'web' }, 0, 600), alert({ alertname: 'B', service: 'api' }, 0, 600)], at(0));
  d.receive([alert({ alertname: 'P', severity: 'page', service: 'web' }, 0, 600), alert({ alertname: 'P', severity: 'page', service: 'api' }, 0, 600)], at(0));
  const first = d.flush(at(30));
  const team = first.filter((n) => n.receiver === 'team');
  assert.equal(team.length, 1);
  assert.equal(team[0]!.alerts.length, 2);
  assert.deepEqual(team[0]!.groupLabels, { alertname: 'B' });
  assert.equal(team[0]!.groupKey, '{}:{alertname="B"}');
  assert.equal(first.filter((n) => n.receiver === 'pager' && n.integration.kind === 'slack').length, 2);
});

test('group_wait holds the first message; group_interval spaces updates; unchanged groups repeat after repeat_interval', () => {
  const d = dispatcher();
  d.receive([alert({ alertname: 'B', service: 'web' }, 0, 7200)], at(0));
  assert.deepEqual(d.flush(at(29)), [], 'before group_wait');
  assert.deepEqual(brief(d.flush(at(30))), ['team/webhook B:web:firing']);
  // a new alert of the group waits for the next group_interval
  d.receive([alert({ alertname: 'B', service: 'api' }, 60, 7200)], at(60));
  assert.deepEqual(d.flush(at(60)), []);
  assert.deepEqual(brief(d.flush(at(330))), ['team/webhook B:api:firing,B:web:firing']);
  // nothing new: silent at each group_interval until repeat_interval has passed since the last message
  assert.deepEqual(d.flush(at(630)), []);
  assert.deepEqual(d.flush(at(3630)), []);
  assert.deepEqual(brief(d.flush(at(3930))), ['team/webhook B:api:firing,B:web:firing']);
});

test('resolved: sent to integrations with send_resolved, and an all-resolved group is forgotten', () => {
  const d = dispatcher();
  d.receive([alert({ alertname: 'A', severity: 'page', service: 'db' }, 0, 600)], at(0));
  assert.equal(d.flush(at(0)).length, 2);
  d.flush(at(30));
  d.receive([alert({ alertname: 'A', severity: 'page', service: 'db' }, 0, 100)], at(100));
  // slack has send_resolved; email and db's webhook do not (Alertmanager's defaults and the config)
  assert.deepEqual(brief(d.flush(at(300))), ['pager/slack A:db:resolved']);
  assert.deepEqual(d.flush(at(330)), []);
  assert.deepEqual(d.flush(at(100_000)), [], 'the group is gone');
});

test('a firing alert that began more than group_wait ago is sent at once', () => {
  const d = dispatcher();
  d.receive([alert({ alertname: 'B', service: 'web' }, 0, 600)], at(40));
  assert.deepEqual(brief(d.flush(at(40))), ['team/webhook B:web:firing']);
});

test('silenced alerts are left out; a group with only silenced alerts sends nothing', () => {
  let silenced = true;
  const d = dispatcher((labels) => silenced && labels.service === 'web');
  d.receive([alert({ alertname: 'B', service: 'web' }, 0, 7200), alert({ alertname: 'C', service: 'api' }, 0, 7200)], at(0));
  assert.deepEqual(brief(d.flush(at(30))), ['team/webhook C:api:firing']);
  silenced = false;
  assert.deepEqual(brief(d.flush(at(330))), ['team/webhook B:web:firing']);
});

test('after a restart the notification log keeps what was sent: the firing alerts handed over again are not re-sent, a repeat still comes at repeat_interval', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-nflog-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'notification-log.json');
  const before = dispatcher(undefined, new NotificationLog(path));
  before.receive([alert({ alertname: 'B', service: 'web' }, 0, 7200)], at(0));
  assert.deepEqual(brief(before.flush(at(30))), ['team/webhook B:web:firing']);
  // a new process: the ruler hands its restored firing alert over again
  const after = dispatcher(undefined, new NotificationLog(path));
  after.receive([alert({ alertname: 'B', service: 'web' }, 0, 7200)], at(100));
  assert.deepEqual(after.flush(at(100)), [], 'already told');
  after.receive([alert({ alertname: 'B', service: 'api' }, 400, 7200)], at(400));
  assert.deepEqual(brief(after.flush(at(400))), ['team/webhook B:api:firing,B:web:firing'], 'a new alert of the group is news');
  assert.deepEqual(after.flush(at(700)), []);
  assert.deepEqual(brief(after.flush(at(4000))), ['team/webhook B:api:firing,B:web:firing'], 'repeat_interval after the last message');
  // without the log file (memory only) the same restart would have sent it again
  const forgetful = dispatcher();
  forgetful.receive([alert({ alertname: 'B', service: 'web' }, 0, 7200)], at(100));
  assert.deepEqual(brief(forgetful.flush(at(100))), ['team/webhook B:web:firing']);
});
