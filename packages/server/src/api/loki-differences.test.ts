// The query classes where Logi answered differently from Loki 3.6.7 (issue 13), one minimal
// example each, through a real server: what a user of the HTTP API sees.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
const T0 = BigInt(Date.now() - 60_000) * 1_000_000n;
const range = { start: String(T0 - 1_000_000_000n), end: String(T0 + 60_000_000_000n) };

before(async () => {
  server = await startTestServer();
  const at = (i: number): string => String(T0 + BigInt(i) * 1_000_000n);
  const r = await fetch(`${server.base}/loki/api/v1/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      streams: [
        {
          stream: { app: 'api' },
          values: [
            [at(0), 'GET /a client=10.1.2.3 level=info latency_seconds=5 broken="unterminated'],
            [at(1), 'GET /b client=172.16.5.5 level=warn latency_seconds=500 broken="unterminated'],
            [at(2), 'GET /c client=192.168.1.1 level=info latency_seconds=7'],
          ],
        },
        // an OTLP-style attribute `pct` as structured metadata, and `pct=91.5` in the line
        { stream: { app: 'otel' }, values: [[at(3), 'cpu pct=91.5', { pct: '12' }]] },
      ],
    }),
  });
  assert.equal(r.status, 204, await r.text());
});
after(async () => { await server.close(); });

async function query(q: string): Promise<{ status: number; body: string; json: () => { data: { result: { stream?: Record<string, string>; metric?: Record<string, string>; values: [string, string][] }[] } } }> {
  const r = await fetch(`${server.base}/loki/api/v1/query_range?${new URLSearchParams({ query: q, ...range, step: '60' })}`);
  const body = await r.text();
  return { status: r.status, body, json: () => JSON.parse(body) };
}

const linesOf = (res: Awaited<ReturnType<typeof query>>): string[] =>
  res.json().data.result.flatMap((s) => s.values.map(([, l]) => l)).sort();

test('a numeric label filter compares on lines that carry a parser error', async () => {
  const res = await query('{app="api"} |= "broken=" | logfmt --strict | latency_seconds > 100');
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(linesOf(res), ['GET /b client=172.16.5.5 level=warn latency_seconds=500 broken="unterminated']);
});

test('template details: decimal divf, an undefined function is a 400 at parse time, an execution error is Go\'s', async () => {
  const divf = await query('{app="api"} |= "/c" | line_format `{{ divf 377.74 3 }} {{ bytes "2.81MB" }}`');
  assert.deepEqual(linesOf(divf), ['125.91333333333333 2.81e+06']);
  const undefinedFn = await query('{app="api"} | logfmt | line_format "{{ nosuchfunc .msg }}"');
  assert.equal(undefinedFn.status, 400);
  assert.equal(undefinedFn.body, 'parse error : stage \'| line_format "{{ nosuchfunc .msg }}"\' : invalid line template: template: line:1: function "nosuchfunc" not defined');
  const panics = await query('{app="api"} |= "/c" | line_format `{{ substr 3 1 "hello" }}`');
  assert.equal(panics.json().data.result[0]!.stream!.__error_details__,
    'template: line:1:3: executing "line" at <substr 3 1 "hello">: error calling substr: runtime error: slice bounds out of range [3:1]');
  // in a metric query the error is the query's, as Loki's pipeline error
  const metric = await query('sum(count_over_time({app="api"} |= "/c" | line_format `{{ substr 3 1 "hello" }}` [1h]))');
  assert.equal(metric.status, 400);
  assert.match(metric.body, /TemplateFormatErr.*slice bounds out of range \[3:1\]/);
});

test('an or chain of ip() after another line filter is valid', async () => {
  const res = await query('{app="api"} |= "GET" != ip("10.0.0.0/8") or ip("172.16.0.0/12")');
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(linesOf(res), ['GET /c client=192.168.1.1 level=info latency_seconds=7']);
});

test('a label set to "" is no series label in a metric query', async () => {
  const res = await query('sum by (short) (count_over_time({app="api"} | logfmt | label_format short=`{{ if eq .level "info" }}ok{{ end }}` [1h]))');
  assert.equal(res.status, 200, res.body);
  assert.deepEqual(res.json().data.result.map((s) => s.metric).sort((a, b) => Object.keys(a!).length - Object.keys(b!).length), [{}, { short: 'ok' }]);
});

test('a parsed key named as structured metadata replaces it, with no _extracted', async () => {
  const res = await query('{app="otel"} | logfmt');
  assert.equal(res.status, 200, res.body);
  const [stream] = res.json().data.result.map((s) => s.stream!);
  assert.equal(stream!.pct, '91.5');
  assert.equal(stream!.pct_extracted, undefined);
});
