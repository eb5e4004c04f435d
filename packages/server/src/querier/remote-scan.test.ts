// Log queries over a remote store (a real radosgw on 127.0.0.1): each worker is given as many tasks as it holds over
// a remote store, so that their GETs are under way while one decodes; on the local disk one task per worker, as
// before (each result can tighten the limit's cutoff before the next run is chosen). The answer is the same either way.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpr, type LogSelectorExpr } from '@logi/logql';
import type { EntryIn } from '../ingester/types.js';
import { open, tempDir, T0, SEC, type TestStorage } from '../ingester/test-helpers.js';
import { s3Skip, startS3, type S3TestServer } from '../testing/s3-server.js';
import { runLogQuery, type LogQueryParams } from './log-query.js';
import { inlineRunner, REMOTE_TASKS_PER_WORKER, type ScanRunner } from './scan-pool.js';

const skip = s3Skip();
let s3: S3TestServer | undefined;
const dirs: { remove: () => void }[] = [];
const opened: TestStorage[] = [];
before(async () => {
  if (skip === false) s3 = await startS3();
}, { timeout: 200_000 });
after(async () => {
  for (const s of opened) await s.close();
  await s3?.stop();
  for (const d of dirs) d.remove();
});

/** Twelve streams of 200 rows each, flushed: one stored chunk per stream. */
async function loaded(over: Parameters<typeof open>[1]): Promise<TestStorage> {
  const d = tempDir();
  dirs.push(d);
  const ing = await open(d.dir, over);
  opened.push(ing);
  for (let s = 0; s < 12; s++) {
    const entries: EntryIn[] = Array.from({ length: 200 }, (_, i) => ({ ts: T0 + BigInt(i * 12 + s) * SEC, line: `stream ${s} row ${i}` }));
    await ing.push('t', [{ labels: [['app', `a${s}`]], entries }]);
  }
  await ing.flush();
  return ing;
}

/** The most tasks a log query had running at once on a runner of one thread, and its answer. */
async function inFlight(ing: TestStorage): Promise<{ most: number; lines: string[] }> {
  let running = 0;
  let most = 0;
  const counting: ScanRunner = {
    ...inlineRunner,
    run: async (task, signal) => {
      most = Math.max(most, ++running);
      try {
        return await inlineRunner.run(task, signal);
      } finally {
        running--;
      }
    },
  };
  const expr = parseExpr('{app=~"a.+"} |= "row 1"') as LogSelectorExpr;
  const q: LogQueryParams = { start: T0, end: T0 + 3600n * SEC, limit: 1000, direction: 'backward', interval: 0n };
  const { entries } = await runLogQuery(ing, 't', expr, q, {}, counting);
  return { most, lines: entries.map((e) => e.line) };
}

test('over S3 a log query whose matches are sparse widens to a worker\'s remote share of tasks in flight; on the local disk one; the answer is the same', { skip, timeout: 120_000 }, async () => {
  await s3!.createBucket('remote-scan');
  const remote = await inFlight(await loaded({ objects: { kind: 's3', s3: s3!.settings('remote-scan'), cacheBytes: 100 << 20 } }));
  const local = await inFlight(await loaded({}));
  assert.equal(remote.most, REMOTE_TASKS_PER_WORKER);
  assert.equal(local.most, 1);
  assert.ok(local.lines.length > 100, `${local.lines.length} lines`);
  assert.deepEqual(remote.lines, local.lines);
});

test('over S3 a limited log query reaching its limit in its first runs fetches no chunk past them', { skip, timeout: 120_000 }, async () => {
  await s3!.createBucket('remote-limit');
  const d = tempDir();
  dirs.push(d);
  const ing = await open(d.dir, { objects: { kind: 's3', s3: s3!.settings('remote-limit'), cacheBytes: 100 << 20 } });
  opened.push(ing);
  // two streams of twenty chunks, a flush each: the newest 100 entries of each stream are in its newest chunk
  for (let c = 0; c < 20; c++) {
    for (let s = 0; s < 2; s++) {
      const entries: EntryIn[] = Array.from({ length: 200 }, (_, i) => ({ ts: T0 + BigInt(c * 1000 + i) * SEC, line: `stream ${s} chunk ${c} row ${i}` }));
      await ing.push('t', [{ labels: [['app', `a${s}`]], entries }]);
    }
    await ing.flush();
  }
  const expr = parseExpr('{app=~"a.+"}') as LogSelectorExpr;
  const q: LogQueryParams = { start: T0, end: T0 + 100_000n * SEC, limit: 100, direction: 'backward', interval: 0n };
  const before = await s3!.requests();
  const { entries } = await runLogQuery(ing, 't', expr, q, {}, inlineRunner);
  const gets = (await s3!.requests()).gets - before.gets;
  assert.equal(entries.length, 100);
  assert.ok(entries.every((e) => / chunk 19 /.test(e.line)), 'the newest chunk of each stream');
  // the two newest chunks, fetched while no result was known; every older run is past the cutoff once they answer
  assert.equal(gets, 2);
});
