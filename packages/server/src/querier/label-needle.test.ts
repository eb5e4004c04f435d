// `| json | user_id="alice"` reads only the rows that may hold the value (line-needles.ts): the answer must be the
// one a full read gives. `user_id=~"alice"` (anchored, so the same test) takes no needle and is the oracle, over
// stored chunks and rows still in memory, for log and metric queries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../testing/test-server.js';

const T0 = BigInt(Date.now() - 600_000) * 1_000_000n;
let n = 0;
const at = (): string => (T0 + BigInt(n++) * 1_000_000n).toString();

/** The lines: the value as written, escaped, only in structured metadata, in another key, absent; and a stream with the label itself. */
function streams(): unknown[] {
  return [
    {
      stream: { app: 'needle' },
      values: [
        [at(), '{"user_id":"alice","msg":"plain"}'],
        [at(), '{"user_id":"bob","msg":"alice is elsewhere"}'],
        [at(), '{"user_id":"\\u0061lice","msg":"escaped"}'],
        [at(), '{"msg":"from metadata"}', { user_id: 'alice' }],
        [at(), '{"user_id":"bob","msg":"other"}'],
        [at(), 'user_id=alice msg="not json"'],
      ],
    },
    { stream: { app: 'needle', user_id: 'alice' }, values: [[at(), '{"msg":"stream label"}'], [at(), '{"user_id":"bob"}']] },
  ];
}

async function get(base: string, path: string, params: Record<string, string>): Promise<unknown> {
  const r = await fetch(`${base}/loki/api/v1/${path}?${new URLSearchParams(params)}`);
  assert.equal(r.status, 200, await r.clone().text());
  return ((await r.json()) as { data: { result: unknown } }).data.result;
}

const lines = (result: unknown): string[] =>
  (result as { values: [string, string][] }[]).flatMap((s) => s.values.map((v) => v[1])).sort();

test('a label filter\'s needle keeps every row a full read keeps: escaped values, metadata, the stream\'s own label', async () => {
  const srv = await startTestServer();
  try {
    const push = async (): Promise<void> => {
      const r = await fetch(`${srv.base}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams: streams() }) });
      assert.equal(r.status, 204, await r.text());
    };
    await push();
    assert.equal((await fetch(`${srv.base}/flush`, { method: 'POST' })).status, 204);
    await push(); // the same lines at later times, still in memory
    const range = { start: (T0 - 1n).toString(), end: (T0 + 600_000_000_000n).toString() };
    for (const [needled, oracle] of [['{app="needle"} | json | user_id="alice"', '{app="needle"} | json | user_id=~"alice"'],
      ['{app="needle"} | logfmt | user_id="alice"', '{app="needle"} | logfmt | user_id=~"alice"']]) {
      const got = lines(await get(srv.base, 'query_range', { query: needled!, ...range, limit: '1000' }));
      assert.deepEqual(got, lines(await get(srv.base, 'query_range', { query: oracle!, ...range, limit: '1000' })), needled);
      const count = (q: string): Promise<unknown> => get(srv.base, 'query', { query: `sum(count_over_time(${q} [1h]))`, time: String(Number(T0 / 1_000_000n) / 1000 + 600) });
      assert.deepEqual(await count(needled!), await count(oracle!), `count of ${needled}`);
      if (needled!.includes('json')) {
        // plain, escaped, metadata, and both lines of the stream whose own label is alice; twice over
        assert.deepEqual(got, [...Array(2)].flatMap(() => [
          '{"msg":"from metadata"}', '{"msg":"stream label"}', '{"user_id":"\\u0061lice","msg":"escaped"}', '{"user_id":"alice","msg":"plain"}', '{"user_id":"bob"}',
        ]).sort());
      }
    }
  } finally {
    await srv.close();
  }
});
