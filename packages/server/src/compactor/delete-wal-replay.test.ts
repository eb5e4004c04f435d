// A delete request that removes a stream's last stored chunks while a WAL segment still holds their lines (kept
// by another stream's head): a restart must not replay them into storage again. WAL replay skips what the
// store holds by the stream's entry counter, which the removed chunks carried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, linesOf, pushLines, startLogi, type LogiProcess } from '../testing/logi-process.js';
import { until } from '../testing/until.js';

// query_timeout is also the grace before the compactor deletes a replaced object: short for the first run only.
const yaml = (queryTimeout: string): string => `auth_enabled: false
limits_config:
  max_entries_limit_per_query: 100000
  query_timeout: ${queryTimeout}
ingester:
  chunk_idle_period: 2s
compactor:
  retention_enabled: true
  compaction_interval: 1s
  delete_request_cancel_period: 1s
`;
const t0 = BigInt(Date.now() - 3600_000) * 1_000_000n;
const t1 = t0 + 600_000_000_000n; // 10 minutes later: the delete request starts between the two
const day = (ts: bigint): string => `index_${ts / 86_400_000_000_000n}`;
const objectCount = (dir: string): number => [...new Set([day(t0), day(t1)])]
  .map((p) => join(dir, 'chunks', 'chunks', 'fake', p))
  .reduce((n, d) => n + (existsSync(d) ? readdirSync(d).length : 0), 0);
const walSegments = (dir: string): string[] => readdirSync(join(dir, 'wal')).filter((n) => n.endsWith('.wal'));

test('lines a delete request removed with a stream\'s last chunks stay deleted after a restart replays the WAL', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-delete-wal-'));
  let logi: LogiProcess | undefined;
  const keptLines: string[] = [];
  let pushing = true;
  let pusher: Promise<void> | undefined;
  try {
    const port = await freePort();
    logi = await startLogi(dir, port, yaml('1s'));
    const base = logi.base;
    // {job="d"}: two lines stored before the request's start, which stay.
    assert.equal((await pushLines(base, 'd', t0, ['before 1', 'before 2'])).status, 204);
    assert.equal((await fetch(`${base}/flush`, { method: 'POST' })).status, 204);
    const flushedBefore = objectCount(dir);
    // {job="k"} pushed every 300 ms: its head never goes idle, so the WAL segment holding d's lines below is kept.
    pusher = (async () => {
      for (let i = 0; pushing; i++) {
        const line = `kept ${i}`;
        assert.equal((await pushLines(base, 'k', t1 + BigInt(i) * 1_000_000n, [line])).status, 204);
        keptLines.push(line);
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    await until('k pushed', () => (keptLines.length > 0 ? true : undefined));
    assert.equal((await pushLines(base, 'd', t1, ['secret 1', 'secret 2', 'secret 3'])).status, 204);
    await until('d\'s secret lines flushed (idle)', () => (objectCount(dir) > flushedBefore ? true : undefined), 30_000);

    const q = new URLSearchParams({ query: '{job="d"}', start: String(Number(t1 / 1_000_000_000n) - 1) });
    assert.equal((await fetch(`${base}/loki/api/v1/delete?${q}`, { method: 'POST' })).status, 204);
    await until('the delete request applied', () => (/msg="delete request applied" .* objects_rewritten=1/.test(logi!.stdout()) ? true : undefined), 60_000);
    // The rewritten object is gone too (query_timeout 1s): only the counter the new piece keeps is left.
    await until('the old object deleted', () => (/msg="compactor: deleted" tenant="fake" what="chunks\//.test(logi!.stdout()) ? true : undefined), 60_000);
    pushing = false;
    await pusher;
    assert.ok(walSegments(dir).length > 0);
    await logi.kill('SIGKILL');

    // Without the request, queries show what storage holds.
    rmSync(join(dir, 'compactor', 'delete_requests.json'));
    for (let run = 1; run <= 2; run++) {
      logi = await startLogi(dir, port, yaml('5m'));
      assert.deepEqual(await linesOf(logi.base, 'd', t0 - 1n, t1 + 1_000_000_000n), ['before 1', 'before 2'], `start ${run}`);
      assert.deepEqual(await linesOf(logi.base, 'k', t1 - 1n, t1 + 3600_000_000_000n), keptLines, `start ${run}`);
      // Flushed again, then killed: the next start reads it all from storage.
      assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);
      await logi.kill('SIGKILL');
      logi = undefined;
    }
  } finally {
    pushing = false;
    await pusher?.catch(() => undefined);
    await logi?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
