import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { Notifier } from './notifier.js';
import type { PostableAlert } from './alertmanager-client.js';

interface Received { path: string; auth: string | undefined; alerts: PostableAlert[] }

/** A stand-in Alertmanager on 127.0.0.1 answering each POST with the next status of `statuses` (then 200). */
async function fakeAlertmanager(statuses: number[] = []): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = statuses.shift() ?? 200;
      if (status === 200) received.push({ path: req.url!, auth: req.headers.authorization, alerts: JSON.parse(Buffer.concat(chunks).toString()) as PostableAlert[] });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => new Promise((r) => server.close(() => r())) };
}

const alert = (name: string): PostableAlert => ({ labels: { alertname: name }, annotations: {}, startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-01-01T00:04:00Z', generatorURL: 'http://logi/explore' });
const client = { basicAuthUsername: '', basicAuthPassword: '', type: '', credentials: '', credentialsFile: '' };

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(check(), 'condition not reached in time');
}

test('every Alertmanager gets the alerts on its v2 API, with basic auth from the URL or bearer credentials', async (t) => {
  const a = await fakeAlertmanager();
  const b = await fakeAlertmanager();
  t.after(() => Promise.all([a.close(), b.close()]));
  const withUser = a.url.replace('http://', 'http://ruler:s%40cret@') + '/prefix/';
  const n = new Notifier({ urls: [withUser, b.url], client: { ...client, credentials: 'tok' }, queueCapacity: 100, timeoutMs: 5000 });
  n.send([alert('A'), alert('B')]);
  await until(() => a.received.length === 1 && b.received.length === 1);
  assert.equal(a.received[0]!.path, '/prefix/api/v2/alerts');
  assert.equal(a.received[0]!.auth, `Basic ${Buffer.from('ruler:s@cret').toString('base64')}`);
  assert.deepEqual(a.received[0]!.alerts.map((x) => x.labels.alertname), ['A', 'B']);
  assert.equal(b.received[0]!.path, '/api/v2/alerts');
  assert.equal(b.received[0]!.auth, 'Bearer tok');
  await until(() => [...n.counts().values()].every((c) => c.sent === 2));
  await n.close();
});

test('a failing Alertmanager is retried without holding back another; a full queue drops its oldest alerts', async (t) => {
  const failing = await fakeAlertmanager([500, 503]);
  const ok = await fakeAlertmanager();
  t.after(() => Promise.all([failing.close(), ok.close()]));
  const n = new Notifier({ urls: [failing.url, ok.url], client, queueCapacity: 2, timeoutMs: 5000 });
  n.send([alert('A')]);
  await until(() => ok.received.length === 1);
  assert.equal(failing.received.length, 0, 'still retrying while the other has it');
  // while A is being retried, three more arrive for a queue of two: the oldest (B) goes
  n.send([alert('B'), alert('C'), alert('D')]);
  await until(() => failing.received.length === 2);
  assert.deepEqual(failing.received.map((r) => r.alerts.map((x) => x.labels.alertname)), [['A'], ['C', 'D']]);
  await until(() => n.counts().get(new URL(failing.url).toString())!.sent === 3);
  assert.deepEqual(n.counts().get(new URL(failing.url).toString()), { sent: 3, failed: 0, dropped: 1 });
  await n.close();
});
