// A count or rate without a pipeline takes a stored block whose rows all fall in one bucket from its header's
// entry count, never decoding it (scan-samples.ts sampleWholeBlock), and skips structured metadata when the
// series cannot depend on it. The oracle is the same query with a line filter that keeps every line, which reads
// each row: answers and bytes processed must be equal, over blocks wholly inside the range and blocks cut by it,
// with structured metadata that makes series of its own or is renamed `_extracted` beside a stream label.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../testing/test-server.js';

const T0_MS = Math.floor((Date.now() - 3600_000) / 60_000) * 60_000;
/** 3,000 lines of about 200 bytes a stream: several blocks of 256 KiB each. */
const LINES = 3000;
const PAD = 'x'.repeat(180);

function streams(): unknown[] {
  const rows = (meta: (i: number) => Record<string, string> | undefined): unknown[] => Array.from({ length: LINES }, (_, i) => {
    const ts = (BigInt(T0_MS) * 1_000_000n + BigInt(i) * 1_000_000_000n).toString();
    const m = meta(i);
    return m ? [ts, `line ${i} ${PAD}`, m] : [ts, `line ${i} ${PAD}`];
  });
  return [
    // `level` only in metadata: by (level) depends on it
    { stream: { app: 'wb', service: 'api' }, values: rows((i) => (i % 3 === 0 ? { level: i % 2 ? 'warn' : 'info' } : undefined)) },
    // `level` a stream label and in metadata too: the metadata one is level_extracted
    { stream: { app: 'wb', service: 'web', level: 'error' }, values: rows((i) => (i % 5 === 0 ? { level: 'debug', trace: `t${i % 7}` } : undefined)) },
    { stream: { app: 'wb', service: 'db', level: 'info' }, values: rows(() => undefined) },
  ];
}

interface Answer { data: { result: unknown }; stats?: { summary?: { totalBytesProcessed?: number; totalLinesProcessed?: number } } }

async function get(base: string, path: string, params: Record<string, string>): Promise<Answer> {
  const r = await fetch(`${base}/loki/api/v1/${path}?${new URLSearchParams(params)}`);
  assert.equal(r.status, 200, await r.clone().text());
  return (await r.json()) as Answer;
}

/** The result with its series in a fixed order. */
const sorted = (a: Answer): unknown => (a.data.result as { metric: unknown }[]).map((s) => JSON.stringify(s)).sort();

test('counts taken from whole blocks equal counts that read every row', async () => {
  const srv = await startTestServer();
  try {
    const r = await fetch(`${srv.base}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams: streams() }) });
    assert.equal(r.status, 204, await r.text());
    assert.equal((await fetch(`${srv.base}/flush`, { method: 'POST' })).status, 204);
    const endSec = T0_MS / 1000 + LINES;
    const shapes = [
      (s: string) => `sum by (level) (count_over_time(${s} [1h]))`,
      (s: string) => `count_over_time(${s} [1h])`,
      (s: string) => `sum by (service) (rate(${s} [20m]))`,
      (s: string) => `sum(count_over_time(${s} [37m]))`,
      (s: string) => `sum without (trace) (count_over_time(${s} [1h]))`,
    ];
    let compared = 0;
    for (const shape of shapes) {
      const fast = shape('{app="wb"}');
      const oracle = shape('{app="wb"} != "never in a line"');
      // an instant query whose range holds every block, one that cuts blocks, and a range query with buckets
      for (const params of [{ time: String(endSec + 60) }, { time: String(endSec - 1234) }]) {
        const [a, b] = [await get(srv.base, 'query', { query: fast, ...params }), await get(srv.base, 'query', { query: oracle, ...params })];
        assert.deepEqual(sorted(a), sorted(b), `${fast} at ${params.time}`);
        assert.equal(a.stats?.summary?.totalBytesProcessed, b.stats?.summary?.totalBytesProcessed, `bytes processed by ${fast} at ${params.time}`);
        compared++;
      }
      const range = { start: String(T0_MS / 1000 - 600), end: String(endSec + 3600), step: '3600' };
      const [a, b] = [await get(srv.base, 'query_range', { query: fast, ...range }), await get(srv.base, 'query_range', { query: oracle, ...range })];
      assert.deepEqual(sorted(a), sorted(b), `${fast} over a range`);
      compared++;
    }
    assert.equal(compared, shapes.length * 3);
    // the counts are the lines pushed: by (level), metadata-only levels count where the stream has none
    const byLevel = await get(srv.base, 'query', { query: 'sum by (level) (count_over_time({app="wb"}[1h]))', time: String(endSec + 60) });
    const counts = Object.fromEntries((byLevel.data.result as { metric: { level?: string }; value: [number, string] }[]).map((s) => [s.metric.level ?? '', Number(s.value[1])]));
    assert.deepEqual(counts, { '': 2000, info: 500 + LINES, warn: 500, error: LINES });
  } finally {
    await srv.close();
  }
});
