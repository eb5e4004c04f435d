#!/usr/bin/env node
// Measures the storage engine alone (no HTTP, no push decoding): the benchmark workload of
// bench/loki-workload/ingest.mjs (base lines of gen-dataset.mjs reused cyclically, strictly increasing
// timestamps over 6 h, batches of 1000 consecutive lines grouped per stream, a few pushes in flight) pushed
// straight into the ingester. Prints ingest lines/s and MB/s, push latency, RSS, disk share of raw after
// flush, scan MB/s (decompress + Buffer.indexOf of a needle that never matches), timestamp-only decode
// MB/s, and the time to reopen. With --s3 the store is a bucket on a radosgw started for the run
// (scripts/services/s3-start.sh; the WAL stays in --dir), so the figures compare with local disk.
// Usage: npm run build && node bench/storage-ingest.js [--lines 11600000] [--batch 1000] [--concurrency 2]
//        [--fsync 1] [--dir /tmp/logi-bench-storage] [--keep] [--inline-seal] (compress on the main thread) [--s3]
//        [--depth N] (chunk reads in flight per scan thread; the querier's tasks per worker over the store) [--link-rtt-ms 20] [--link-mbit 1000] (with --s3: the
//        simulated link of bench/link-proxy.js the cold pass is also measured over)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { cpuSeconds } from './proc.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { openStorage } = await import(join(root, 'packages/server/dist/app/storage.js'));
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]?.startsWith('--') ? '1' : all[i + 1] ?? '1']);
  return acc;
}, []));
const N = Number(args.lines ?? 11_600_000);
const BATCH = Number(args.batch ?? 1000);
const CONC = Number(args.concurrency ?? 2);
const FSYNC = args.fsync !== '0';
const dir = args.dir ?? join(tmpdir(), 'logi-bench-storage');
rmSync(dir, { recursive: true, force: true });

// Base lines, as ingest.mjs makes them (seed 1, ~200k lines, job label added where missing).
const baseDir = join(tmpdir(), 'loki-bench-base-s1-r56');
if (!existsSync(join(baseDir, 'lines.ndjson'))) {
  mkdirSync(baseDir, { recursive: true });
  execFileSync(process.execPath, [fileURLToPath(new URL('loki-workload/gen-dataset.mjs', import.meta.url)), '--seed', '1', '--start', '2026-11-20T00:00:00Z',
    '--minutes', '60', '--rate', '56', '--out', baseDir, '--push', 'no'], { stdio: 'inherit' });
}
const streamIdx = new Map();
const streams = [];
const base = [];
for (const row of readFileSync(join(baseDir, 'lines.ndjson'), 'utf8').split('\n')) {
  if (!row) continue;
  const rec = JSON.parse(row);
  const labels = { ...rec.labels };
  if (labels.job === undefined) labels.job = labels.app ?? 'unknown';
  labels.service_name = labels.service ?? labels.app ?? labels.job; // what the distributor adds
  const key = JSON.stringify(labels);
  let si = streamIdx.get(key);
  if (si === undefined) {
    si = streams.length;
    streamIdx.set(key, si);
    streams.push(Object.entries(labels).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  }
  const level = /error|ERROR|crit/.test(rec.line) ? 'error' : /warn/.test(rec.line) ? 'warn' : 'info';
  // The distributor adds detected_level to every entry; the checkout stream carries its own metadata too.
  const sm = [['detected_level', level], ...Object.entries(rec.metadata ?? {})];
  base.push({ si, line: rec.line, bytes: Buffer.byteLength(rec.line), sm });
}
const B = base.length;
const startNs = 1_795_132_800_000_000_000n;
const step = (6 * 3600e9) / N;

let s3;
let objects;
if (args.s3) {
  const { startS3 } = await import(join(root, 'packages/server/dist/testing/s3-server.js'));
  s3 = await startS3();
  await s3.createBucket('logi-bench');
  objects = { kind: 's3', s3: s3.settings('logi-bench'), cacheBytes: 100 << 20 };
}
/** CPU seconds the S3 server's daemons (ceph-mon, ceph-osd, radosgw) have used. */
const daemonCpu = () => (s3 ? s3.pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0) : 0);
const storageConfig = {
  dir, chunksDir: join(dir, 'chunks'), chunkTargetSize: 1572864, blockSize: 262144,
  chunkIdlePeriodMs: 30 * 60_000, maxChunkAgeMs: 2 * 3600_000, maxStreamsPerTenant: 0, fsync: FSYNC, objects,
};
const storage = await openStorage(storageConfig, { sealInWorker: !args['inline-seal'] });
const ing = storage.ingester;

function batch(first) {
  const last = Math.min(N, first + BATCH);
  const per = new Map();
  for (let i = first; i < last; i++) {
    const e = base[i % B];
    let list = per.get(e.si);
    if (!list) per.set(e.si, (list = []));
    list.push({ ts: startNs + BigInt(Math.floor(i * step)), line: e.line, sm: e.sm });
  }
  return [...per].map(([si, entries]) => ({ labels: streams[si], entries }));
}

let raw = 0;
for (let i = 0; i < N; i++) raw += base[i % B].bytes;
const lat = [];
let next = 0;
// CPU seconds of the main thread alone (Linux): what the push path costs the thread that also serves HTTP.
const mainCpu = () => {
  const f = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
const main0 = mainCpu();
const requests0 = await s3?.requests();
const ceph0 = daemonCpu();
const cpu0 = process.cpuUsage();
const elu0 = performance.eventLoopUtilization();
const t0 = process.hrtime.bigint();
async function worker() {
  while (next < N) {
    const first = next;
    next += BATCH;
    const b = batch(first);
    const s = process.hrtime.bigint();
    await ing.push('fake', b);
    lat.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
}
await Promise.all(Array.from({ length: CONC }, worker));
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0);
const mainSecs = mainCpu() - main0;
lat.sort((a, b) => a - b);
const pct = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(1);
const rss = () => (process.memoryUsage().rss / 1048576).toFixed(0);
console.log(`ingest: ${N} lines, ${(raw / 1e6).toFixed(1)} MB raw, ${secs.toFixed(1)} s: ${(N / secs).toFixed(0)} lines/s, ${(raw / 1e6 / secs).toFixed(1)} MB/s; push p50 ${pct(0.5)} ms p99 ${pct(0.99)} ms; CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (main thread ${mainSecs.toFixed(1)} s CPU = ${(mainSecs * 1e6 / N).toFixed(2)} µs/line incl. building the batches, busy ${(100 * elu.utilization).toFixed(0)} %); RSS ${rss()} MiB; fsync ${FSYNC}`);

const tf = process.hrtime.bigint();
await ing.flush();
console.log(`flush: ${(Number(process.hrtime.bigint() - tf) / 1e9).toFixed(2)} s; RSS ${rss()} MiB`);
{
  // the process's CPU for ingest and flushes (every thread), and with S3 what they asked of the bucket and what
  // answering cost its daemons
  const used = process.cpuUsage(cpu0);
  let bucket = '';
  if (s3) {
    const r = await s3.requests();
    const puts = r.puts - requests0.puts;
    const putMB = (r.putBytes - requests0.putBytes) / 1e6;
    const gets = r.gets - requests0.gets;
    const ceph = daemonCpu() - ceph0;
    bucket = `; S3: ${r.all - requests0.all} requests: ${puts} PUTs of ${putMB.toFixed(1)} MB, ${gets} GETs, ${r.all - requests0.all - puts - gets} others (list, head); S3 daemons CPU ${ceph.toFixed(2)} s (${(1000 * ceph / puts).toFixed(1)} ms per PUT, ${(1000 * ceph / putMB).toFixed(1)} ms per MB put)`;
  }
  console.log(`ingest and flush: process CPU ${((used.user + used.system) / 1e6).toFixed(2)} s${bucket}`);
}
const du = (p) => { let s = 0; for (const f of readdirSync(p, { withFileTypes: true })) s += f.isDirectory() ? du(join(p, f.name)) : statSync(join(p, f.name)).size; return s; };
if (!s3) {
  const disk = du(dir);
  console.log(`disk: ${(disk / 1e6).toFixed(1)} MB = ${(100 * disk / raw).toFixed(1)} % of raw (chunks ${(du(join(dir, 'chunks', 'chunks')) / 1e6).toFixed(1)} MB, index ${(du(join(dir, 'chunks', 'index')) / 1e3).toFixed(1)} kB, wal ${(du(join(dir, 'wal')) / 1e3).toFixed(1)} kB)`);
}

const all = [{ name: 'job', type: '=~', value: '.+' }];
const refs = [...storage.reader.selectStreams('fake', all, 0n, 2n ** 62n)];
const sources = refs.flatMap((r) => storage.reader.chunkSources('fake', r.id, 0n, 2n ** 62n));
const chunkBytes = sources.reduce((sum, src) => sum + src.length, 0);
// Scans run in worker threads, as the querier runs them (a fresh heap per thread, one core each, sized as the
// server sizes its scan workers' heaps: else full collections, not the store, set the pace). Each thread keeps
// DEPTH chunk reads in flight, as many as the querier's pool gives a worker over this store (scan-pool.ts): the
// next chunks' fetches are under way while one is decoded.
const dist = join(root, 'packages/server/dist');
const { sizeScanWorkerHeaps, tasksPerWorker } = await import(join(dist, 'querier/scan-pool.js'));
sizeScanWorkerHeaps();
const DEPTH = Number(args.depth ?? tasksPerWorker(storage.reader.objects));
const scanCode = `
const { parentPort, workerData } = require('node:worker_threads');
Promise.all([import(workerData.dist + '/chunk/read.js'), import(workerData.dist + '/storage/chunk-fetch.js'), import(workerData.dist + '/storage/object/open-store.js')])
  .then(async ([{ chunkBlocks }, { fetchChunk }, { openObjectStore }]) => {
    const objects = openObjectStore(workerData.objects);
    // A server's scan threads outlive their tasks: the store's client (over S3 the AWS SDK, about 0.3 s of CPU to
    // load, and a connection) is ready before the clock starts, here by listing nothing.
    await objects.list('bench-warm-up/');
    // the part's chunks in order, each fetched up to depth chunks ahead of the one being used
    async function inOrder(part, fetch, use) {
      const pending = part.slice(0, workerData.depth).map(fetch);
      for (let i = 0; i < part.length; i++) {
        use(await pending[i]);
        if (i + workerData.depth < part.length) pending.push(fetch(part[i + workerData.depth]));
      }
    }
    const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; }; // the process's, every thread
    if (workerData.linkOnly) {
      // the link alone: the cold pass's GETs (same ranges, same depth, no cache), the bytes dropped
      const t = process.hrtime.bigint();
      const c = cpuNow();
      await inOrder(workerData.sources, (src) => objects.get(src.key, { offset: src.offset, length: src.length }), () => undefined);
      parentPort.postMessage({ secs: Number(process.hrtime.bigint() - t) / 1e9, cpu: cpuNow() - c });
      return;
    }
    const needle = Buffer.from('needle-that-never-matches');
    let hits = 0;
    // the second pass reads another thread's share (its own with one thread): what the first pass left in the
    // cache the scan's threads share over a remote store, the page cache on local disk (the warm figure)
    const secs = [];
    const cpu = []; // while the scan's threads read (the main thread waits)
    for (const part of [workerData.sources, workerData.again]) {
      if (part === workerData.again) {
        // every thread ends its first pass before any starts its second (else it would fetch the next's share)
        const done = new Int32Array(workerData.firstPassDone);
        Atomics.add(done, 0, 1);
        Atomics.notify(done, 0);
        for (let n; (n = Atomics.load(done, 0)) < workerData.threads;) Atomics.wait(done, 0, n);
      }
      const t = process.hrtime.bigint();
      const c = cpuNow();
      await inOrder(part, (src) => fetchChunk(objects, src), ({ buf, blocks }) => {
        for (const b of chunkBlocks(buf, blocks, workerData.want)) if (b.lines && b.lines.indexOf(needle) >= 0) hits++;
      });
      secs.push(Number(process.hrtime.bigint() - t) / 1e9);
      cpu.push(cpuNow() - c);
    }
    parentPort.postMessage({ secs: secs[0], cpu: cpu[0], warmSecs: secs[1], warmCpu: cpu[1], hits });
  });`;
const { Worker } = await import('node:worker_threads');
const { shareObjectStore } = await import(join(dist, 'storage/object/open-store.js'));
/** Runs `threads` workers over their shares of the chunks; the slowest thread's figures and the S3 daemons' CPU. */
async function inThreads(threads, data) {
  const parts = Array.from({ length: threads }, (_, i) => sources.filter((_, k) => k % threads === i));
  const firstPassDone = new SharedArrayBuffer(4);
  const ceph0 = daemonCpu();
  const t = process.hrtime.bigint();
  const results = await Promise.all(parts.map((part, i) => new Promise((resolve, reject) => {
    const w = new Worker(scanCode, { eval: true, workerData: { dist, depth: DEPTH, sources: part, again: parts[(i + 1) % threads], firstPassDone, threads, ...data } });
    w.once('message', (m) => { if (m.hits) reject(new Error('needle found')); resolve(m); });
    w.once('error', reject);
  })));
  const most = (k) => Math.max(...results.map((r) => r[k]));
  return { wall: Number(process.hrtime.bigint() - t) / 1e9, inside: most('secs'), cpu: most('cpu'), warm: most('warmSecs'), warmCpu: most('warmCpu'), ceph: daemonCpu() - ceph0 };
}
// a new, empty cache for each scan over a remote store, so that its first pass is cold
const scan = (threads, want, objects = storage.reader.objects) => inThreads(threads, { objects: shareObjectStore(objects), want });
// the same GETs with no cache and nothing done with the bytes
const linkAlone = (threads, objects = storage.reader.objects) => inThreads(threads, { objects: { ...objects, cache: undefined }, linkOnly: true });
// Over S3 the cold pass is measured again through a link with a round trip and a rate (bench/link-proxy.js, its
// own process, one for the run; it exits with this one): on loopback the link is never the limit, through it a cold
// scan as long as its GETs alone is. `linked` is the store reached through it.
const LINK = { rttMs: Number(args['link-rtt-ms'] ?? 20), mbit: Number(args['link-mbit'] ?? 1000) };
let linkProxy;
let linked;
if (s3) {
  const { spawn } = await import('node:child_process');
  const to = new URL(storage.reader.objects.s3.endpoint).port;
  linkProxy = spawn(process.execPath, [fileURLToPath(new URL('./link-proxy.js', import.meta.url)), '--to', to, '--rtt-ms', String(LINK.rttMs), '--mbit', String(LINK.mbit)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => linkProxy.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  linked = { ...storage.reader.objects, s3: { ...storage.reader.objects.s3, endpoint: `http://127.0.0.1:${port}` } };
}
const best = (runs) => Object.fromEntries(Object.keys(runs[0]).map((k) => [k, Math.min(...runs.map((r) => r[k]))]));
for (const [name, want] of [['scan (decompress lines + indexOf)', { lines: true, sm: false }], ['timestamps only', { lines: false, sm: false }]]) {
  for (const threads of [1, 2]) {
    const r = best([await scan(threads, want), await scan(threads, want)]);
    console.log(`${name}, ${threads} worker thread(s): ${(raw / 1e6 / r.inside).toFixed(0)} MB/s raw (${(raw / 1e6 / r.wall).toFixed(0)} MB/s counting thread start; ${sources.length} chunks); read again by the next thread: ${(raw / 1e6 / r.warm).toFixed(0)} MB/s raw, process CPU ${r.warmCpu.toFixed(2)} s`);
    if (s3 && want.lines) {
      const l = best([await linkAlone(threads), await linkAlone(threads)]);
      console.log(`cold pass against the link alone, ${threads} worker thread(s), ${DEPTH} read(s) in flight each: cold scan ${r.inside.toFixed(2)} s (process CPU ${r.cpu.toFixed(2)} s, S3 daemons ${r.ceph.toFixed(2)} s); the same GETs alone ${l.inside.toFixed(2)} s (process CPU ${l.cpu.toFixed(2)} s, S3 daemons ${l.ceph.toFixed(2)} s)`);
      // the proxy's CPU per run too: on this machine it takes turns on the same cores
      const proxied = async (run) => {
        const c = cpuSeconds(linkProxy.pid);
        return { ...(await run()), proxy: cpuSeconds(linkProxy.pid) - c };
      };
      const rl = best([await proxied(() => scan(threads, want, linked)), await proxied(() => scan(threads, want, linked))]);
      const ll = best([await proxied(() => linkAlone(threads, linked)), await proxied(() => linkAlone(threads, linked))]);
      console.log(`cold pass over a link of ${LINK.rttMs} ms round trip and ${LINK.mbit} Mbit/s, ${threads} worker thread(s), ${DEPTH} read(s) in flight each: cold scan ${rl.inside.toFixed(2)} s (process CPU ${rl.cpu.toFixed(2)} s, link proxy ${rl.proxy.toFixed(2)} s, S3 daemons ${rl.ceph.toFixed(2)} s); the same GETs alone ${ll.inside.toFixed(2)} s (process CPU ${ll.cpu.toFixed(2)} s, link proxy ${ll.proxy.toFixed(2)} s, S3 daemons ${ll.ceph.toFixed(2)} s); the bytes alone at the link's rate ${(chunkBytes / (LINK.mbit * 1e6 / 8)).toFixed(2)} s`);
    }
  }
}
const mu = process.memoryUsage();
console.log(`memory after flush: rss ${(mu.rss / 1048576).toFixed(0)} MiB, heap used ${(mu.heapUsed / 1048576).toFixed(0)} MiB, external ${(mu.external / 1048576).toFixed(0)} MiB, array buffers ${(mu.arrayBuffers / 1048576).toFixed(0)} MiB`);
await storage.close();
const to = process.hrtime.bigint();
const again = await openStorage(storageConfig);
const readyMs = Number(process.hrtime.bigint() - to) / 1e6;
console.log(`reopen: ready in ${readyMs.toFixed(0)} ms, ${[...again.reader.selectStreams('fake', all, 0n, 2n ** 62n)].length} streams`);
await again.close();

// A metric query over every chunk through the server's own querier (its scan pool, one worker per core, as many
// tasks per worker as it gives this store), on a store opened afresh (an empty chunk cache: the cold run), then
// again (warm); over S3 also through the simulated link: a server's first and second query over data it has not read.
const { parseExpr } = await import('@logi/logql');
const { runMetricQuery } = await import(join(dist, 'querier/metric-query.js'));
const { defaultLimits } = await import(join(dist, 'app/config.js'));
const metric = parseExpr('sum(count_over_time({job=~".+"} |= "needle-that-never-matches" [1h]))');
const endNs = startNs + 6n * 3_600_000_000_000n;
async function timedQuery(reader) {
  const t = process.hrtime.bigint();
  const c = process.cpuUsage();
  const { stats } = await runMetricQuery(reader, 'fake', metric, { start: startNs + 3_600_000_000_000n, end: endNs, step: 3_600_000_000_000n }, defaultLimits());
  const u = process.cpuUsage(c);
  return { secs: Number(process.hrtime.bigint() - t) / 1e9, cpu: (u.user + u.system) / 1e6, lines: stats.linesProcessed };
}
async function queryTwice(name, cfg) {
  // a first store opened and queried starts the pool's workers and loads what they load once in a server's life
  const first = await openStorage(cfg);
  await timedQuery(first.reader);
  await first.close();
  const opened = await openStorage(cfg);
  try {
    const stored = [...opened.reader.selectStreams('fake', all, 0n, 2n ** 62n)].flatMap((r) => opened.reader.chunkSources('fake', r.id, 0n, 2n ** 62n)).filter((src) => src.kind === 'stored').length;
    const cold = await timedQuery(opened.reader);
    const warm = await timedQuery(opened.reader);
    console.log(`querier, ${name}: ${stored} stored chunks, ${cold.lines} lines; cold ${cold.secs.toFixed(2)} s (process CPU ${cold.cpu.toFixed(2)} s), warm ${warm.secs.toFixed(2)} s (process CPU ${warm.cpu.toFixed(2)} s)`);
  } finally {
    await opened.close();
  }
}
await queryTwice(s3 ? 'S3 over loopback' : 'local disk', storageConfig);
if (s3) {
  await queryTwice(`S3 through a link of ${LINK.rttMs} ms round trip and ${LINK.mbit} Mbit/s`, { ...storageConfig, objects: linked });
  linkProxy.kill();
}
await s3?.stop();
if (!args.keep) rmSync(dir, { recursive: true, force: true });
