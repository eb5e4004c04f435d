// SIGTERM on a real `logi serve` holding a tail, an idle keep-alive socket, a silent socket and a push loop:
// it stops taking pushes at once, keeps everything it acknowledged, and exits by itself, as Loki does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { freePort, startLogi, type LogiProcess } from '../testing/logi-process.js';
import { openSocket } from '../testing/raw-socket.js';

/** Loose: far above a clean stop (about a second), far below the 30 s grace and the "forever" of a held socket. */
const EXIT_BOUND_MS = 15_000;

/** The exit status, or 'hung' (the process is then SIGKILLed) when it outlives EXIT_BOUND_MS. */
async function exitWithinBound(logi: LogiProcess): Promise<number | string | null> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((r) => { timer = setTimeout(() => r('hung'), EXIT_BOUND_MS); });
  const status = await Promise.race([logi.exited, hung]);
  clearTimeout(timer);
  if (status === 'hung') {
    logi.child.kill('SIGKILL');
    await logi.exited;
  }
  return status;
}

const LINE_TS = BigInt(Date.now()) * 1_000_000n;

test('SIGTERM with a tail, idle and silent sockets and a push loop: pushes refused at once, acknowledged ones kept, exit 0', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-shutdown-'));
  const port = await freePort();
  const logi = await startLogi(dir, port, 'auth_enabled: false\n');
  try {
    const tail = new WebSocket(`ws://127.0.0.1:${port}/loki/api/v1/tail?query=${encodeURIComponent('{job="shutdown"}')}`);
    tail.on('error', () => undefined);
    const tailClosed = new Promise<number>((r) => tail.once('close', (code) => r(code)));
    await new Promise((r) => tail.once('open', r));

    const idle = await openSocket(port);
    const answered = new Promise((r) => idle.once('data', r));
    idle.write(`GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    await answered;
    const silent = await openSocket(port);

    const acked: string[] = [];
    const ackedAfterSignal: string[] = [];
    let signalSeen = false;
    logi.child.stdout!.on('data', () => { if (logi.stdout().includes('msg="shutting down"')) signalSeen = true; });
    let stopped = false;
    const pushLoop = (async () => {
      for (let n = 0; !stopped; n++) {
        const line = `seq=${n}`;
        const sentAfterSignal = signalSeen;
        try {
          const r = await fetch(`${logi.base}/loki/api/v1/push`, {
            method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ streams: [{ stream: { job: 'shutdown' }, values: [[(LINE_TS + BigInt(n)).toString(), line]] }] }),
          });
          await r.arrayBuffer();
          if (r.status === 204) (sentAfterSignal ? ackedAfterSignal : acked).push(line);
        } catch {
          await new Promise((r) => setTimeout(r, 20)); // refused or closed: the server is going
        }
      }
    })();
    while (acked.length < 20) await new Promise((r) => setTimeout(r, 20));

    logi.child.kill('SIGTERM');
    const status = await exitWithinBound(logi);
    stopped = true;
    await pushLoop;

    assert.equal(status, 0, `exit status (stdout: ${logi.stdout()})`);
    assert.deepEqual(ackedAfterSignal, [], 'pushes sent after the shutdown began were acknowledged');
    assert.equal(await tailClosed, 1001, 'the tail got a close frame (going away)');
    await Promise.all([idle, silent].map((s) => (s.destroyed ? undefined : new Promise((r) => s.once('close', r)))));

    const restarted = await startLogi(dir, port, 'auth_enabled: false\n');
    try {
      const q = new URLSearchParams({ query: '{job="shutdown"}', start: (LINE_TS - 1n).toString(), end: (LINE_TS + 1_000_000n).toString(), limit: '5000' });
      const body = (await (await fetch(`${restarted.base}/loki/api/v1/query_range?${q}`)).json()) as { data: { result: { values: [string, string][] }[] } };
      const kept = new Set(body.data.result.flatMap((s) => s.values.map((v) => v[1])));
      assert.deepEqual(acked.filter((l) => !kept.has(l)), [], 'acknowledged pushes lost over the restart');
    } finally {
      restarted.child.kill('SIGKILL');
      await restarted.exited;
    }
  } finally {
    logi.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGTERM cuts a request still in flight after server.graceful_shutdown_timeout', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-shutdown-'));
  const port = await freePort();
  const logi = await startLogi(dir, port, 'auth_enabled: false\nserver:\n  graceful_shutdown_timeout: 1s\n');
  try {
    // A push whose body never finishes: in flight until the server cuts it.
    const hung = await openSocket(port);
    hung.write('POST /loki/api/v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"streams":');
    await new Promise((r) => setTimeout(r, 300));
    logi.child.kill('SIGTERM');
    assert.equal(await exitWithinBound(logi), 0, `exit status (stdout: ${logi.stdout()})`);
    assert.match(logi.stdout(), /msg="graceful shutdown timeout reached, closing connections" open=1 timeout_ms=1000/);
    hung.destroy();
  } finally {
    logi.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
