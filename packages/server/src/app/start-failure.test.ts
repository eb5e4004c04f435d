import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, linesOf, pushLines, runLogi, spawnLogi, startLogi, type LogiRun } from '../testing/logi-process.js';
import { LOCK_FILE } from '../storage/dir-lock.js';

// Permissions stop no one running as root: the permission cases run `logi serve` as nobody then.
const AS_ROOT = process.getuid?.() === 0;
const NOBODY = 65534;

/** A temporary directory every user may enter (the permission cases run logi as nobody). */
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'logi-start-'));
  chmodSync(dir, 0o755);
  return dir;
}

/** Exactly one line on stderr, no stack trace, exit status 1. */
function assertOneLineFailure(run: LogiRun, line: string | RegExp): void {
  assert.equal(run.status, 1, run.stderr);
  assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, run.stderr);
  if (typeof line === 'string') assert.equal(lines[0], line);
  else assert.match(lines[0]!, line);
}

test('a busy port: one line naming the flag to change, exit 1, and the data directory left alone', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  const port = (busy.address() as { port: number }).port;
  try {
    const run = await runLogi(['serve', `-server.http-listen-port=${port}`, `-common.path-prefix=${join(dir, 'data')}`]);
    assertOneLineFailure(run, `logi serve: listen 127.0.0.1:${port}: address already in use; is another logi serve or Loki running? -server.http-listen-port=N picks another`);
    // The port is checked before storage opens: a second server must not touch the first one's WAL.
    assert.throws(() => readFileSync(join(dir, 'data')), { code: 'ENOENT' });
  } finally {
    busy.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a port below 1024 without the right to bind it: one line, exit 1', { timeout: 120_000 }, async (t) => {
  const unprivilegedStart = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
  if (unprivilegedStart <= 80) return t.skip('this kernel lets any user bind port 80');
  const dir = tempDir();
  try {
    const run = await runLogi(['serve', '-server.http-listen-port=80', `-common.path-prefix=${join(dir, 'data')}`], { uid: AS_ROOT ? NOBODY : undefined });
    assertOneLineFailure(run, 'logi serve: listen 127.0.0.1:80: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE); -server.http-listen-port=N picks another');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a data directory that cannot be written or is a file: one line naming it and the flag, exit 1', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  try {
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    const denied = await runLogi(['serve', '-server.http-listen-port=0', `-common.path-prefix=${join(locked, 'data')}`], { uid: AS_ROOT ? NOBODY : undefined });
    assertOneLineFailure(denied, `logi serve: cannot use the data directory ${join(locked, 'data')}: ${join(locked, 'data')}: permission denied; -common.path-prefix=DIR (or common.path_prefix in the config file) picks another`);
    writeFileSync(join(dir, 'file'), '');
    const notDir = await runLogi(['serve', '-server.http-listen-port=0', `-common.path-prefix=${join(dir, 'file')}`]);
    assertOneLineFailure(notDir, new RegExp(`^logi serve: cannot use the data directory ${join(dir, 'file')}: .*not a directory; -common.path-prefix=DIR`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('config files that are missing, unreadable, bad YAML or with an unknown key: one line each, exit 1', { timeout: 120_000 }, async () => {
  const dir = tempDir();
  try {
    const missing = await runLogi(['serve', `-config.file=${join(dir, 'missing.yaml')}`]);
    assertOneLineFailure(missing, `logi serve: error loading config from ${join(dir, 'missing.yaml')}: ENOENT: no such file or directory, open '${join(dir, 'missing.yaml')}'`);
    const secret = join(dir, 'secret.yaml');
    writeFileSync(secret, 'auth_enabled: false\n', { mode: 0o600 });
    const unreadable = await runLogi(['serve', `-config.file=${secret}`], { uid: AS_ROOT ? NOBODY : undefined });
    assertOneLineFailure(unreadable, new RegExp(`^logi serve: error loading config from ${secret}: EACCES: permission denied`));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'server:\n  http_listen_port: 3100\n  oops: [unclosed\n');
    assertOneLineFailure(await runLogi(['serve', `-config.file=${bad}`]), new RegExp(`^logi serve: error loading config from ${bad}: .* at line \\d+, column \\d+$`));
    const typo = join(dir, 'typo.yaml');
    writeFileSync(typo, 'auth_enable: true\n');
    assertOneLineFailure(await runLogi(['serve', `-config.file=${typo}`]), 'logi serve: unknown key "auth_enable" in the config file; did you mean "auth_enabled"?');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the seed loki-local-config.yaml starts unchanged; the first line says tenancy and data path, then one grouped warning', { timeout: 120_000 }, async () => {
  const seed = fileURLToPath(new URL('../../../../examples/loki-local-config.yaml', import.meta.url));
  const port = await freePort();
  const dir = tempDir();
  const logi = await spawnLogi([`-config.file=${seed}`, `-server.http-listen-port=${port}`, `-common.path-prefix=${join(dir, 'data')}`], port);
  try {
    await logi.kill('SIGTERM');
    const lines = logi.stdout().split('\n');
    assert.match(lines[0]!, new RegExp(`^level=info msg="Logi started" .*auth_enabled=false tenancy="single-tenant \\(tenant \\\\"fake\\\\"\\)" path_prefix=${join(dir, 'data')} `));
    assert.equal(lines[1], 'level=warn msg="Loki config keys Logi does not use, ignored" keys=server.grpc_listen_port,common.instance_addr,common.replication_factor,common.ring.kvstore.store,query_range.results_cache.cache.embedded_cache.enabled,query_range.results_cache.cache.embedded_cache.max_size_mb');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a second logi serve on a data directory in use: one line, exit 1, and the first loses nothing', { timeout: 180_000 }, async () => {
  const dir = tempDir();
  const data = join(dir, 'data');
  const t0 = BigInt(Date.now() - 60_000) * 1_000_000n;
  // linesOf asks for up to 100,000 lines
  const yaml = 'auth_enabled: false\nlimits_config:\n  max_entries_limit_per_query: 100000\n';
  mkdirSync(data);
  const first = await startLogi(data, await freePort(), yaml);
  let restarted: Awaited<ReturnType<typeof startLogi>> | undefined;
  try {
    assert.equal((await pushLines(first.base, 'lock', t0, ['one', 'two'])).status, 204);
    const run = await runLogi(['serve', `-server.http-listen-port=${await freePort()}`, `-common.path-prefix=${data}`]);
    assertOneLineFailure(run, `logi serve: the data directory ${data} is in use by another logi serve (pid ${first.child.pid}); stop it first, or give this one another directory with -common.path-prefix=DIR`);
    // the refused server replayed nothing and rewrote nothing: the first goes on, and survives a SIGKILL
    assert.equal((await pushLines(first.base, 'lock', t0 + 10_000_000n, ['three'])).status, 204);
    await first.kill('SIGKILL');
    restarted = await startLogi(data, await freePort(), yaml);
    assert.deepEqual(await linesOf(restarted.base, 'lock', t0, t0 + 1_000_000_000n), ['one', 'two', 'three']);
    await restarted.kill('SIGTERM');
    assert.equal(existsSync(join(data, LOCK_FILE)), false, 'a clean stop removes the lock');
  } finally {
    await first.kill();
    await restarted?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
