// Live tail over a real WebSocket: recent entries first, then entries pushed while tailing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { CONFORMANCE_LIMITS, startTestServer, type TestServer } from '../testing/test-server.js';

let server: TestServer;
before(async () => { server = await startTestServer(); });
after(async () => { await server.close(); });

async function push(lines: string[], app = 'tail-test', base = server.base): Promise<void> {
  const now = BigInt(Date.now()) * 1_000_000n;
  const values = lines.map((l, i) => [(now + BigInt(i)).toString(), l]);
  const r = await fetch(`${base}/loki/api/v1/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ streams: [{ stream: { app }, values }] }),
  });
  assert.equal(r.status, 204);
}

// Each step waits for what the server sent, never for time; the timeout only turns a missing message into a failure.
test('tail sends recent entries, then live ones that pass the pipeline', { timeout: 120_000 }, async () => {
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

test('with auth enabled a browser, which cannot set headers on a WebSocket, names the tenant as the X-Scope-OrgID parameter', { timeout: 120_000 }, async () => {
  const authed = await startTestServer({ authEnabled: true });
  try {
    const at = (tenant: string): Promise<Response> => fetch(`${authed.base}/loki/api/v1/push`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Scope-OrgID': tenant },
      body: JSON.stringify({ streams: [{ stream: { app: 'web' }, values: [[String(BigInt(Date.now()) * 1_000_000n), `line of ${tenant}`]] }] }),
    });
    assert.equal((await at('team-a')).status, 204);
    assert.equal((await at('team-b')).status, 204);
    const query = encodeURIComponent('{app="web"}');
    // Without a tenant the upgrade is refused as any request is; a bad one as the header would be.
    const none = await fetch(`${authed.base}/loki/api/v1/tail?query=${query}`);
    assert.deepEqual([none.status, (await none.text()).trim()], [401, 'no org id']);
    const bad = await fetch(`${authed.base}/loki/api/v1/tail?query=${query}&X-Scope-OrgID=a%2Fb`);
    assert.deepEqual([bad.status, (await bad.text()).trim()], [401, "tenant ID 'a/b' contains unsupported character"]);

    const ws = new WebSocket(`${authed.base.replace('http', 'ws')}/loki/api/v1/tail?query=${query}&X-Scope-OrgID=team-b`);
    const first = await new Promise<string>((resolve, reject) => {
      ws.once('message', (data) => resolve(String(data)));
      ws.once('error', reject);
    });
    ws.close();
    const msg = JSON.parse(first) as { streams: { values: [string, string][] }[] };
    assert.deepEqual(msg.streams.flatMap((st) => st.values.map((v) => v[1])), ['line of team-b']);
  } finally {
    await authed.close();
  }
});

test('a bad tail query is refused with 400 before the upgrade', async () => {
  const r = await fetch(`${server.base}/loki/api/v1/tail?query=${encodeURIComponent('{app=')}`);
  assert.equal(r.status, 400);
  assert.match(await r.text(), /^parse error/);
});

test('a client that stops reading costs a bounded buffer: what it missed is dropped and listed in dropped_entries', { timeout: 180_000 }, async () => {
  const MiB = 1024 * 1024;
  const PUSHED_MIB = 64;
  const fast = await startTestServer({ limits: CONFORMANCE_LIMITS });
  const ws = new WebSocket(`${fast.base.replace('http', 'ws')}/loki/api/v1/tail?query=${encodeURIComponent('{app="slow-reader"}')}`);
  try {
    let receivedBytes = 0;
    let droppedListed = 0;
    let sawEnd = false;
    ws.on('message', (data: Buffer) => {
      receivedBytes += data.length;
      const msg = JSON.parse(String(data)) as { streams: { values: [string, string][] }[]; dropped_entries?: { timestamp: string; labels: Record<string, string> }[] };
      for (const d of msg.dropped_entries ?? []) if (d.labels.app === 'slow-reader' && /^\d+$/.test(d.timestamp)) droppedListed++;
      if (msg.streams.some((st) => st.values.some((v) => v[1] === 'END'))) sawEnd = true;
    });
    await new Promise((r) => ws.once('open', r));
    ws.pause(); // stops reading the socket: the server's send buffer is all that can grow

    const line = 'x'.repeat(1024);
    const t0 = BigInt(Date.now()) * 1_000_000n;
    for (let batch = 0; batch < PUSHED_MIB; batch++) {
      const values = Array.from({ length: 1024 }, (_, i) => [(t0 + BigInt(batch * 1024 + i)).toString(), line]);
      const r = await fetch(`${fast.base}/loki/api/v1/push`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ streams: [{ stream: { app: 'slow-reader' }, values }] }),
      });
      assert.equal(r.status, 204);
    }
    ws.resume();
    // Once END arrives, everything the server held for this client has arrived before it.
    for (let i = 0; !sawEnd && i < 120; i++) {
      await push(['END'], 'slow-reader', fast.base);
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(sawEnd, 'the tail still delivers once the client reads again');
    assert.ok(droppedListed > 0, 'dropped entries are reported');
    // Loose: the 4 MiB tail buffer plus the kernel's socket buffers, against the 64 MiB pushed.
    assert.ok(receivedBytes < 32 * MiB, `the server held ${Math.round(receivedBytes / MiB)} MiB for a client that did not read`);
  } finally {
    ws.terminate();
    await fast.close();
  }
});
