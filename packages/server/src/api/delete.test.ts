// The delete API against a real `logi serve`: lines a request matches vanish from log and metric queries at
// once and after a restart, come back when it is cancelled, and bad requests get Loki's messages.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort, startLogi, type LogiProcess } from '../testing/logi-process.js';

const YAML = 'auth_enabled: false\ncompactor:\n  retention_enabled: true\nlimits_config:\n  reject_old_samples: false\n';

async function push(base: string, app: string, t0: bigint, lines: string[]): Promise<void> {
  const values = lines.map((l, i) => [String(t0 + BigInt(i) * 1_000_000n), l]);
  const r = await fetch(`${base}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams: [{ stream: { app }, values }] }) });
  assert.equal(r.status, 204);
}

async function lines(base: string, query: string, start: bigint): Promise<string[]> {
  const q = new URLSearchParams({ query, start: String(start), end: String(BigInt(Date.now()) * 1_000_000n), direction: 'forward' });
  const body = await (await fetch(`${base}/loki/api/v1/query_range?${q}`)).json() as { data: { result: { stream: Record<string, string>; values: [string, string][] }[] } };
  return body.data.result.flatMap((s) => s.values.map(([, l]) => `${s.stream.app}: ${l}`)).sort();
}

async function count(base: string, query: string): Promise<string | undefined> {
  const q = new URLSearchParams({ query, time: String(Date.now() / 1000) });
  const body = await (await fetch(`${base}/loki/api/v1/query?${q}`)).json() as { data: { result: { value: [number, string] }[] } };
  return body.data.result[0]?.value[1];
}

async function call(base: string, method: string, params: Record<string, string>): Promise<{ status: number; body: string; id: string | null }> {
  const r = await fetch(`${base}/loki/api/v1/delete?${new URLSearchParams(params)}`, { method });
  return { status: r.status, body: await r.text(), id: r.headers.get('x-delete-request-id') };
}

test('a delete request filters its lines from every query at once, across a restart, until it is cancelled', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-delete-'));
  let logi: LogiProcess | undefined;
  try {
    logi = await startLogi(dir, await freePort(), YAML);
    const t0 = BigInt(Date.now() - 60_000) * 1_000_000n;
    await push(logi.base, 'a', t0, ['keep 1', 'secret password=x', 'keep 2']);
    await push(logi.base, 'b', t0, ['secret password=y']);
    const start = String(Math.floor(Date.now() / 1000) - 3600);

    const added = await call(logi.base, 'POST', { query: '{app="a"} |= "secret"', start });
    assert.equal(added.status, 204, added.body);
    assert.match(added.id ?? '', /^[0-9a-f]{8}$/);
    const after = ['a: keep 1', 'a: keep 2', 'b: secret password=y'];
    assert.deepEqual(await lines(logi.base, '{app=~"a|b"}', t0), after);
    assert.equal(await count(logi.base, 'sum(count_over_time({app="a"}[1h]))'), '2');
    assert.equal(await count(logi.base, 'sum(count_over_time({app="a"} |= "password" [1h]))'), undefined);

    const listed = JSON.parse((await call(logi.base, 'GET', {})).body) as Record<string, unknown>[];
    assert.equal(listed.length, 1);
    assert.deepEqual({ ...listed[0], created_at: 0 }, {
      request_id: added.id, start_time: Number(start), end_time: listed[0]!.end_time, query: '{app="a"} |= "secret"', status: 'received', created_at: 0, user_id: '',
    });

    await logi.kill('SIGKILL');
    logi = await startLogi(dir, await freePort(), YAML);
    assert.deepEqual(await lines(logi.base, '{app=~"a|b"}', t0), after, 'still filtered after a restart');

    assert.equal((await call(logi.base, 'DELETE', { request_id: 'nosuchid' })).status, 404);
    assert.equal((await call(logi.base, 'DELETE', { request_id: added.id! })).status, 204);
    assert.deepEqual(await lines(logi.base, '{app=~"a|b"}', t0), ['a: keep 1', 'a: keep 2', 'a: secret password=x', 'b: secret password=y']);
    assert.equal((await call(logi.base, 'GET', {})).body, '[]');
  } finally {
    await logi?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad delete requests get Loki answers; without retention_enabled there is no delete API', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-delete-'));
  let logi: LogiProcess | undefined;
  try {
    logi = await startLogi(dir, await freePort(), YAML);
    const now = Math.floor(Date.now() / 1000);
    const cases: [Record<string, string>, string][] = [
      [{ start: String(now - 60) }, 'query not set'],
      [{ query: 'sum(rate({app="a"}[1m]))', start: String(now - 60) }, 'invalid query expression'],
      [{ query: '{app="a"' , start: String(now - 60) }, 'invalid query expression'],
      [{ query: '{app="a"}' }, 'start time not set'],
      [{ query: '{app="a"}', start: '17000' }, 'invalid start time: require unix seconds or RFC3339 format'],
      [{ query: '{app="a"}', start: String(now - 60), end: String(now + 3600) }, 'deletes in the future are not allowed'],
      [{ query: '{app="a"}', start: String(now - 60), end: String(now - 120) }, "start time can't be greater than or equal to end time"],
      [{ query: '{app="a"} |= "x"', start: String(now - 7200), end: String(now - 3600), max_interval: '2h' }, "max_interval can't be greater than the interval to be deleted (1h0m0s)"],
    ];
    for (const [params, message] of cases) {
      const r = await call(logi.base, 'POST', params);
      assert.deepEqual([r.status, r.body.trim()], [400, message], JSON.stringify(params));
    }
    await logi.kill();
    logi = await startLogi(dir, await freePort(), 'auth_enabled: false\n');
    assert.equal((await call(logi.base, 'GET', {})).status, 404);
  } finally {
    await logi?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
