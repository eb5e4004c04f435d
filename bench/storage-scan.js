#!/usr/bin/env node
// Scans through the querier (scan workers, the real query path: chunk objects fetched through the object
// store) over a data directory kept by `node bench/storage-ingest.js --keep --dir DIR`: a full scan for a
// needle that never matches, a timestamp-only count over 6 h, and a limited backward log query; best of 4.
// Usage: npm run build && node bench/storage-scan.js DIR
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(join(root, 'packages/server/dist', p));
const { openStorage } = await dist('app/storage.js');
const { Querier } = await dist('querier/querier.js');
const { parseExpr } = await import('@logi/logql');
const dir = process.argv[2];
const t0 = process.hrtime.bigint();
const storage = await openStorage({ dir, chunksDir: join(dir, 'chunks'), chunkTargetSize: 1572864, blockSize: 262144, chunkIdlePeriodMs: 1800000, maxChunkAgeMs: 7200000, maxStreamsPerTenant: 0, fsync: false });
console.log(`open: ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms`);
const q = new Querier(storage.reader, () => ({ maxQueryParallelism: 32, maxQuerySeries: 100000 }));
const start = 0n, end = 2n ** 62n;
const cases = [
  ['log |= never (full scan)', () => q.logQuery('fake', parseExpr('{job=~".+"} |= "needle-that-never-matches"'), { start, end, limit: 100, direction: 'backward', interval: 0n })],
  ['sum(count_over_time) 1h, ts only', () => q.metricQuery('fake', parseExpr('sum(count_over_time({job=~".+"}[1h]))'), { start: 1795132800000000000n, end: 1795154400000000000n, step: 3600000000000n })],
  ['log limit 100 backward', () => q.logQuery('fake', parseExpr('{job=~".+"}'), { start, end, limit: 100, direction: 'backward', interval: 0n })],
];
for (const [name, run] of cases) {
  // CPU time (all threads) as well as wall time: on a shared machine the wall time says more about the neighbours
  let best = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < 4; i++) {
    const t = process.hrtime.bigint();
    const c = process.cpuUsage();
    await run();
    const u = process.cpuUsage(c);
    best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
    cpu = Math.min(cpu, (u.user + u.system) / 1000);
  }
  console.log(`${name}: best of 4 ${best.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU`);
}
await storage.close();
process.exit(0);
