// Connections that never finish a request: Loki's read and idle timeouts and a cap on open connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseFlags } from './config.js';
import { openSocket } from '../testing/raw-socket.js';
import { startTestServer, type TestServer } from '../testing/test-server.js';

/** Far above the configured timeouts (half a second), far below "held forever". */
const WAIT_MS = 10_000;

/** True when the server closes `s` within WAIT_MS. */
async function closedByServer(s: Socket): Promise<boolean> {
  if (s.destroyed) return true;
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    new Promise<boolean>((r) => s.once('close', () => r(true))),
    new Promise<boolean>((r) => { timer = setTimeout(() => r(false), WAIT_MS); }),
  ]);
  clearTimeout(timer);
  s.destroy();
  return closed;
}

const openConnections = (server: TestServer): Promise<number> =>
  new Promise((resolve, reject) => server.running.server.getConnections((e, n) => (e ? reject(e) : resolve(n))));

test('a socket that never sends a byte is closed after server.http_server_read_timeout', { timeout: 30_000 }, async () => {
  const server = await startTestServer({ server: { readTimeoutMs: 500 } });
  try {
    assert.ok(await closedByServer(await openSocket(server.running.port)));
    const partial = await openSocket(server.running.port);
    partial.write('GET /ready HTTP/1.1\r\nHost: x\r\n');
    assert.ok(await closedByServer(partial), 'a request head that never ends is cut too');
    assert.equal((await fetch(`${server.base}/ready`)).status, 200);
  } finally {
    await server.close();
  }
});

test('a keep-alive connection idle past server.http_server_idle_timeout is closed', { timeout: 30_000 }, async () => {
  const server = await startTestServer({ server: { idleTimeoutMs: 500 } });
  try {
    const s = await openSocket(server.running.port);
    s.write('GET /ready HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => s.once('data', r));
    assert.ok(await closedByServer(s));
  } finally {
    await server.close();
  }
});

test('connections beyond server.http_listen_conn_limit are closed at once; the server serves again below it', { timeout: 30_000 }, async () => {
  const server = await startTestServer({ server: { connLimit: 2 } });
  const held: Socket[] = [];
  try {
    held.push(await openSocket(server.running.port), await openSocket(server.running.port));
    while ((await openConnections(server)) < 2) await new Promise((r) => setTimeout(r, 20));
    assert.ok(await closedByServer(await openSocket(server.running.port)), 'the third connection is closed');
    assert.ok(held.every((s) => !s.destroyed), 'the first two stay open');
    held.pop()!.destroy();
    while ((await openConnections(server)) > 1) await new Promise((r) => setTimeout(r, 20));
    assert.equal((await fetch(`${server.base}/ready`, { headers: { Connection: 'close' } })).status, 200);
  } finally {
    for (const s of held) s.destroy();
    await server.close();
  }
});

test("the connection settings are read under Loki's server keys; defaults are Loki's but for the connection cap", () => {
  const defaults = loadConfig(parseFlags([])).server;
  assert.deepEqual(
    [defaults.readTimeoutMs, defaults.idleTimeoutMs, defaults.connLimit, defaults.gracefulShutdownTimeoutMs],
    [30_000, 120_000, 1024, 30_000],
  );
  const file = join(mkdtempSync(join(tmpdir(), 'logi-config-')), 'c.yaml');
  writeFileSync(file, 'server:\n  http_server_read_timeout: 5s\n  http_server_idle_timeout: 1m\n  http_listen_conn_limit: 10\n  graceful_shutdown_timeout: 2s\n');
  const c = loadConfig(parseFlags([`-config.file=${file}`]));
  assert.deepEqual([c.server.readTimeoutMs, c.server.idleTimeoutMs, c.server.connLimit, c.server.gracefulShutdownTimeoutMs], [5000, 60_000, 10, 2000]);
  assert.deepEqual(c.ignoredKeys, []);
});

test('a stop with only finished keep-alive connections reports no grace timeout', { timeout: 30_000 }, async (t) => {
  const server = await startTestServer();
  for (let i = 0; i < 3; i++) assert.equal(await (await fetch(`${server.base}/ready`)).text(), 'ready');
  const logged: string[] = [];
  t.mock.method(console, 'log', (line: string) => { logged.push(line); });
  await server.close();
  assert.deepEqual(logged.filter((l) => l.includes('graceful shutdown timeout')), []);
});
