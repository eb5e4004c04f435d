// GET /loki/api/v1/patterns on a real server: lines pushed from known templates come back as exactly those
// templates, with <_> for their variable parts, their detected level, and counts adding up to the lines pushed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../testing/test-server.js';

const LINES_PER_TEMPLATE = 40;
const nowMs = Date.now();
const at = (i: number): number => nowMs - 5 * 60_000 + i * 7_000; // every 7 s over the last five minutes

/** Each template: the stream it goes to, its line for i, and the pattern Loki's miner makes of it. */
const TEMPLATES = [
  {
    job: 'api', pattern: '<_>user <_> logged in successfully<_>', level: 'info',
    line: (i: number) => JSON.stringify({ event: `user u${100 + i} logged in successfully`, user_id: `u${100 + i}`, level: 'info', timestamp: new Date(at(i)).toISOString() }),
  },
  {
    job: 'api', pattern: '<_>payment declined for order <_> by gateway<_>', level: 'error',
    line: (i: number) => JSON.stringify({ event: `payment declined for order ${4000 + i} by gateway`, level: 'error', timestamp: new Date(at(i)).toISOString() }),
  },
  {
    job: 'nginx', pattern: '<_> - - [<_> +0000] "GET <_> HTTP/1.1" <_> <_> "-" "curl/8.5.0"',
    line: (i: number) => `10.0.${i % 4}.${i} - - [07/Dec/2026:06:${String(i % 60).padStart(2, '0')}:00 +0000] "GET /api/orders/${i} HTTP/1.1" ${i % 2 ? 200 : 304} ${500 + i} "-" "curl/8.5.0"`,
  },
  {
    job: 'nginx', pattern: '<_> - - [<_> +0000] "POST <_> HTTP/1.1" 201 <_> "-" "curl/8.5.0"',
    line: (i: number) => `10.1.${i % 4}.${i} - - [07/Dec/2026:06:${String(i % 60).padStart(2, '0')}:30 +0000] "POST /api/payments/${i} HTTP/1.1" 201 ${900 + i} "-" "curl/8.5.0"`,
  },
  {
    job: 'syslog', pattern: 'Dec  7 <_> <_> sshd[<_>]: Accepted publickey for <_> from <_> port <_> ssh2',
    line: (i: number) => `Dec  7 06:${String(i % 60).padStart(2, '0')}:05 web-${i % 3} sshd[${2000 + i}]: Accepted publickey for user${i} from 10.2.0.${i} port ${40000 + i} ssh2`,
  },
  {
    job: 'syslog', pattern: 'Dec  7 <_> <_> sshd[<_>]: Failed password for invalid user <_> from <_> port <_> ssh2',
    line: (i: number) => `Dec  7 06:${String(i % 60).padStart(2, '0')}:09 web-${i % 3} sshd[${3000 + i}]: Failed password for invalid user admin${i} from 10.3.0.${i} port ${50000 + i} ssh2`,
  },
];

let server: TestServer;

before(async () => {
  server = await startTestServer();
  const byJob = new Map<string, [string, string][]>();
  for (const t of TEMPLATES) {
    const values = byJob.get(t.job) ?? [];
    for (let i = 0; i < LINES_PER_TEMPLATE; i++) values.push([`${at(i)}000000`, t.line(i)]);
    byJob.set(t.job, values);
  }
  // A stream's lines in time order: the miner, as Loki's, skips a line older than the stream's latest.
  const streams = [...byJob].map(([job, values]) => ({ stream: { job }, values: values.sort((a, b) => Number(BigInt(a[0]) - BigInt(b[0]))) }));
  const r = await fetch(`${server.base}/loki/api/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ streams }) });
  assert.equal(r.status, 204);
});
after(async () => { await server.close(); });

interface PatternSeries { pattern: string; level: string; samples: [number, number][] }

async function patterns(query: string, step = '60s'): Promise<PatternSeries[]> {
  const params = new URLSearchParams({ query, start: `${nowMs - 3_600_000}000000`, end: `${nowMs + 60_000}000000`, step });
  const r = await fetch(`${server.base}/loki/api/v1/patterns?${params}`);
  assert.equal(r.status, 200);
  const body = await r.json() as { status: string; data: PatternSeries[] };
  assert.equal(body.status, 'success');
  return body.data;
}

for (const job of ['api', 'nginx', 'syslog']) {
  test(`${job}: the patterns are the generator's templates, their counts the lines pushed`, async () => {
    const expected = TEMPLATES.filter((t) => t.job === job);
    const got = await patterns(`{service_name="${job}"}`);
    assert.deepEqual(got.map((p) => p.pattern).sort(), expected.map((t) => t.pattern).sort());
    for (const p of got) {
      assert.equal(p.samples.reduce((n, s) => n + s[1], 0), LINES_PER_TEMPLATE, p.pattern);
      for (const [t] of p.samples) assert.equal(t % 60, 0, 'sample times are whole steps, in seconds');
      const level = expected.find((t) => t.pattern === p.pattern)!.level;
      if (level) assert.equal(p.level, level);
    }
  });
}

test('the selector picks the streams: a regex over two services, none for an unknown one', async () => {
  assert.equal((await patterns('{service_name=~"api|syslog"}', '10s')).length, 4);
  assert.deepEqual(await patterns('{service_name="none"}'), []);
});

test('a query that is not a selector is refused with Loki\'s 400', async () => {
  const r = await fetch(`${server.base}/loki/api/v1/patterns?${new URLSearchParams({ query: '{job="api"} |= "x"', since: '1h' })}`);
  assert.equal(r.status, 400);
});
