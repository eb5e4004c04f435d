// Queries on a real `logi serve` process never freeze it, and stop when Loki's would: an aggregation over
// tens of thousands of streams leaves /ready answering, query_timeout answers 504, a client that goes
// away frees its query's place, and the frontend's per-tenant and parallelism limits answer 429.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTempLogi } from '../testing/logi-process.js';

const HOUR_NS = 3_600_000_000_000n;
const HEAVY = 'sum(count_over_time({job="card"}[2h]))';
const LIGHT = 'count_over_time({job="card", id="s1"}[2h])';
const MANY_STREAMS = ['max_global_streams_per_user: 0', 'ingestion_rate_mb: 1024', 'ingestion_burst_size_mb: 1024'];

/** `n` streams of one entry each, an hour ago: the shape that made one aggregation freeze the server. */
async function pushCardStreams(base: string, n: number): Promise<void> {
  const at = BigInt(Date.now()) * 1_000_000n - HOUR_NS;
  for (let i = 0; i < n; i += 2000) {
    const streams = [];
    for (let j = i; j < Math.min(n, i + 2000); j++) streams.push({ stream: { job: 'card', id: `s${j}` }, values: [[String(at + BigInt(j)), `line ${j}`]] });
    const r = await fetch(`${base}/loki/api/v1/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ streams }) });
    assert.equal(r.status, 204, await r.text());
  }
}

function instant(base: string, query: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${base}/loki/api/v1/query?${new URLSearchParams({ query })}`, { signal });
}

describe('a server holding 40k single-entry streams, one query outstanding per tenant', { timeout: 900_000 }, () => {
  let logi: Awaited<ReturnType<typeof startTempLogi>>;
  let heavyMs = 0;
  before(async () => {
    logi = await startTempLogi(MANY_STREAMS, 'frontend:\n  max_outstanding_per_tenant: 1\n');
    await pushCardStreams(logi.base, 40_000);
  });
  after(async () => logi?.close());

  test('/ready keeps answering while one aggregation sums every stream', async (t) => {
    let running = true;
    let longestWait = 0;
    let answered = 0;
    const probe = (async () => {
      while (running) {
        const t0 = performance.now();
        await (await fetch(`${logi.base}/ready`)).text();
        if (!running) break; // a probe answered after the query does not count either way
        longestWait = Math.max(longestWait, performance.now() - t0);
        answered++;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const t0 = performance.now();
    const res = await instant(logi.base, HEAVY);
    const body = await res.text();
    heavyMs = performance.now() - t0;
    running = false;
    await probe;
    t.diagnostic(`query ${heavyMs.toFixed(0)} ms; /ready answered ${answered} times meanwhile, longest wait ${longestWait.toFixed(0)} ms`);
    assert.equal(res.status, 200, body);
    assert.equal(JSON.parse(body).data.result[0].value[1], '40000');
    assert.ok(answered >= 3, `/ready answered only ${answered} times during a ${heavyMs.toFixed(0)} ms query`);
    assert.ok(longestWait < heavyMs / 4, `/ready waited ${longestWait.toFixed(0)} ms during a ${heavyMs.toFixed(0)} ms query`);
  });

  test('a second query while one is outstanding answers 429 too many outstanding requests', async () => {
    const first = instant(logi.base, HEAVY);
    await new Promise((r) => setTimeout(r, 200));
    const second = await instant(logi.base, LIGHT);
    assert.equal(second.status, 429);
    assert.equal(await second.text(), 'too many outstanding requests');
    const res = await first;
    assert.equal(res.status, 200, await res.text());
  });

  test('a client that disconnects frees its place long before its query would have ended', async (t) => {
    const client = new AbortController();
    const gone = instant(logi.base, HEAVY, client.signal).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    client.abort();
    const t0 = performance.now();
    let status = 0;
    while ((status = (await instant(logi.base, LIGHT)).status) === 429) await new Promise((r) => setTimeout(r, 20));
    const freedMs = performance.now() - t0;
    await gone;
    t.diagnostic(`place free ${freedMs.toFixed(0)} ms after the disconnect; the whole query takes about ${heavyMs.toFixed(0)} ms`);
    assert.equal(status, 200);
    assert.ok(freedMs < heavyMs / 2, `the place was free only ${freedMs.toFixed(0)} ms after the disconnect`);
  });
});

describe('query_timeout: 300ms over 20k single-entry streams', { timeout: 600_000 }, () => {
  let logi: Awaited<ReturnType<typeof startTempLogi>>;
  before(async () => {
    logi = await startTempLogi([...MANY_STREAMS, 'query_timeout: 300ms']);
    await pushCardStreams(logi.base, 20_000);
  });
  after(async () => logi?.close());

  test('a query that passes it answers Loki\'s 504, and the server carries on', async (t) => {
    const t0 = performance.now();
    const res = await instant(logi.base, HEAVY);
    const body = await res.text();
    t.diagnostic(`answered ${res.status} after ${(performance.now() - t0).toFixed(0)} ms`);
    assert.equal(res.status, 504, body);
    assert.equal(body, 'request timed out, decrease the duration of the request or add more label matchers (prefer exact match over regex match) to reduce the amount of data processed');
    const ready = await fetch(`${logi.base}/ready`);
    assert.equal(ready.status, 200, await ready.text());
  });
});

describe('max_query_parallelism: 0', { timeout: 120_000 }, () => {
  let logi: Awaited<ReturnType<typeof startTempLogi>>;
  before(async () => { logi = await startTempLogi(['max_query_parallelism: 0']); });
  after(async () => logi?.close());

  test('every query answers 429 querying is disabled', async () => {
    const res = await instant(logi.base, LIGHT);
    assert.equal(res.status, 429);
    assert.equal(await res.text(), 'querying is disabled, please contact your Loki operator');
  });

  test('so do detected fields and their values, which read lines as a log query does', async () => {
    const q = new URLSearchParams({ query: '{job="card"}' });
    for (const path of ['/loki/api/v1/detected_fields', '/loki/api/v1/detected_field/level/values']) {
      const res = await fetch(`${logi.base}${path}?${q}`);
      assert.equal(res.status, 429, path);
      assert.equal(await res.text(), 'querying is disabled, please contact your Loki operator');
    }
  });

  test('a tail is closed with the reason instead of running its history query', async () => {
    const ws = new WebSocket(`${logi.base.replace('http', 'ws')}/loki/api/v1/tail?${new URLSearchParams({ query: '{job="card"}' })}`);
    const [code, reason] = await new Promise<[number, string]>((resolve, reject) => {
      ws.on('close', (c, r) => resolve([c, r.toString()]));
      ws.on('error', reject);
    });
    assert.equal(code, 1011);
    assert.equal(reason, 'querying is disabled, please contact your Loki operator');
  });
});
