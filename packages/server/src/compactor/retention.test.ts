// Retention on a real `logi serve`: with compactor.retention_enabled and a 24h retention_period, a partition of
// three days ago disappears from queries and from disk on the next compaction pass (logged), today's stays; a
// deletion cut short (chunk objects gone, pieces left, as a kill between the two steps leaves it) is finished at
// the next start, and nothing that should stay is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, linesOf, pushLines, startLogi, type LogiProcess } from '../testing/logi-process.js';

const YAML = `auth_enabled: false
limits_config:
  retention_period: 24h
  max_entries_limit_per_query: 100000
  query_timeout: 5s
compactor:
  retention_enabled: true
  compaction_interval: 1s
`;

const filesUnder = (dir: string): string[] => (existsSync(dir) ? (readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name)) : []);

test('retention deletes expired partitions whole, from queries and disk, and keeps the rest across a deletion cut short', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-retention-'));
  const port = await freePort();
  const old = BigInt(Date.now() - 72 * 3600_000) * 1_000_000n;
  const recent = BigInt(Date.now() - 3600_000) * 1_000_000n;
  const oldLines = ['old 1', 'old 2'];
  const newLines = ['new 1', 'new 2'];
  let logi: LogiProcess | undefined;
  try {
    // First without retention: both partitions are stored.
    logi = await startLogi(dir, port, 'auth_enabled: false\nlimits_config:\n  max_entries_limit_per_query: 100000\n');
    assert.equal((await pushLines(logi.base, 'o', old, oldLines)).status, 204);
    assert.equal((await pushLines(logi.base, 'r', recent, newLines)).status, 204);
    assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);
    await logi.kill('SIGTERM');
    const day = (ns: bigint): string => `index_${ns / 86_400_000_000_000n}`;
    const chunks = (p: string): string => join(dir, 'chunks', 'chunks', 'fake', p);
    const pieces = (p: string): string => join(dir, 'chunks', 'index', 'fake', p);
    assert.equal(filesUnder(chunks(day(old))).length, 1);

    // A deletion cut short after the chunk objects went: the next start finishes it.
    rmSync(chunks(day(old)), { recursive: true });
    logi = await startLogi(dir, port, YAML);
    assert.match(logi.stderr(), /index piece .* its chunk object is missing \(a deletion cut short\): deleted/);
    assert.deepEqual(filesUnder(pieces(day(old))), []);
    assert.deepEqual(await linesOf(logi.base, 'o', old - 1n, recent), []);
    assert.deepEqual(await linesOf(logi.base, 'r', old - 1n, recent + 1_000_000_000n), newLines);

    // Old data pushed again: the next pass after its flush deletes its partition, logging what went.
    assert.equal((await pushLines(logi.base, 'o2', old, oldLines)).status, 204);
    assert.deepEqual(await linesOf(logi.base, 'o2', old - 1n, recent), oldLines); // in memory until flushed
    assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);
    // The pass deletes the files before it logs what went, so wait for the log line, not only the files.
    const deleted = new RegExp(`level=info msg="compactor: deleted" tenant="fake" what="partition ${day(old)}" objects=2 bytes=\\d+`);
    for (let i = 0; i < 300 && !deleted.test(logi.stdout()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(logi.stdout(), new RegExp(`level=info msg="retention: partition expired, out of the index" tenant="fake" partition=${day(old)} series=1`));
    assert.match(logi.stdout(), deleted);
    assert.deepEqual([filesUnder(chunks(day(old))), filesUnder(pieces(day(old)))], [[], []]);
    assert.deepEqual(await linesOf(logi.base, 'o2', old - 1n, recent), []);
    assert.deepEqual(await linesOf(logi.base, 'r', old - 1n, recent + 1_000_000_000n), newLines);
    await logi.kill('SIGKILL');

    logi = await startLogi(dir, port, YAML);
    assert.deepEqual(await linesOf(logi.base, 'r', old - 1n, recent + 1_000_000_000n), newLines);
    assert.equal(filesUnder(chunks(day(recent))).length, 1);
  } finally {
    await logi?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
