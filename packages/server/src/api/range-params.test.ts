// Time ranges and numbers a request may carry (issue 8, items 4, 5 and 10): every endpoint that reads a
// range refuses one past max_query_length or over 11,000 points, and a number too big for Go's int64
// or float64 is Loki's 400, not a 500 or a crash.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.close(); });

async function get(path: string, params: Record<string, string>): Promise<{ status: number; body: string }> {
  const r = await fetch(`${server.base}${path}?${new URLSearchParams(params)}`);
  return { status: r.status, body: await r.text() };
}

const TEN_YEARS = { start: String(Date.now() / 1000 - 10 * 365 * 86400), end: String(Date.now() / 1000) };
const TOO_LONG = /^the query time range exceeds the limit \(query length: 876\d\dh[\d.m]+s, limit: 721h0m0s\)$/;
const SELECTOR = '{app="x"}';

test('a 10-year range is refused with max_query_length on every endpoint that reads a range', async () => {
  const endpoints: [string, Record<string, string>][] = [
    ['/loki/api/v1/query_range', { query: SELECTOR }],
    ['/api/prom/query', { query: SELECTOR }],
    ['/loki/api/v1/labels', {}],
    ['/api/prom/label', {}],
    ['/loki/api/v1/label/app/values', {}],
    ['/loki/api/v1/series', { 'match[]': SELECTOR }],
    ['/loki/api/v1/index/stats', { query: SELECTOR }],
    ['/loki/api/v1/index/volume', { query: SELECTOR }],
    ['/loki/api/v1/index/volume_range', { query: SELECTOR, step: '1d' }],
    ['/loki/api/v1/detected_fields', { query: SELECTOR, step: '1d' }],
    ['/loki/api/v1/detected_labels', { query: SELECTOR }],
    ['/loki/api/v1/patterns', { query: SELECTOR, step: '1d' }],
  ];
  for (const [path, params] of endpoints) {
    const r = await get(path, { ...params, ...TEN_YEARS });
    assert.equal(r.status, 400, `${path}: ${r.body}`);
    assert.match(r.body, TOO_LONG, path);
  }
});

test('legacy /api/prom/query with start at int64 max and end in year 9999 is refused, not run', async () => {
  const r = await get('/api/prom/query', { query: SELECTOR, start: '9223372036854775807', end: '9999-12-31T23:59:59Z' });
  assert.equal(r.status, 400);
  assert.match(r.body, /^the query time range exceeds the limit/);
});

test('volume_range refuses more than 11,000 points per series, as every range query', async () => {
  const hour = { start: String(Date.now() / 1000 - 3600), end: String(Date.now() / 1000) };
  for (const step of ['0.1', '0.001']) {
    const r = await get('/loki/api/v1/index/volume_range', { query: SELECTOR, ...hour, step });
    assert.equal(r.status, 400);
    assert.equal(r.body, 'exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter');
  }
  const ok = await get('/loki/api/v1/index/volume_range', { query: SELECTOR, ...hour, step: '60' });
  assert.equal(ok.status, 200, ok.body);
});

test('step, interval and since too big for Go are 400 with Loki message on every endpoint', async () => {
  const digits = '9'.repeat(400);
  const cases: [string, Record<string, string>, string][] = [
    ['/loki/api/v1/query_range', { query: 'count_over_time({app="x"}[1m])', step: '1e400' }, 'cannot parse "1e400" to a valid duration'],
    ['/loki/api/v1/query_range', { query: 'count_over_time({app="x"}[1m])', step: digits }, `cannot parse "${digits}" to a valid duration`],
    ['/loki/api/v1/query_range', { query: 'count_over_time({app="x"}[1m])', step: '1e300' }, 'cannot parse "1e300" to a valid duration. It overflows int64'],
    ['/loki/api/v1/query_range', { query: SELECTOR, interval: '1e400' }, 'cannot parse "1e400" to a valid duration'],
    ['/loki/api/v1/query_range', { query: SELECTOR, interval: `${digits}s` }, `cannot parse "${digits}s" to a valid duration`],
    ['/loki/api/v1/index/volume_range', { query: SELECTOR, step: '1e400' }, 'cannot parse "1e400" to a valid duration'],
    ['/loki/api/v1/detected_fields', { query: SELECTOR, step: digits }, `cannot parse "${digits}" to a valid duration`],
    ['/loki/api/v1/patterns', { query: SELECTOR, step: '1e400' }, 'cannot parse "1e400" to a valid duration'],
    ['/loki/api/v1/labels', { since: '1e400' }, 'could not parse \'since\' parameter: unknown unit "e" in duration "1e400"'],
    ['/loki/api/v1/series', { 'match[]': SELECTOR, since: `${digits}h` }, 'could not parse \'since\' parameter: not a valid duration string: ' + JSON.stringify(`${digits}h`)],
    ['/loki/api/v1/index/volume', { query: SELECTOR, since: '999999999999y' }, 'could not parse \'since\' parameter: duration out of range'],
    ['/loki/api/v1/query_range', { query: SELECTOR, start: '1.5e400' }, 'could not parse \'start\' parameter: strconv.ParseInt: parsing "1.5e400": invalid syntax'],
    ['/loki/api/v1/query_range', { query: SELECTOR, end: digits }, `could not parse 'end' parameter: strconv.ParseInt: parsing "${digits}": value out of range`],
    ['/loki/api/v1/query', { query: 'vector(1)', time: '1.0e300' }, 'strconv.ParseInt: parsing "1.0e300": invalid syntax'],
  ];
  for (const [path, params, message] of cases) {
    const r = await get(path, params);
    assert.equal(r.status, 400, `${path} ${JSON.stringify(params).slice(0, 80)}: ${r.body}`);
    assert.equal(r.body, message);
  }
  assert.equal((await fetch(`${server.base}/ready`)).status, 200);
});

test('limit and time errors are Go\'s strconv messages, as Loki answers them', async () => {
  const cases: [string, Record<string, string>, string][] = [
    ['/loki/api/v1/query_range', { query: SELECTOR, limit: 'abc' }, 'strconv.Atoi: parsing "abc": invalid syntax'],
    ['/loki/api/v1/query_range', { query: SELECTOR, limit: '1'.repeat(20) }, `strconv.Atoi: parsing "${'1'.repeat(20)}": value out of range`],
    ['/api/prom/query', { query: SELECTOR, limit: '1.5' }, 'strconv.Atoi: parsing "1.5": invalid syntax'],
    ['/loki/api/v1/query', { query: 'vector(1)', time: 'noon' }, 'strconv.ParseInt: parsing "noon": invalid syntax'],
    // Loki reads limit before time on an instant query
    ['/loki/api/v1/query', { query: 'vector(1)', time: 'noon', limit: 'x' }, 'strconv.Atoi: parsing "x": invalid syntax'],
  ];
  for (const [path, params, message] of cases) {
    const r = await get(path, params);
    assert.equal(r.status, 400, `${path} ${JSON.stringify(params)}: ${r.body}`);
    assert.equal(r.body, message);
  }
});
