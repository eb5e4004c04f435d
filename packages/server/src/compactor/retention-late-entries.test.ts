// Old entries pushed into a partition after retention dropped it, before the drop's objects are deleted, on a
// real `logi serve`: deleting the dropped partition removes only the objects the drop took out of the index,
// never what was flushed there since. The next pass decides on the late entries by their own streams: one kept
// forever by a retention_stream rule stays (across a restart), one under the tenant's 24h goes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, linesOf, pushLines, startLogi, type LogiProcess } from '../testing/logi-process.js';
import { until } from '../testing/until.js';

// query_timeout is the grace before the drop's objects are deleted: time for the late push and flush.
const YAML = `auth_enabled: false
limits_config:
  retention_period: 24h
  retention_stream:
    - selector: '{tier="archive"}'
      priority: 1
      period: 0s
  max_entries_limit_per_query: 100000
  query_timeout: 20s
compactor:
  retention_enabled: true
  compaction_interval: 1s
`;

test('collecting a dropped partition leaves what was flushed into it after the drop to the next pass', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-retention-late-'));
  const old = BigInt(Date.now() - 72 * 3600_000) * 1_000_000n;
  const day = `index_${old / 86_400_000_000_000n}`;
  const chunkObjects = (): string[] => {
    const d = join(dir, 'chunks', 'chunks', 'fake', day);
    return existsSync(d) ? readdirSync(d) : [];
  };
  const lines = (job: string): Promise<string[]> => linesOf(logi!.base, job, old - 1n, old + 1_000_000_000n);
  let logi: LogiProcess | undefined;
  try {
    const port = await freePort();
    logi = await startLogi(dir, port, YAML);
    assert.equal((await pushLines(logi.base, 'o', old, ['old 1', 'old 2'])).status, 204);
    assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);
    const dropped = new RegExp(`level=info msg="retention: partition expired, out of the index" tenant="fake" partition=${day} series=1`);
    await until('the partition dropped', () => (dropped.test(logi!.stdout()) ? true : undefined), 60_000);

    // Late entries into the dropped partition: one stream kept forever, one that expires.
    assert.equal((await pushLines(logi.base, { job: 'k', tier: 'archive' }, old, ['kept 1', 'kept 2'])).status, 204);
    assert.equal((await pushLines(logi.base, 'late', old, ['late 1'])).status, 204);
    assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);
    assert.doesNotMatch(logi.stdout(), /msg="compactor: deleted"/, 'the grace ended before the late flush: the test proves nothing');

    // The drop's objects go (one chunk object and its piece, nothing else); the next pass rewrote the late
    // object without the expiring stream.
    const deleted = new RegExp(`level=info msg="compactor: deleted" tenant="fake" what="partition ${day}" objects=2 bytes=\\d+`);
    await until('the dropped partition deleted', () => (deleted.test(logi!.stdout()) ? true : undefined), 90_000);
    assert.match(logi.stdout(), new RegExp(`level=info msg="retention: expired chunks removed" tenant="fake" partition=${day} series=1 chunks=1 bytes=\\d+ objects_rewritten=1`));
    assert.deepEqual(await lines('k'), ['kept 1', 'kept 2']);
    assert.deepEqual(await lines('late'), []);
    assert.deepEqual(await lines('o'), []);
    assert.ok(chunkObjects().some((n) => n.endsWith('-compactor.chunks')), `the late object rewritten is there: ${chunkObjects().join(', ')}`);
    await logi.kill('SIGKILL');

    logi = await startLogi(dir, port, YAML);
    assert.deepEqual(await lines('k'), ['kept 1', 'kept 2']);
    assert.deepEqual(await lines('late'), []);
  } finally {
    await logi?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
