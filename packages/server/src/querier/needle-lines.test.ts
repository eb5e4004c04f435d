// A scan with a needle decompresses each block's lines into one buffer of its thread, which the next block's lines
// overwrite (decompressTransientLines). Over a stream of many blocks with matches in most of them, every matching
// line must come back exactly as pushed, in log and metric queries, read backward and forward: a scan that kept a
// slice of a block's lines past the next block's decoding would show that block's bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../testing/test-server.js';

const T0_MS = Math.floor((Date.now() - 3600_000) / 60_000) * 60_000;
const LINES = 4000;
const PAD = 'x'.repeat(170);
const tsOf = (i: number): bigint => BigInt(T0_MS) * 1_000_000n + BigInt(i) * 500_000_000n;
const lineOf = (i: number): string => (i % 7 === 0 ? `n=${i} kind=needle-${i % 3} ${PAD}` : `n=${i} kind=plain ${PAD}`);

test('lines found by a needle over many blocks come back as pushed', async () => {
  const srv = await startTestServer();
  try {
    const values = Array.from({ length: LINES }, (_, i) => [tsOf(i).toString(), lineOf(i)]);
    const r = await fetch(`${srv.base}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams: [{ stream: { app: 'tl' }, values }] }) });
    assert.equal(r.status, 204, await r.text());
    assert.equal((await fetch(`${srv.base}/flush`, { method: 'POST' })).status, 204);
    const expected = values.filter(([, l]) => l!.includes('needle'));
    assert.ok(expected.length > 500);
    const range = { start: String(T0_MS * 1e6 - 1), end: String((T0_MS + LINES * 500 + 1000) * 1e6) };
    for (const direction of ['backward', 'forward']) {
      const q = new URLSearchParams({ query: '{app="tl"} |= "needle"', ...range, limit: '5000', direction });
      const body = (await (await fetch(`${srv.base}/loki/api/v1/query_range?${q}`)).json()) as { data: { result: { values: [string, string][] }[] } };
      const got = body.data.result.flatMap((s) => s.values).sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : 1));
      assert.deepEqual(got, expected, direction);
    }
    // a metric query whose pipeline reads the lines the needle found
    const q = new URLSearchParams({ query: 'sum by (kind) (count_over_time({app="tl"} |= "needle" | logfmt [2h]))', time: String(T0_MS / 1000 + LINES) });
    const body = (await (await fetch(`${srv.base}/loki/api/v1/query?${q}`)).json()) as { data: { result: { metric: { kind: string }; value: [number, string] }[] } };
    const counts = Object.fromEntries(body.data.result.map((s) => [s.metric.kind, Number(s.value[1])]));
    const want: Record<string, number> = {};
    for (const [, l] of expected) {
      const kind = /kind=(\S+)/.exec(l!)![1]!;
      want[kind] = (want[kind] ?? 0) + 1;
    }
    assert.deepEqual(counts, want);
  } finally {
    await srv.close();
  }
});
