// query_range on a real server: a log query that finds nothing says why in Loki's `warnings`, where that can be
// told cheaply; a query that finds lines, or finds nothing for no known reason, has no warnings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonEscapeNonAscii } from '../querier/empty-result-hints.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
const nowMs = Date.now();

before(async () => {
  server = await startTestServer();
  // structlog's default output: JSON with non-ASCII text written as \uXXXX escapes
  const values = Array.from({ length: 5 }, (_, i) => [`${nowMs - 60_000 + i * 1000}000000`,
    jsonEscapeNonAscii(JSON.stringify({ event: '계정 잠김', user_id: `u${i}`, level: 'error' }))]);
  const r = await fetch(`${server.base}/loki/api/v1/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ streams: [{ stream: { job: 'auth', level: 'error' }, values }] }),
  });
  assert.equal(r.status, 204);
});
after(async () => { await server.close(); });

async function queryRange(query: string): Promise<{ status: string; warnings?: string[]; data: { result: unknown[] } }> {
  const params = new URLSearchParams({ query, start: `${nowMs - 3_600_000}000000`, end: `${nowMs + 60_000}000000`, limit: '10', step: '60s' });
  const r = await fetch(`${server.base}/loki/api/v1/query_range?${params}`);
  assert.equal(r.status, 200);
  return r.json() as Promise<{ status: string; warnings?: string[]; data: { result: unknown[] } }>;
}

test('a label no stream has: the closest existing name is suggested', async () => {
  const body = await queryRange('{lvl="error"}');
  assert.deepEqual(body.data.result, []);
  assert.deepEqual(body.warnings, ['no stream has the label "lvl"; did you mean "level"?']);
  assert.deepEqual(Object.keys(body), ['status', 'warnings', 'data'], 'placed as Loki places them');
});

test('a value that differs from an existing one only in case', async () => {
  assert.deepEqual((await queryRange('{level="ERROR"}')).warnings, ['level="ERROR" matches no stream; the label level has the value "error"']);
});

test('a metric query over a selector that selects nothing gets the label hints; one that finds samples none', async () => {
  const body = await queryRange('sum(count_over_time({level="ERROR"}[5m])) / sum(count_over_time({lvl="error"}[5m]))');
  assert.deepEqual(body.data.result, []);
  assert.deepEqual(body.warnings, ['level="ERROR" matches no stream; the label level has the value "error"', 'no stream has the label "lvl"; did you mean "level"?']);
  assert.equal((await queryRange('count_over_time({level="error"}[5m])')).warnings, undefined);
});

test('a non-ASCII needle the lines hold only JSON-escaped', async () => {
  const body = await queryRange('{job="auth"} |= "계정 잠김"');
  assert.deepEqual(body.data.result, []);
  assert.deepEqual(body.warnings, [
    'the lines hold non-ASCII text JSON-escaped ("\\uacc4\\uc815 \\uc7a0\\uae40"); try |= "\\\\uacc4\\\\uc815 \\\\uc7a0\\\\uae40" or | json | <field>="계정 잠김"',
  ]);
  assert.equal((await queryRange('{job="auth"} |= "\\\\uacc4\\\\uc815 \\\\uc7a0\\\\uae40"')).data.result.length, 1, 'the suggested filter finds the lines');
});

test('no warnings when lines are found, or when nothing explains an empty answer', async () => {
  const found = await queryRange('{job="auth"}');
  assert.equal(found.data.result.length, 1);
  assert.equal(found.warnings, undefined);
  for (const q of ['{job="auth"} |= "nothing like this"', '{job="web"}', '{job="auth"} |= "없음"']) assert.equal((await queryRange(q)).warnings, undefined, q);
});
