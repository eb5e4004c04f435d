import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import { ENDPOINT_DEFAULTS, type EndpointConfig } from '../config/model.js';
import type { Entry } from '../pipeline/entry.js';
import { LabelSet } from '../pipeline/label-set.js';
import { Metrics } from '../server/metrics.js';
import { Receiver } from '../testing/receiver.js';
import { backoffDelay } from './backoff.js';
import { Client, type ClientMetrics } from './client.js';

const receivers: Receiver[] = [];
after(() => Promise.all(receivers.map((r) => r.close())));

async function setup(over: Partial<EndpointConfig> = {}): Promise<{ r: Receiver; c: Client; m: ClientMetrics; acked: () => number; push: (line: string, labels?: Record<string, string>) => void }> {
  const r = await Receiver.start();
  receivers.push(r);
  const metrics = new Metrics();
  const m: ClientMetrics = { sentEntries: metrics.counter('s', ''), sentBytes: metrics.counter('b', ''), dropped: metrics.counter('d', ''), retries: metrics.counter('r', ''), failures: metrics.counter('f', '') };
  const c = new Client({ ...ENDPOINT_DEFAULTS, url: r.url, name: 'ep', tenantId: 't1', headers: {}, authorization: undefined, retryOn429: true, externalLabels: { cluster: 'c' }, batchWaitMs: 20, minBackoffMs: 10, maxBackoffMs: 40, ...over }, m);
  let acked = 0;
  const push = (line: string, labels: Record<string, string> = { app: 'a', __path__: '/x' }): void => {
    const e: Entry = { labels: LabelSet.of(labels), line, ts: 5n, extracted: undefined, sm: undefined, ack: { retain() {}, release: () => void acked++ } };
    c.push(e);
  };
  return { r, c, m, acked: () => acked, push };
}

const until = async (pred: () => boolean): Promise<void> => {
  const end = Date.now() + 5000;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

test('batches by size and wait; hidden labels dropped, external labels added', async () => {
  const { r, c, acked, push } = await setup({ batchSizeBytes: 10 });
  for (const l of ['12345', '67890', 'abcde']) push(l);
  await until(() => acked() === 3);
  assert.equal(r.requests, 2); // 5+5 bytes fit, the third waits for batch_wait
  assert.deepEqual(r.lines(), ['12345', '67890', 'abcde']);
  assert.equal(r.entries[0]!.labels, '{app="a", cluster="c"}');
  assert.equal(r.entries[0]!.entry.ts, 5n);
  await c.stop(100);
});

test('retries network errors and 5xx/429, acknowledging only after success', async () => {
  const { r, c, m, acked, push } = await setup();
  r.answer = 'reset';
  push('x');
  await until(() => r.requests >= 2);
  r.answer = 503;
  await until(() => r.requests >= 3);
  r.answer = 429;
  await until(() => r.requests >= 4);
  assert.equal(acked(), 0);
  r.answer = 204;
  await until(() => acked() === 1);
  assert.deepEqual(r.lines(), ['x']);
  assert.ok(m.retries.get({ endpoint: 'ep' }) >= 3);
  await c.stop(100);
});

test('other 4xx drop the batch with a counter; max retries drops too', async () => {
  const { r, c, m, acked, push } = await setup({ maxRetries: 2 });
  r.answer = 400;
  push('bad');
  await until(() => acked() === 1);
  assert.equal(m.dropped.get({ endpoint: 'ep', reason: 'rejected' }), 1);
  r.answer = 500;
  push('unlucky');
  await until(() => acked() === 2);
  assert.equal(m.dropped.get({ endpoint: 'ep', reason: 'max_retries' }), 1);
  assert.equal(r.requests, 3);
  await c.stop(100);
});

test('401, 403 and 404 hold the lines past max retries until the server accepts them', async () => {
  const { r, c, m, acked, push } = await setup({ maxRetries: 2 });
  const refused = (status: number): number => m.failures.get({ endpoint: 'ep', status_code: String(status) });
  push('held');
  for (const status of [401, 403, 404]) {
    r.answer = status;
    await until(() => refused(status) >= 3); // more than max retries
  }
  assert.equal(acked(), 0);
  assert.equal(m.dropped.get({ endpoint: 'ep', reason: 'rejected' }), 0);
  assert.equal(m.dropped.get({ endpoint: 'ep', reason: 'max_retries' }), 0);
  r.answer = 204;
  await until(() => acked() === 1);
  assert.deepEqual(r.lines(), ['held']);
  await c.stop(100);
});

test('413 halves the batch down to single entries; a single entry still too large is dropped', async () => {
  const { r, c, m, acked, push } = await setup({ batchSizeBytes: 1_000_000, batchWaitMs: 200 });
  r.maxBodyBytes = 600;
  // random text: snappy must not shrink the lines below the limit
  const lines = Array.from({ length: 16 }, (_, i) => `${i} ${randomBytes(60).toString('hex')}`);
  const huge = `huge ${randomBytes(1000).toString('hex')}`;
  for (const l of lines.slice(0, 8)) push(l);
  push(huge, { app: 'b' });
  for (const l of lines.slice(8)) push(l);
  await until(() => acked() === 17);
  assert.deepEqual(r.lines(), lines);
  assert.equal(m.dropped.get({ endpoint: 'ep', reason: 'too_large' }), 1);
  assert.ok(m.failures.get({ endpoint: 'ep', status_code: '413' }) >= 3);
  await c.stop(100);
});

test('stop leaves what the server never took unacknowledged', async () => {
  const { r, c, acked, push } = await setup();
  r.answer = 503;
  push('pending');
  await until(() => r.requests >= 1);
  await c.stop(50);
  assert.equal(acked(), 0);
});

test('backoff doubles from min, capped at max, jittered into [d/2, d]', () => {
  assert.equal(backoffDelay(0, 500, 5000, () => 1), 500);
  assert.equal(backoffDelay(3, 500, 5000, () => 1), 4000);
  assert.equal(backoffDelay(10, 500, 5000, () => 0), 2500);
});
