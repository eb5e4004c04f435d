// The store on a real S3 server (radosgw on 127.0.0.1) under real `logi serve` processes: chunks and index go to
// the bucket (the WAL stays local), a fresh server on an empty disk answers every query over data written by an
// earlier one, and with the S3 endpoint down a flush is logged and retried while the WAL keeps the entries, across
// a SIGKILL, until the objects are written; a query then fails naming the chunk it could not fetch, and answers once
// S3 is back. The outage is a TCP relay the test closes and opens again. A SIGKILL in the middle of continuous
// ingest and flushes to the bucket loses no acknowledged entry and doubles none.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertAckedOnce, startPushers, type PusherOptions } from '../testing/acked-pushers.js';
import { freePort, linesOf, pushLines, startLogi, type LogiProcess } from '../testing/logi-process.js';
import { s3Skip, startS3, type S3TestServer } from '../testing/s3-server.js';

const skip = s3Skip();
let s3: S3TestServer | undefined;
const dirs: string[] = [];
before(async () => {
  if (skip === false) s3 = await startS3();
}, { timeout: 200_000 });
after(async () => {
  await s3?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'logi-s3-store-'));
  dirs.push(d);
  return d;
};

/** A TCP relay to `target` on `port` that the test can take down (every connection cut) and bring back. */
function relay(port: number, target: URL): { up(): Promise<void>; down(): Promise<void> } {
  let server: Server | undefined;
  const open = new Set<Socket>();
  return {
    up: () => new Promise((resolve) => {
      server = createServer((c) => {
        const u = connect(Number(target.port), target.hostname);
        open.add(c).add(u);
        c.pipe(u).pipe(c);
        const drop = (): void => { c.destroy(); u.destroy(); open.delete(c); open.delete(u); };
        c.on('error', drop).on('close', drop);
        u.on('error', drop).on('close', drop);
      }).listen(port, '127.0.0.1', () => resolve());
    }),
    down: () => new Promise((resolve) => {
      for (const s of open) s.destroy();
      server!.close(() => resolve());
    }),
  };
}

const config = (bucket: string, endpoint: string): string => {
  const s = s3!.settings(bucket);
  return `auth_enabled: false
limits_config:
  max_entries_limit_per_query: 100000
common:
  storage:
    s3:
      endpoint: ${endpoint}
      region: us-east-1
      bucketnames: ${bucket}
      access_key_id: ${s.accessKeyId}
      secret_access_key: ${s.secretAccessKey}
      s3forcepathstyle: true
      insecure: true
      http_config:
        response_header_timeout: 5s
schema_config:
  configs:
    - from: 2024-01-01
      store: tsdb
      object_store: s3
      schema: v13
      index:
        prefix: index_
        period: 24h
`;
};

/** A new bucket reached through a relay that is up; a port for `logi serve` and its config over the relay. */
async function behindRelay(bucket: string): Promise<{ r: ReturnType<typeof relay>; port: number; cfg: string }> {
  await s3!.createBucket(bucket);
  const relayPort = await freePort();
  const r = relay(relayPort, new URL(s3!.settings(bucket).endpoint));
  await r.up();
  return { r, port: await freePort(), cfg: config(bucket, `http://127.0.0.1:${relayPort}`) };
}

test('S3: chunks and index in the bucket; a fresh server on an empty disk answers over data written by an earlier one', { skip, timeout: 180_000 }, async () => {
  await s3!.createBucket('logi-store');
  const t0 = BigInt(Date.now() - 30 * 3600_000) * 1_000_000n; // 30 h and 1 h ago: two partitions
  const t1 = BigInt(Date.now() - 3600_000) * 1_000_000n;
  const older = Array.from({ length: 25 }, (_, i) => `older ${i}`);
  const newer = Array.from({ length: 25 }, (_, i) => `newer ${i}`);
  const port = await freePort();
  const first = tempDir();
  let logi: LogiProcess = await startLogi(first, port, config('logi-store', s3!.settings('logi-store').endpoint));
  try {
    assert.equal((await pushLines(logi.base, 'a', t0, older)).status, 204);
    assert.equal((await pushLines(logi.base, 'a', t1, newer)).status, 204);
    assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);
    await logi.kill('SIGTERM');
    assert.deepEqual(readdirSync(first).filter((f) => f === 'chunks' || f === 'index'), []); // nothing stored locally

    logi = await startLogi(tempDir(), port, config('logi-store', s3!.settings('logi-store').endpoint));
    assert.deepEqual(await linesOf(logi.base, 'a', t0 - 1n, t1 + 1_000_000_000n), [...older, ...newer]);
    assert.deepEqual(await linesOf(logi.base, 'a', t1 - 1n, t1 + 1_000_000_000n), newer); // one partition
    const labels = await (await fetch(`${logi.base}/loki/api/v1/label/job/values?start=${t0 - 1n}`)).json() as { data: string[] };
    assert.deepEqual(labels.data, ['a']);
  } finally {
    await logi.kill('SIGKILL');
  }
});

test('S3 down: a flush is logged and retried, the WAL keeps the entries across a SIGKILL, and they reach the bucket once it is back', { skip, timeout: 180_000 }, async () => {
  const { r, port, cfg } = await behindRelay('logi-outage');
  const dir = tempDir();
  const t0 = BigInt(Date.now() - 3600_000) * 1_000_000n;
  const lines = Array.from({ length: 20 }, (_, i) => `kept ${i}`);
  let logi = await startLogi(dir, port, cfg);
  try {
    await r.down();
    assert.equal((await pushLines(logi.base, 'b', t0, lines)).status, 204);
    assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204); // returns: the chunk waits for a retry
    for (let i = 0; i < 100 && !/flush failed, will retry: .*the S3 endpoint cannot be reached/.test(logi.stderr()); i++) await new Promise((res) => setTimeout(res, 100));
    assert.match(logi.stderr(), /flush failed, will retry: s3:\/\/logi-outage\/chunks\/fake\/index_\d+\/[^ ]+\.chunks: \w+: the S3 endpoint cannot be reached$/m);
    assert.deepEqual(await linesOf(logi.base, 'b', t0 - 1n, t0 + 1_000_000n), lines); // answered from memory meanwhile
    await logi.kill('SIGKILL');

    await r.up();
    logi = await startLogi(dir, port, cfg); // replays the WAL
    assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);
    await logi.kill('SIGTERM');
    // the bucket is the truth: a server on an empty disk sees every entry once
    logi = await startLogi(tempDir(), port, cfg);
    assert.deepEqual(await linesOf(logi.base, 'b', t0 - 1n, t0 + 1_000_000n), lines);
  } finally {
    await logi.kill('SIGKILL');
    await r.down().catch(() => undefined);
  }
});

test('S3: SIGKILL during continuous ingest and flushes loses no acknowledged entry and doubles none', { skip, timeout: 180_000 }, async () => {
  await s3!.createBucket('logi-kill');
  const port = await freePort();
  const dir = tempDir();
  // Small chunks: the ingester cuts and flushes to the bucket all along, beside the forced flushes below.
  const cfg = `${config('logi-kill', s3!.settings('logi-kill').endpoint)}ingester:
  chunk_target_size: 4096
  chunk_block_size: 1024
`;
  const o: PusherOptions = { job: 'kill', pushers: 3, batch: 20, maxBatches: 200, t0: BigInt(Date.now() - 60_000) * 1_000_000n };
  let logi = await startLogi(dir, port, cfg);
  try {
    const pushers = startPushers(logi.base, o);
    await pushers.underWay(5);
    let flushing = true;
    const flusher = (async () => {
      while (flushing) await fetch(`${logi.base}/flush`, { method: 'POST' }).catch(() => undefined);
    })();
    // Kill at a random moment once flushes reach the bucket (a loaded machine may need a while to get there).
    for (let i = 0; i < 600 && (await s3!.list('logi-kill', 'chunks/')).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok((await s3!.list('logi-kill', 'chunks/')).length > 0, 'no chunk object reached the bucket in 60 s');
    await new Promise((r) => setTimeout(r, Math.random() * 800));
    const stopped = pushers.stop();
    flushing = false;
    logi.child.kill('SIGKILL');
    await Promise.all([stopped, flusher, logi.exited]);

    logi = await startLogi(dir, port, cfg); // the WAL replays what the bucket does not hold yet
    await assertAckedOnce(logi.base, o, pushers.acked);
    // and once flushed, the bucket alone holds every acknowledged entry once
    assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);
    await logi.kill('SIGTERM');
    logi = await startLogi(tempDir(), port, cfg);
    await assertAckedOnce(logi.base, o, pushers.acked);
  } finally {
    await logi.kill('SIGKILL');
  }
});

test('S3 down during queries: a query over stored chunks fails naming the endpoint, the server stays ready, and answers once S3 is back', { skip, timeout: 180_000 }, async () => {
  const { r, port, cfg } = await behindRelay('logi-read-outage');
  const t0 = BigInt(Date.now() - 3600_000) * 1_000_000n;
  const lines = (job: string): string[] => Array.from({ length: 30 }, (_, i) => `${job} ${i}`);
  let logi = await startLogi(tempDir(), port, cfg);
  try {
    for (const job of ['c', 'd']) assert.equal((await pushLines(logi.base, job, t0, lines(job))).status, 204);
    assert.equal((await fetch(`${logi.base}/flush`, { method: 'POST' })).status, 204);
    await logi.kill('SIGTERM');
    // a server on an empty disk: the lines are only in the bucket; reading c opens kept-alive connections
    logi = await startLogi(tempDir(), port, cfg);
    assert.deepEqual(await linesOf(logi.base, 'c', t0 - 1n, t0 + 1_000_000_000n), lines('c'));

    await r.down();
    // d's chunk was never read, so the chunk cache cannot answer for it
    await assert.rejects(linesOf(logi.base, 'd', t0 - 1n, t0 + 1_000_000_000n), /^Error: query answered 500: failed to fetch chunk 'chunks\/fake\/index_\d+\/[^']+' at offset \d+ \(\d+ bytes\) for tenant `fake`: s3:\/\/logi-read-outage\/chunks\/[^ ]+: ECONNREFUSED: the S3 endpoint cannot be reached$/);
    assert.equal((await fetch(`${logi.base}/ready`)).status, 200);

    await r.up();
    assert.deepEqual(await linesOf(logi.base, 'd', t0 - 1n, t0 + 1_000_000_000n), lines('d'));
  } finally {
    await logi.kill('SIGKILL');
    await r.down().catch(() => undefined);
  }
});
