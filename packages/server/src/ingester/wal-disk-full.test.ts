// A WAL on a full disk, for real: `logi serve` keeps its WAL on a small tmpfs, pushes until the disk is full,
// then the tmpfs grows ("space freed") and pushes must work again without a restart; a SIGKILL and a restart
// then show exactly the acknowledged entries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LOGI = fileURLToPath(new URL('../../../../bin/logi.js', import.meta.url));
const T0 = BigInt(Date.now() - 600_000) * 1_000_000n;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Logi { child: ChildProcess; stderr: string[]; exited: Promise<unknown> }

async function startLogi(config: string, base: string): Promise<Logi> {
  const child = spawn(process.execPath, [LOGI, 'serve', `-config.file=${config}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  let partial = '';
  child.stderr!.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    stderr.push(...lines);
  });
  const exited = new Promise((r) => child.once('exit', r));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/ready`)).status === 200) return { child, stderr, exited };
    } catch { /* not listening yet */ }
    if (child.exitCode !== null) throw new Error(`logi serve exited: ${stderr.join('\n')}`);
    if (Date.now() > deadline) throw new Error('logi serve did not become ready');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Pushes batch n (its own 40 lines of about 500 bytes); returns the status, body and the lines' "batch=N line=M". */
async function push(base: string, n: number): Promise<{ status: number; body: string; lines: string[] }> {
  const lines = Array.from({ length: 40 }, (_, i) => `batch=${n} line=${i}`);
  const values = lines.map((l, i) => [(T0 + BigInt(n * 40 + i) * 1000n).toString(), `${l} ${'x'.repeat(480)}`]);
  const r = await fetch(`${base}/loki/api/v1/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ streams: [{ stream: { job: 'walfull' }, values }] }),
  });
  return { status: r.status, body: await r.text(), lines };
}

async function storedLines(base: string): Promise<string[]> {
  const q = new URLSearchParams({ query: '{job="walfull"}', start: String(T0 - 1000n), end: String(T0 + 10n ** 12n), limit: '100000', direction: 'forward' });
  const r = await fetch(`${base}/loki/api/v1/query_range?${q}`);
  assert.equal(r.status, 200, await r.clone().text());
  const body = (await r.json()) as { data: { result: { values: [string, string][] }[] } };
  // Just each line's "batch=N line=M" (what a failure message shows).
  return body.data.result.flatMap((s) => s.values.map(([, line]) => line.slice(0, line.indexOf(' x'))));
}

test('a full WAL disk answers 500 once per push, leaves no trace of refused pushes and recovers without a restart', { timeout: 180_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'logi-walfull-'));
  const data = join(root, 'data');
  mkdirSync(data);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', data]);
  let logi: Logi | undefined;
  try {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const config = join(root, 'logi.yaml');
    writeFileSync(config, `auth_enabled: false
server:
  http_listen_port: ${port}
  http_listen_address: 127.0.0.1
common:
  path_prefix: ${data}
  storage:
    filesystem:
      chunks_directory: ${join(root, 'chunks')}
      rules_directory: ${join(root, 'rules')}
limits_config:
  reject_old_samples: false
  max_entries_limit_per_query: 100000
`);
    logi = await startLogi(config, base);
    const acked: string[] = [];
    const refused: string[] = [];
    let n = 0;
    // Fill the disk: about 20 kB per push into 1 MiB.
    for (; n < 200; n++) {
      const r = await push(base, n);
      if (r.status === 204) { acked.push(...r.lines); continue; }
      assert.equal(r.status, 500);
      assert.match(r.body, /^wal: write failed: ENOSPC: no space left on device/);
      refused.push(...r.lines);
      break;
    }
    assert.ok(refused.length > 0, 'the disk never filled');
    // While the disk stays full, pushes keep being refused with the same short answer.
    for (let k = 0; k < 5; k++) {
      const r = await push(base, ++n);
      assert.equal(r.status, 500);
      assert.match(r.body, /^wal: write failed: ENOSPC/);
      refused.push(...r.lines);
    }
    assert.deepEqual(await storedLines(base), acked, 'refused entries are visible, or acknowledged ones missing');

    execFileSync('mount', ['-o', 'remount,size=64m', data]);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await push(base, ++n);
      if (r.status === 204) { acked.push(...r.lines); break; }
      refused.push(...r.lines);
      assert.ok(Date.now() < deadline, 'pushes still refused a minute after space came back');
      await new Promise((res) => setTimeout(res, 200));
    }
    for (let k = 0; k < 3; k++) {
      const r = await push(base, ++n);
      assert.equal(r.status, 204, r.body);
      acked.push(...r.lines);
    }
    assert.deepEqual(await storedLines(base), acked);
    const walLines = logi.stderr.filter((l) => /wal|WAL/.test(l));
    t.diagnostic(walLines.join('\n'));
    assert.equal(walLines.filter((l) => l.includes('wal: write failed')).length, 1, walLines.join('\n'));
    assert.equal(walLines.filter((l) => l.includes('WAL writes work again')).length, 1, walLines.join('\n'));
    assert.equal(logi.stderr.filter((l) => l.includes('level=error')).length, 0, logi.stderr.join('\n'));

    logi.child.kill('SIGKILL');
    await logi.exited;
    logi = await startLogi(config, base);
    assert.deepEqual(await storedLines(base), acked, 'after SIGKILL and restart');
  } finally {
    if (logi && logi.child.exitCode === null) {
      logi.child.kill('SIGKILL');
      await logi.exited;
    }
    execFileSync('umount', [data]);
    rmSync(root, { recursive: true, force: true });
  }
});
