// Live tail over a real WebSocket: recent entries first, then entries pushed while tailing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.close(); });

async function push(lines: string[], app = 'tail-test'): Promise<void> {
  const now = BigInt(Date.now()) * 1_000_000n;
  const values = lines.map((l, i) => [(now + BigInt(i)).toString(), l]);
  const r = await fetch(`${server.base}/loki/api/v1/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ streams: [{ stream: { app }, values }] }),
  });
  assert.equal(r.status, 204);
}

test('tail sends recent entries, then live ones that pass the pipeline', async () => {
  await push(['old one', 'old two']);
  const ws = new WebSocket(`${server.base.replace('http', 'ws')}/loki/api/v1/tail?query=${encodeURIComponent('{app="tail-test"} != "skip"')}`);
  const lines: string[] = [];
  let recent!: () => void;
  const gotRecent = new Promise<void>((resolve) => { recent = resolve; });
  const got = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { streams: { stream: Record<string, string>; values: [string, string][] }[] };
      for (const s of msg.streams) {
        assert.equal(s.stream.app, 'tail-test');
        for (const v of s.values) lines.push(v[1]);
      }
      if (lines.includes('old two')) recent();
      if (lines.includes('live two')) resolve();
    });
  });
  // The recent entries come from a query that may take a while on a busy machine; live ones follow them.
  await gotRecent;
  await push(['live one', 'skip me', 'live two']);
  await push(['other app'], 'elsewhere');
  await got;
  ws.close();
  assert.deepEqual(lines, ['old one', 'old two', 'live one', 'live two']);
});

test('a bad tail query is refused with 400 before the upgrade', async () => {
  const r = await fetch(`${server.base}/loki/api/v1/tail?query=${encodeURIComponent('{app=')}`);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /^parse error/);
});
