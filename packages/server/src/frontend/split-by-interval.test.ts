// The frontend's split of a log query by split_queries_by_interval: intervals made one at a time in the
// query's direction, and a limited backward query that stops at the newest interval holding enough.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SPLIT_INTERVAL_NS, splitIntervals } from './split-by-interval.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const H = SPLIT_INTERVAL_NS;

test('backward intervals are the forward ones, newest first, aligned to the hour', () => {
  const start = 5n * H + 7n;
  const end = 9n * H + 11n;
  const forward = [...splitIntervals(start, end, false)];
  assert.deepEqual(forward, [[start, 6n * H], [6n * H, 7n * H], [7n * H, 8n * H], [8n * H, 9n * H], [9n * H, end]]);
  assert.deepEqual([...splitIntervals(start, end, true)], forward.reverse());
  // an end on the hour: the last interval ends there, no empty one after it
  assert.deepEqual([...splitIntervals(2n * H, 4n * H, true)], [[3n * H, 4n * H], [2n * H, 3n * H]]);
  // before the epoch the hours are aligned the same way
  assert.deepEqual([...splitIntervals(-H - 1n, 1n, false)], [[-H - 1n, -H], [-H, 0n], [0n, 1n]]);
});

test('intervals are made on demand: a range of 2^62 ns (over a million years) gives its newest hour at once', () => {
  const end = 1n << 62n;
  const first = splitIntervals(0n, end, true).next();
  assert.deepEqual(first.value, [end - (end % H), end]);
});

describe('a limited backward query over 24 hours with entries in every hour', { timeout: 120_000 }, () => {
  let server: TestServer;
  const hourZero = (BigInt(Date.now()) * 1_000_000n / H - 48n) * H;
  before(async () => {
    server = await startTestServer({ limits: { rejectOldSamples: false, maxQueryLengthMs: 0 } });
    for (let h = 0n; h < 24n; h++) {
      const values = Array.from({ length: 50 }, (_, i) => [String(hourZero + h * H + BigInt(i) * 1_000_000_000n), `hour ${h} line ${i}`]);
      const r = await fetch(`${server.base}/loki/api/v1/push`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ streams: [{ stream: { job: 'hourly' }, values }] }),
      });
      assert.equal(r.status, 204, await r.text());
      // one chunk per hour: the stats count the chunks each split read
      const f = await fetch(`${server.base}/flush`, { method: 'POST' });
      assert.equal(f.status, 204, await f.text());
    }
  });
  after(async () => server?.close());

  const query = async (limit: number): Promise<{ lines: string[]; chunks: number }> => {
    const p = new URLSearchParams({
      query: '{job="hourly"}', start: String(hourZero), end: String(hourZero + 24n * H), limit: String(limit), direction: 'backward',
    });
    const r = await fetch(`${server.base}/loki/api/v1/query_range?${p}`);
    const body = await r.json() as { data: { result: { values: [string, string][] }[]; stats: { querier: { store: { totalChunksRef: number } } } } };
    assert.equal(r.status, 200, JSON.stringify(body));
    return { lines: body.data.result.flatMap((s) => s.values.map(([, l]) => l)), chunks: body.data.stats.querier.store.totalChunksRef };
  };

  test('it reads only the newest hour when that hour holds the limit', async () => {
    const all = await query(24 * 50);
    assert.equal(all.lines.length, 24 * 50);
    assert.equal(all.chunks, 24);
    const { lines, chunks } = await query(30);
    assert.deepEqual(lines, Array.from({ length: 30 }, (_, i) => `hour 23 line ${49 - i}`));
    assert.equal(chunks, 1);
  });

  test('it reads one hour more when the newest hour is not enough', async () => {
    const { lines, chunks } = await query(70);
    assert.equal(lines.length, 70);
    assert.equal(lines[69], 'hour 22 line 30');
    assert.equal(chunks, 2);
  });
});
