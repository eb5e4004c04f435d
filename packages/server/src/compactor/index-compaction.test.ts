// Index compaction on a real `logi serve`: a closed partition left with one object and piece per flush is
// merged into one object whose piece replaces them all, the partition being written is left alone, and
// every line reads exactly once. A SIGKILL at each step leaves a store that starts consistent: after the
// merged piece (old objects still there, some already deleted) the old ones go at start; before it (the
// merged object alone) the merged object goes and the old ones serve.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, linesOf, pushLines, startLogi, type LogiProcess } from '../testing/logi-process.js';

const yaml = (minPieces: number): string => `auth_enabled: false
limits_config:
  max_entries_limit_per_query: 100000
  query_timeout: 5m
compactor:
  compaction_interval: 1s
logi:
  compactor:
    compaction_min_pieces: ${minPieces}
`;
const FLUSHES = 6;
const filesUnder = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

test('a closed partition\'s pieces are merged into one, and a kill at any step leaves every line once', { timeout: 180_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'logi-index-compaction-'));
  const dir = join(root, 'a');
  mkdirSync(dir);
  const port = await freePort();
  const old = BigInt(Date.now() - 48 * 3600_000) * 1_000_000n;
  const recent = BigInt(Date.now() - 60_000) * 1_000_000n;
  const day = (ns: bigint): string => `index_${ns / 86_400_000_000_000n}`;
  const objects = (d: string, ns: bigint): string[] => filesUnder(join(d, 'chunks', 'chunks', 'fake', day(ns)));
  const pieces = (d: string, ns: bigint): string[] => filesUnder(join(d, 'chunks', 'index', 'fake', day(ns)));
  const expected = (job: string): string[] => Array.from({ length: FLUSHES * 3 }, (_, i) => `${job} ${i}`);
  const everyLineOnce = async (l: LogiProcess): Promise<void> => {
    assert.deepEqual(await linesOf(l.base, 'old', old - 1n, old + 3_600_000_000_000n), expected('old'));
    assert.deepEqual(await linesOf(l.base, 'new', recent - 1n, recent + 3_600_000_000_000n), expected('new'));
  };
  let logi: LogiProcess | undefined;
  try {
    // One object and piece per flush, in an old partition and in today's.
    logi = await startLogi(dir, port, yaml(0));
    for (let f = 0; f < FLUSHES; f++) {
      for (const [job, t] of [['old', old], ['new', recent]] as const) {
        const lines = [0, 1, 2].map((i) => `${job} ${f * 3 + i}`);
        assert.equal((await pushLines(logi.base, job, t + BigInt(f * 3) * 1000n, lines)).status, 204);
      }
      assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);
    }
    await logi.kill('SIGTERM');
    assert.equal(pieces(dir, old).length, FLUSHES);

    logi = await startLogi(dir, port, yaml(4));
    for (let i = 0; i < 300 && !/msg="compactor: partition compacted"/.test(logi.stdout()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(logi.stdout(), new RegExp(`level=info msg="compactor: partition compacted" tenant="fake" partition=${day(old)} objects=${FLUSHES} into=1 bytes=\\d+ duration_ms=\\d+`));
    assert.doesNotMatch(logi.stdout(), new RegExp(`partition=${day(recent)}`)); // being written: left alone
    await everyLineOnce(logi);
    // Killed after the merged piece, before the old objects' grace (query_timeout) is over.
    await logi.kill('SIGKILL');
    const merged = objects(dir, old).filter((n) => n.endsWith('-compactor.chunks'));
    assert.equal(merged.length, 1);
    assert.equal(objects(dir, old).length, FLUSHES + 1);
    assert.equal(pieces(dir, recent).length, FLUSHES);

    // The same store had the kill come before the merged piece was written: the merged object stands alone.
    const before = join(root, 'b');
    cpSync(dir, before, { recursive: true });
    rmSync(join(before, 'chunks', 'index', 'fake', day(old), merged[0]!.replace(/\.chunks$/, '.idx')));
    // And had it come half-way through deleting the old objects: some chunk objects gone, their pieces left.
    const oldOnes = objects(dir, old).filter((n) => n !== merged[0]);
    for (const n of oldOnes.slice(0, 2)) rmSync(join(dir, 'chunks', 'chunks', 'fake', day(old), n));

    logi = await startLogi(dir, port, yaml(0));
    await everyLineOnce(logi);
    assert.deepEqual(objects(dir, old), merged);
    assert.equal(pieces(dir, old).length, 1);
    await logi.kill('SIGKILL');

    const port2 = await freePort();
    logi = await startLogi(before, port2, yaml(0));
    assert.match(logi.stderr(), /chunk object .*-compactor\.chunks: a compactor rewrite cut short before its index piece \(the objects it replaces are kept\): deleted/);
    await everyLineOnce(logi);
    assert.equal(objects(before, old).length, FLUSHES);
    assert.equal(pieces(before, old).length, FLUSHES);
    await logi.kill('SIGKILL');
  } finally {
    await logi?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
});
