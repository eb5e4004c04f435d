// Template output a query may hold (issue 8, item 6): a formatted line is bounded (256 KiB), and so are a
// log query's kept lines and labels (32 MiB) and a metric query's series labels (16 MiB), so template queries
// answer 200 or 400, never exhaust memory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SPLIT_INTERVAL_NS } from '../frontend/split-by-interval.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
/**
 * line i was written at now − (400 − i) s. In the first 401 s of an hour, `now` is set back to just before the hour,
 * so the lines lie in one of the query frontend's hour-long splits: a split makes its own first entries, and
 * those decide when a query is refused by extrapolation.
 */
let now: bigint;
before(async () => {
  server = await startTestServer({ limits: { maxEntriesLimitPerQuery: 5000 } });
  const wall = BigInt(Date.now()) * 1_000_000n;
  const intoSplit = wall % SPLIT_INTERVAL_NS;
  now = intoSplit <= 401_000_000_000n ? wall - intoSplit - 1_000_000_000n : wall;
  const values = Array.from({ length: 400 }, (_, i) => [String(now - BigInt(400 - i) * 1_000_000_000n), `line ${i}`]);
  // three streams of 100 lines of 100 characters, one a second
  const three = ['a', 'b', 'c'].map((k) => ({
    stream: { app: 't', k },
    values: Array.from({ length: 100 }, (_, i) => [String(now - BigInt(100 - i) * 1_000_000_000n), `${k} ${String(i).padStart(3, '0')} `.padEnd(100, '.')]),
  }));
  const r = await fetch(`${server.base}/loki/api/v1/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams: [{ stream: { app: 'm' }, values }, ...three] }),
  });
  assert.equal(r.status, 204);
});
after(async () => { await server.close(); });

async function query(q: string, limit: number): Promise<{ status: number; body: string }> {
  const r = await fetch(`${server.base}/loki/api/v1/query_range?${new URLSearchParams({ query: q, limit: String(limit), since: '1h' })}`);
  return { status: r.status, body: await r.text() };
}

test('a formatted line over 256 KiB keeps its line and carries TemplateFormatErr', async () => {
  const r = await query('{app="m"} | line_format "{{ repeat 1000000 \\"a\\" }}"', 2);
  assert.equal(r.status, 200);
  const body = JSON.parse(r.body) as { data: { result: { stream: Record<string, string>; values: [string, string][] }[] } };
  const s = body.data.result[0]!;
  assert.equal(s.stream.__error__, 'TemplateFormatErr');
  assert.match(s.stream.__error_details__ ?? '', /exceeds the limit of 262144/);
  assert.match(s.values[0]![1], /^line \d+$/);
});

test('a log query whose formatted lines pass 32 MiB in all is a 400 naming the limit; a smaller one answers', async () => {
  const big = '{app="m"} | line_format "{{ repeat 200000 \\"a\\" }}"';
  const refused = await query(big, 1000);
  assert.equal(refused.status, 400);
  assert.match(refused.body, /^the query result exceeds the limit of 33554432 bytes of log lines and labels held in memory/);
  const fine = await query(big, 50);
  assert.equal(fine.status, 200);
  const legacy = await fetch(`${server.base}/api/prom/query?${new URLSearchParams({ query: big, limit: '1000', since: '1h' })}`);
  assert.equal(legacy.status, 400);
  assert.equal((await fetch(`${server.base}/ready`)).status, 200);
});

test('a log query is refused from its first entries when, extrapolated over the rows left, they pass 32 MiB twice over', async () => {
  // the 10 newest lines (n ≥ 390) format to 200 KB, the rest to one character: 2 MB in all, under the bound
  const q = (direction: string, range: Record<string, string> = { since: '1h' }) => fetch(`${server.base}/loki/api/v1/query_range?${new URLSearchParams({
    query: '{app="m"} | pattern "line <n>" | line_format "{{ if ge (int .n) 390 }}{{ repeat 200000 \\"a\\" }}{{ else }}x{{ end }}"',
    limit: '400', direction, ...range,
  })}`);
  // oldest first: the small lines come first and the answer holds all 400
  const forward = await q('forward');
  assert.equal(forward.status, 200);
  const body = (await forward.json()) as { data: { result: { values: [string, string][] }[] } };
  assert.equal(body.data.result.flatMap((s) => s.values).length, 400);
  // newest first: 8 lines of 200 KB with 392 rows left would be 80 MB, so the query stops there
  const backward = await q('backward');
  assert.equal(backward.status, 400);
  assert.match(await backward.text(), /^the query result exceeds the limit of 33554432 bytes of log lines and labels held in memory \(or its first entries show that it would\)/);
  // only rows inside the query's range count: over the newest 20 lines, 8 big ones leave 12 rows, 4 MB at most
  const narrow = await q('backward', { start: String(now - 20n * 1_000_000_000n - 500_000_000n), end: String(now) });
  assert.equal(narrow.status, 200);
  const lines = ((await narrow.json()) as { data: { result: { values: [string, string][] }[] } }).data.result.flatMap((s) => s.values);
  assert.equal(lines.length, 20);
  assert.equal(lines.filter(([, l]) => l.length === 200_000).length, 10);
});

test('a log query over streams that each fit the bound but pass it together is a 400 naming the limit; with a lower limit it answers', async () => {
  // 100 lines of 200 KB in each stream: 20 MB each, 60 MB together
  const q = '{app="t"} | line_format "{{ repeat 2000 __line__ }}"';
  const refused = await query(q, 1000);
  assert.equal(refused.status, 400);
  assert.match(refused.body, /^the query result exceeds the limit of 33554432 bytes of log lines and labels held in memory \(or its first entries show that it would\)/);
  const fine = await query(q, 40);
  assert.equal(fine.status, 200);
  const body = JSON.parse(fine.body) as { data: { result: { values: [string, string][] }[] } };
  const lines = body.data.result.flatMap((s) => s.values);
  assert.equal(lines.length, 40);
  assert.ok(lines.every(([, l]) => l.length === 200_000));
});

test('a metric query making a series per line with large formatted labels is a 400 naming the limit', async () => {
  const q = 'sum by (x) (count_over_time({app="m"} | label_format x="{{ repeat 50000 \\"a\\" }}{{ __line__ }}" [1h]))';
  const r = await fetch(`${server.base}/loki/api/v1/query?${new URLSearchParams({ query: q })}`);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /^the query result exceeds the limit of 16777216 bytes of series labels held in memory/);
  const small = 'sum by (x) (count_over_time({app="m"} | label_format x="{{ repeat 2000 \\"a\\" }}{{ __line__ }}" [1h]))';
  assert.equal((await fetch(`${server.base}/loki/api/v1/query?${new URLSearchParams({ query: small })}`)).status, 200);
});

test('a metric query is refused from its first rows when their series labels, extrapolated over the rows left, pass 16 MiB twice over', async () => {
  // the 10 oldest lines (n < 10) make a 200 KB label, the rest a short one: 2 MB of labels in all, under the bound
  const q = 'sum by (x) (count_over_time({app="m"} | pattern "line <n>" | label_format x="{{ if lt (int .n) 10 }}{{ repeat 200000 \\"a\\" }}{{ end }}{{ __line__ }}" [1h]))';
  // oldest first: 8 rows of 200 KB with 392 rows left would be 80 MB, so the query stops there
  const r = await fetch(`${server.base}/loki/api/v1/query?${new URLSearchParams({ query: q })}`);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /^the query result exceeds the limit of 16777216 bytes of series labels held in memory/);
  // only rows inside the range count: 15 s from line 6 on hold 4 large labels and 11 rows left after the 8th
  const narrow = q.replace('[1h]', '[15s]');
  const at = String(now - 380n * 1_000_000_000n);
  const fine = await fetch(`${server.base}/loki/api/v1/query?${new URLSearchParams({ query: narrow, time: at })}`);
  assert.equal(fine.status, 200);
  const body = (await fine.json()) as { data: { result: { metric: { x: string } }[] } };
  assert.equal(body.data.result.length, 15);
  assert.equal(body.data.result.filter((s) => s.metric.x.length > 200_000).length, 4);
});
