// A rewrite that removes every chunk of an object (here a delete request selecting all its lines) leaves no
// object behind on a real `logi serve`: the old object goes after the grace (query_timeout), then the empty
// one whose piece named it as replaced. A SIGKILL at any step of that leaves a store that starts with the
// lines gone and every other line there, and no empty object left. (The stream's later line, stored in another
// object, carries its entry counter: the rewrite needs no tombstone, delete-wal-replay.test.ts has that case.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, linesOf, pushLines, startLogi, type LogiProcess } from '../testing/logi-process.js';
import { until } from '../testing/until.js';

const yaml = (grace: string): string => `auth_enabled: false
limits_config:
  max_entries_limit_per_query: 100000
  query_timeout: ${grace}
compactor:
  retention_enabled: true
  compaction_interval: 1s
  delete_request_cancel_period: 1s
`;
const t0 = BigInt(Date.now() - 3600_000) * 1_000_000n;
const day = `index_${t0 / 86_400_000_000_000n}`;
const kept = ['kept 1', 'kept 2'];
const after = t0 + 600_000_000_000n; // 10 minutes on, past the delete request's end
const names = (dir: string, kind: 'chunks' | 'index'): string[] => {
  const d = join(dir, 'chunks', kind, 'fake', day);
  return existsSync(d) ? readdirSync(d).map((n) => n.replace(/\.(chunks|idx)$/, '')).sort() : [];
};
const objects = (dir: string): string[] => names(dir, 'chunks');
const pieces = (dir: string): string[] => names(dir, 'index');
const chunkFile = (dir: string, name: string): string => join(dir, 'chunks', 'chunks', 'fake', day, `${name}.chunks`);
const pieceFile = (dir: string, name: string): string => join(dir, 'chunks', 'index', 'fake', day, `${name}.idx`);

/**
 * {job="d"} flushed alone into one object, {job="k"} and a later line of {job="d"} into another, then a delete
 * request for d's first lines, waited for until applied. Returns the server and the name of the other object.
 */
async function deleteWholeObject(dir: string, port: number, grace: string): Promise<{ logi: LogiProcess; keptObject: string }> {
  const logi = await startLogi(dir, port, yaml(grace));
  assert.equal((await pushLines(logi.base, 'd', t0, ['secret 1', 'secret 2', 'secret 3'])).status, 204);
  assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);
  const first = objects(dir);
  assert.equal((await pushLines(logi.base, 'k', t0, kept)).status, 204);
  assert.equal((await pushLines(logi.base, 'd', after, ['after'])).status, 204);
  assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);
  const keptObject = objects(dir).filter((n) => !first.includes(n));
  assert.equal(keptObject.length, 1);
  const q = new URLSearchParams({ query: '{job="d"}', start: String(Number(t0 / 1_000_000_000n) - 1), end: String(Number(t0 / 1_000_000_000n) + 60) });
  assert.equal((await fetch(`${logi.base}/loki/api/v1/delete?${q}`, { method: 'POST' })).status, 204);
  await until('the delete request applied', () => (/msg="delete request applied" .* objects_rewritten=1/.test(logi.stdout()) ? true : undefined), 60_000);
  return { logi, keptObject: keptObject[0]! };
}

/** The same answers as before the request, without it (its file removed): the lines are gone from storage. */
async function sameAnswers(logi: LogiProcess): Promise<void> {
  assert.deepEqual(await linesOf(logi.base, 'd', t0 - 1n, after + 1n), ['after']);
  assert.deepEqual(await linesOf(logi.base, 'k', t0 - 1n, t0 + 1_000_000_000n), kept);
}

test('an object a delete request empties is deleted with its piece after the grace, and a restart sees the same', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'logi-empty-rewrite-'));
  let logi: LogiProcess | undefined;
  try {
    const port = await freePort();
    const run = await deleteWholeObject(dir, port, '5s');
    logi = run.logi;
    // The old object first, then the empty one that replaced it (the pass deletes the files before it logs).
    const emptied = /level=info msg="compactor: deleted" tenant="fake" what="chunks\/fake\/index_\d+\/\d{14}-[0-9a-f]{8}-compactor\.chunks" objects=2 bytes=\d+/;
    await until('the empty object deleted', () => (emptied.test(logi!.stdout()) ? true : undefined), 60_000);
    assert.deepEqual([objects(dir), pieces(dir)], [[run.keptObject], [run.keptObject]]);
    await sameAnswers(logi);
    await logi.kill('SIGKILL');

    rmSync(join(dir, 'compactor', 'delete_requests.json'));
    logi = await startLogi(dir, port, yaml('5s'));
    await sameAnswers(logi);
    assert.deepEqual([objects(dir), pieces(dir)], [[run.keptObject], [run.keptObject]]);
  } finally {
    await logi?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a kill at any step of deleting an emptied object leaves the lines gone, the rest there, no empty object', { timeout: 180_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'logi-empty-rewrite-kill-'));
  const dir = join(root, 'killed');
  mkdirSync(dir);
  let logi: LogiProcess | undefined;
  try {
    const port = await freePort();
    // Killed after the rewrite, before the grace (5m) lets anything be deleted.
    const run = await deleteWholeObject(dir, port, '5m');
    await run.logi.kill('SIGKILL');
    rmSync(join(dir, 'compactor', 'delete_requests.json'));
    const [old, empty] = objects(dir).filter((n) => n !== run.keptObject);
    assert.match(empty!, /-compactor$/);
    assert.deepEqual(pieces(dir), objects(dir));

    // Half-way through deleting the old object (its chunk object gone, its piece left); and after it, half-way
    // through deleting the empty one.
    const steps: Record<string, (d: string) => void> = {
      'before any deletion': () => undefined,
      'the old chunk object deleted': (d) => rmSync(chunkFile(d, old!)),
      'the old object and the empty chunk object deleted': (d) => { rmSync(chunkFile(d, old!)); rmSync(pieceFile(d, old!)); rmSync(chunkFile(d, empty!)); },
    };
    for (const [step, cut] of Object.entries(steps)) {
      const copy = join(root, step.replace(/ /g, '-'));
      cpSync(dir, copy, { recursive: true });
      cut(copy);
      logi = await startLogi(copy, port, yaml('5m'));
      await sameAnswers(logi);
      assert.deepEqual([objects(copy), pieces(copy)], [[run.keptObject], [run.keptObject]], step);
      await logi.kill('SIGKILL');
      logi = undefined;
    }
  } finally {
    await logi?.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
});
