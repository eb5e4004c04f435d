// A full disk under the store (chunk objects and index pieces) of a real `logi serve`: flushes fail, space is
// given back, and after a flush and a restart every acknowledged entry is readable. Needs root (tmpfs
// mounts), as in CI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, spawnLogi, writeConfig, type LogiProcess } from '../testing/logi-process.js';
import { mountTmpfs, resizeTmpfs, unmount, tmpfsUnavailable } from '../testing/tmpfs.js';

const BATCH = 100;

const countOf = (text: string, needle: string): number => text.split(needle).length - 1;

test('disk full under the store: after space is freed, a flush and a restart, every acknowledged entry is readable', { timeout: 300_000, skip: tmpfsUnavailable }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-disk-full-'));
  const chunksDir = join(dir, 'chunks');
  const mounted: string[] = [];
  let logi: LogiProcess | undefined;
  try {
    for (const [d, size] of [[chunksDir, '256k']] as const) { // the WAL stays on the real disk
      mkdirSync(d);
      mountTmpfs(d, size);
      mounted.push(d);
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const configFile = writeConfig(dir, port, `auth_enabled: false
ingester:
  chunk_target_size: 16384
  chunk_block_size: 4096
limits_config:
  ingestion_rate_mb: 64
  ingestion_burst_size_mb: 128
  per_stream_rate_limit: 64MB
  per_stream_rate_limit_burst: 128MB
  max_entries_limit_per_query: 100000
`);
    logi = await spawnLogi([`-config.file=${configFile}`], port);
    const t0 = BigInt(Date.now() - 3_600_000) * 1_000_000n;
    const acked: string[] = [];
    let seq = 0;
    const pushBatch = async (): Promise<void> => {
      const values = Array.from({ length: BATCH }, () => {
        const n = seq++;
        // Base64 of random bytes: chunks barely compress, so the small mounts fill after a few dozen pushes.
        return [(t0 + BigInt(n) * 1_000_000n).toString(), `seq=${n} ${randomBytes(90).toString('base64')}`];
      });
      const r = await fetch(`${base}/loki/api/v1/push`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ streams: [{ stream: { job: 'diskfull' }, values }] }),
      });
      assert.equal(r.status, 204, await r.text());
      acked.push(...values.map((v) => v[1]!));
    };
    const failures = (): number => countOf(logi!.stderr(), 'ENOSPC');
    /** Pushes until `more` new ENOSPC flush failures have been logged (bounded), then a few batches more. */
    const pushUntilFull = async (more: number, what: string): Promise<void> => {
      const want = failures() + more;
      for (let i = 0; i < 2000 && failures() < want; i++) {
        await pushBatch();
        await new Promise((r) => setTimeout(r, 20)); // lets the flush loop (and its 1 s retries) run
      }
      assert.ok(failures() >= want, `no ENOSPC from the ${what} after ${seq} entries: ${logi!.stderr()}`);
    };

    await pushUntilFull(3, 'store');
    resizeTmpfs(chunksDir, '64m');
    // The error names the object that could not be written.
    assert.match(logi.stderr(), /flush failed, will retry: .*\/chunks\/(chunks|index)\/fake\/index_\d+\/\d+-[0-9a-f]+\.(chunks|idx): ENOSPC/);
    for (let i = 0; i < 5; i++) await pushBatch();
    assert.equal((await fetch(`${base}/flush`, { method: 'POST' })).status, 204);
    await logi.kill('SIGTERM');

    logi = await spawnLogi([`-config.file=${configFile}`], port);
    const q = new URLSearchParams({
      query: '{job="diskfull"}', start: (t0 - 1n).toString(), end: (t0 + BigInt(seq + 1) * 1_000_000n).toString(),
      limit: '100000', direction: 'forward',
    });
    const res = await fetch(`${base}/loki/api/v1/query_range?${q}`);
    const text = await res.text();
    assert.equal(res.status, 200, text.slice(0, 500));
    const lines = (JSON.parse(text) as { data: { result: { values: [string, string][] }[] } }).data.result.flatMap((s) => s.values.map((v) => v[1]));
    const seen = new Set(lines);
    assert.equal(seen.size, lines.length, 'duplicated entries after restart');
    const missing = acked.filter((l) => !seen.has(l));
    assert.deepEqual(missing.slice(0, 3), [], `${missing.length} of ${acked.length} acknowledged entries lost`);
  } finally {
    await logi?.kill('SIGKILL');
    for (const d of mounted) unmount(d);
    rmSync(dir, { recursive: true, force: true });
  }
});
