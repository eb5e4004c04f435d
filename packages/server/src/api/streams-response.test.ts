// A query_range answer takes each entry's labels as the JSON the scan wrote (LogEntryOut.labelsJSON), in the mode the
// answer asks for: every label without categorize-labels, metadata and parsed labels apart with it. Both answers
// must tell the same labels for every entry: the full set of one is the union of the other's stream, structured
// metadata and parsed labels. (scan.test compares either with the answer written from label pairs.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../testing/test-server.js';

// within one hour, one split of the query: Loki's merge of splits picks entries by stream, which differ between the two
const T0_MS = Math.floor((Date.now() - 7200_000) / 3600_000) * 3600_000;
const LINES = 3000;
const tsOf = (i: number): string => (BigInt(T0_MS) * 1_000_000n + BigInt(i) * 1_000_000_000n).toString();
// values that JSON escapes, that Go quotes differently, and that repeat or not from line to line
const lineOf = (i: number): string =>
  `n=${i} level=${['info', 'warn', 'error'][i % 3]} msg="say \\"hi\\" ${i % 5}" path=/a\\b${i % 4} uni=ü${i % 2} tab="a\tb"`;

type Labels = Record<string, string>;
interface Stream { stream: Labels; values: [string, string, { structuredMetadata?: Labels; parsed?: Labels }?][] }

test('entries carry the same labels whether the answer is written from their JSON or from their pairs', async () => {
  const srv = await startTestServer();
  try {
    const values = Array.from({ length: LINES }, (_, i) => [tsOf(i), lineOf(i), ...(i % 2 ? [{ trace_id: `t${i % 7}`, level: 'sm' }] : [])]);
    const push = await fetch(`${srv.base}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams: [{ stream: { app: 'sr', env: 'a' }, values }, { stream: { app: 'sr', env: 'b' }, values: values.slice(0, 500) }] }) });
    assert.equal(push.status, 204, await push.text());
    assert.equal((await fetch(`${srv.base}/flush`, { method: 'POST' })).status, 204);
    const range = { start: String(T0_MS * 1e6), end: String((T0_MS + LINES * 1000 + 1000) * 1e6) };
    for (const query of ['{app="sr"} | logfmt', '{app="sr"}', '{app="sr"} | logfmt | level="error" | label_format x="{{.msg}}"', '{app="sr"} | logfmt | drop n']) {
      for (const limit of ['40', '2000']) {
        const ask = async (categorize: boolean): Promise<Stream[]> => {
          const q = new URLSearchParams({ query, ...range, limit, direction: 'backward' });
          const r = await fetch(`${srv.base}/loki/api/v1/query_range?${q}`, { headers: categorize ? { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' } : {} });
          assert.equal(r.status, 200);
          return ((await r.json()) as { data: { result: Stream[] } }).data.result;
        };
        const plain = new Map<string, Labels>();
        for (const s of await ask(false)) {
          assert.deepEqual(Object.keys(s.stream), Object.keys(s.stream).sort(), 'labels in name order');
          for (const [ts, line] of s.values) plain.set(`${ts} ${line}`, s.stream);
        }
        const categorized = new Map<string, Labels>();
        for (const s of await ask(true)) {
          for (const [ts, line, meta] of s.values) {
            const all: Labels = { ...s.stream, ...meta?.structuredMetadata, ...meta?.parsed };
            categorized.set(`${ts} ${line}`, Object.fromEntries(Object.entries(all).sort(([a], [b]) => (a < b ? -1 : 1))));
          }
        }
        assert.equal(plain.size, Number(limit) === 40 ? 40 : categorized.size, `${query} limit ${limit}`);
        assert.ok(plain.size > 0);
        assert.deepEqual(plain, categorized, `${query} limit ${limit}`);
      }
    }
  } finally {
    await srv.close();
  }
});
