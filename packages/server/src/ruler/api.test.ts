import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import YAML from 'yaml';
import { startTestServer } from '../testing/test-server.js';

const GROUP = `name: errors
interval: 1s
rules:
  - alert: AlwaysOne
    expr: vector(1) > 0
    labels:
      severity: page
    annotations:
      summary: "value {{ $value }}"
  - record: logi:one
    expr: vector(1)
`;

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('condition not reached in time');
}

test('the ruler API: groups posted as YAML are stored in the namespace file, read back, evaluated, shown as Prometheus JSON and deleted', async (t) => {
  const srv = await startTestServer({ ruler: { pollIntervalMs: 60_000 } });
  t.after(() => srv.close());
  const rules = `${srv.base}/loki/api/v1/rules`;

  let res = await fetch(rules);
  assert.equal(res.status, 404);
  assert.equal(await res.text(), 'no rule groups found');

  res = await fetch(`${rules}/team-a`, { method: 'POST', body: GROUP, headers: { 'Content-Type': 'application/yaml' } });
  assert.equal(res.status, 202);
  assert.deepEqual(await res.json(), { status: 'success', data: null, errorType: '', error: '' });
  // Loki's local store layout: <rules dir>/<tenant>/<namespace>
  const file = join(srv.dir, 'rules', 'fake', 'team-a');
  assert.equal((YAML.parse(readFileSync(file, 'utf8')) as { groups: { name: string }[] }).groups[0]!.name, 'errors');

  res = await fetch(`${rules}/team-a/errors`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/yaml');
  assert.deepEqual(YAML.parse(await res.text()), YAML.parse(GROUP));
  res = await fetch(`${srv.base}/api/prom/rules`);
  assert.deepEqual(YAML.parse(await res.text()), { 'team-a': [YAML.parse(GROUP)] });
  // Loki's labels filter keeps the rules with one of the labels
  res = await fetch(`${rules}?labels=severity:page`);
  assert.deepEqual((YAML.parse(await res.text()) as any)['team-a'][0].rules.map((r: any) => r.alert), ['AlwaysOne']);
  res = await fetch(`${rules}?labels=severity:none`);
  assert.equal(res.status, 200);
  assert.deepEqual(YAML.parse(await res.text()), {});

  // evaluated every second: the alert (for: 0) fires at its first evaluation
  let body: any;
  await until(async () => {
    body = await (await fetch(`${srv.base}/prometheus/api/v1/rules`)).json();
    return body.data.groups[0]?.rules[0]?.state === 'firing';
  });
  const [group] = body.data.groups;
  assert.equal(group.name, 'errors');
  assert.equal(group.file, 'team-a');
  assert.equal(group.interval, 1);
  assert.match(group.lastEvaluation, /^\d{4}-\d\d-\d\dT/);
  const [alerting, recording] = group.rules;
  assert.deepEqual(Object.keys(alerting), ['state', 'name', 'query', 'duration', 'labels', 'annotations', 'alerts', 'health', 'lastError', 'type', 'lastEvaluation', 'evaluationTime']);
  assert.equal(alerting.health, 'ok');
  assert.equal(alerting.type, 'alerting');
  assert.deepEqual(alerting.alerts[0].labels, { alertname: 'AlwaysOne', severity: 'page' });
  assert.deepEqual(alerting.alerts[0].annotations, { summary: 'value 1' });
  assert.equal(alerting.alerts[0].value, '1e+00');
  assert.equal(recording.type, 'recording');
  assert.equal(recording.health, 'ok');
  res = await fetch(`${srv.base}/prometheus/api/v1/rules?type=record`);
  assert.deepEqual(((await res.json()) as any).data.groups[0].rules.map((r: any) => r.name), ['logi:one']);
  res = await fetch(`${srv.base}/prometheus/api/v1/rules?type=nope`);
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { status: 'error', data: null, errorType: 'bad_data', error: 'not supported value "nope"' });
  const alerts = (await (await fetch(`${srv.base}/prometheus/api/v1/alerts`)).json()) as any;
  assert.equal(alerts.data.alerts[0].state, 'firing');
  assert.equal(alerts.data.alerts[0].labels.alertname, 'AlwaysOne');

  res = await fetch(`${rules}/team-a/nope`, { method: 'DELETE' });
  assert.equal(res.status, 404);
  assert.equal(await res.text(), 'group does not exist');
  res = await fetch(`${rules}/team-a/errors`, { method: 'DELETE' });
  assert.equal(res.status, 202);
  assert.equal(existsSync(file), false, 'the last group gone, the file is too');
  body = await (await fetch(`${srv.base}/prometheus/api/v1/rules`)).json();
  assert.deepEqual(body.data.groups, []);
  res = await fetch(`${rules}/team-a`, { method: 'DELETE' });
  assert.equal(res.status, 404);
  assert.equal(await res.text(), 'group namespace does not exist');
});

test('the ruler API refuses bad bodies, unknown groups and path traversal with Loki\'s answers', async (t) => {
  const srv = await startTestServer({ authEnabled: true, ruler: { pollIntervalMs: 60_000 } });
  t.after(() => srv.close());
  const rules = `${srv.base}/loki/api/v1/rules`;
  const h = { 'X-Scope-OrgID': 'team' };
  let res = await fetch(rules);
  assert.equal(res.status, 401);
  res = await fetch(`${rules}/ns`, { method: 'POST', body: 'name: [', headers: h });
  assert.equal(res.status, 400);
  assert.equal(await res.text(), 'unable to decoded rule group');
  res = await fetch(`${rules}/ns`, { method: 'POST', body: 'name: g\nrules:\n  - alert: A\n    expr: sum(rate({a="b"}[1m])\n', headers: h });
  assert.equal(res.status, 400);
  assert.match(await res.text(), /^could not parse expression for alert 'A' in group 'g': parse error at line 1/);
  res = await fetch(`${rules}/ns/nope`, { headers: h });
  assert.equal(res.status, 404);
  assert.equal(await res.text(), 'group does not exist');
  res = await fetch(`${rules}/..%2Fescape`, { method: 'POST', body: GROUP, headers: h });
  assert.equal(res.status, 500);
  assert.deepEqual(await res.json(), { status: 'error', data: null, errorType: 'server_error', error: 'invalid namespace: path traversal not allowed' });
  res = await fetch(`${srv.base}/prometheus/api/v1/rules`, { headers: { 'X-Scope-OrgID': 'a|b' } });
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as any).error, 'too many org ids found');
  // tenants are apart: a group of team is not another tenant's
  res = await fetch(`${rules}/ns`, { method: 'POST', body: GROUP, headers: h });
  assert.equal(res.status, 202);
  res = await fetch(rules, { headers: { 'X-Scope-OrgID': 'other' } });
  assert.equal(res.status, 404);
});

test('a bad rule file is reported and skipped while the other groups are loaded; an edited file is reloaded', async (t) => {
  const srv = await startTestServer({ ruler: { pollIntervalMs: 100 } });
  t.after(() => srv.close());
  const dir = join(srv.dir, 'rules', 'fake');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'broken.yaml'), 'groups:\n  - name: x\n    rulez: []\n');
  writeFileSync(join(dir, 'mixed.yaml'), `groups:\n  - name: bad\n    rules:\n      - alert: B\n        expr: '{a="b"}'\n  - ${GROUP.replaceAll('\n', '\n    ').trimEnd()}\n`);
  const names = async (): Promise<string[]> => ((await (await fetch(`${srv.base}/prometheus/api/v1/rules`)).json()) as any).data.groups.map((g: any) => `${g.file}/${g.name}`);
  await until(async () => (await names()).length > 0);
  assert.deepEqual(await names(), ['mixed.yaml/errors']);
  writeFileSync(join(dir, 'broken.yaml'), 'groups:\n  - name: fixed\n    rules:\n      - record: r\n        expr: vector(2)\n');
  await until(async () => (await names()).length === 2);
  assert.deepEqual(await names(), ['broken.yaml/fixed', 'mixed.yaml/errors']);
});
