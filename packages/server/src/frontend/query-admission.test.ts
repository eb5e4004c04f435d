// The frontend's queue: at most querier.max_concurrent queries run, the others start in arrival order as
// places free up, and one whose time runs out while queued answers at once without ever running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError } from '../api/http-error.js';
import { QueryAdmission, QueryTimeoutError } from './query-admission.js';

const LIMITS = { maxQueryParallelism: 32, queryTimeoutMs: 0 };

/** A query that runs until `finish` is called, recording when it started. */
function held(started: string[], name: string): { query: () => Promise<string>; finish: () => void } {
  let finish!: () => void;
  const done = new Promise<void>((r) => { finish = r; });
  return { query: async () => { started.push(name); await done; return name; }, finish: () => finish() };
}

test('beyond max_concurrent, queries wait and start in arrival order', async () => {
  const admission = new QueryAdmission(100, 2);
  const started: string[] = [];
  const qs = ['a', 'b', 'c', 'd'].map((n) => held(started, n));
  const answers = qs.map((q, i) => admission.run('t', LIMITS, new AbortController().signal, q.query).then(() => i));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, ['a', 'b']);
  qs[1]!.finish();
  await answers[1];
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, ['a', 'b', 'c']);
  qs[0]!.finish();
  qs[2]!.finish();
  await Promise.all(answers.slice(0, 3));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(started, ['a', 'b', 'c', 'd']);
  qs[3]!.finish();
  await answers[3];
});

test('a query whose time runs out in the queue answers 504 and never runs', async () => {
  const admission = new QueryAdmission(100, 1);
  const started: string[] = [];
  const first = held(started, 'first');
  const running = admission.run('t', LIMITS, new AbortController().signal, first.query);
  const queued = admission.run('t', { ...LIMITS, queryTimeoutMs: 50 }, new AbortController().signal, async () => { started.push('queued'); return 'queued'; });
  await assert.rejects(queued, (e) => e instanceof QueryTimeoutError && e.status === 504);
  first.finish();
  await running;
  assert.deepEqual(started, ['first']);
});

test('a tenant over max_outstanding_per_tenant gets 429; other tenants do not', async () => {
  const admission = new QueryAdmission(1, 4);
  const started: string[] = [];
  const first = held(started, 'first');
  const running = admission.run('t', LIMITS, new AbortController().signal, first.query);
  await assert.rejects(admission.run('t', LIMITS, new AbortController().signal, async () => 'x'),
    (e) => e instanceof HttpError && e.status === 429 && e.message === 'too many outstanding requests');
  assert.equal(await admission.run('other', LIMITS, new AbortController().signal, async () => 'other'), 'other');
  first.finish();
  await running;
  assert.equal(await admission.run('t', LIMITS, new AbortController().signal, async () => 'again'), 'again');
});

test("a query's signal takes a listener per range aggregation and scan task without a leak warning", async () => {
  const admission = new QueryAdmission(100, 1);
  const warnings: Error[] = [];
  const onWarning = (w: Error): void => { warnings.push(w); };
  process.on('warning', onWarning);
  try {
    await admission.run('t', { maxQueryParallelism: 1, queryTimeoutMs: 0 }, new AbortController().signal, async (signal) => {
      for (let i = 0; i < 400; i++) signal.addEventListener('abort', () => undefined, { once: true });
    });
    await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
  } finally {
    process.off('warning', onWarning);
  }
  assert.deepEqual(warnings.map((w) => w.name), []);
});
