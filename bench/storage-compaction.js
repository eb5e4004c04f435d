#!/usr/bin/env node
// Index compaction and restart with many partitions, on the store alone (entries pushed straight into the
// ingester, the workload of bench/workload.js):
// - a day: --day-lines lines (2,000,000) in one closed partition, flushed --day-flushes times (48: one object
//   and index piece per flush, as a half-hourly flush leaves them); the time compactIndex takes to merge them;
// - a month: 30 daily partitions of --month-lines lines each (48,000), flushed every hour (24 pieces each); the
//   time a real `logi serve` takes from spawn to /ready on them (best of 3), before and after compaction.
// Usage: npm run build && node bench/storage-compaction.js [--day-lines N] [--day-flushes N] [--month-lines N] [--dir DIR] [--keep] (keeps the month)
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startLogi, writeConfig } from './logi-process.js';
import { load1 } from './proc.js';
import { baseLines } from './workload.js';

const dist = (p) => import(fileURLToPath(new URL(`../packages/server/dist/${p}`, import.meta.url)));
const { openStorage } = await dist('app/storage.js');
const { compactIndex } = await dist('compactor/index-compaction.js');
const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => {
  if (!a.startsWith('--')) return [];
  const v = all[i + 1];
  return [[a.slice(2), v === undefined || v.startsWith('--') ? 'true' : v]];
}));
const DAY_LINES = Number(args['day-lines'] ?? 2_000_000);
const DAY_FLUSHES = Number(args['day-flushes'] ?? 48);
const MONTH_LINES = Number(args['month-lines'] ?? 48_000);
const DIR = args.dir ?? join(tmpdir(), 'logi-bench-compaction');
const DAY_MS = 86_400_000;
const say = (msg) => process.stderr.write(`${msg}\n`);
const fmt = (x, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

const { streams, entries } = baseLines();
const labels = streams.map((s) => Object.entries({ ...s.labels, service_name: s.labels.service ?? s.labels.app ?? s.labels.job }).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
const storageConfig = (dir) => ({
  dir, chunksDir: join(dir, 'chunks'), chunkTargetSize: 1572864, blockSize: 262144,
  chunkIdlePeriodMs: 30 * 60_000, maxChunkAgeMs: 2 * 3600_000, maxStreamsPerTenant: 0, fsync: false,
});

/** Pushes `n` lines evenly over [startMs, startMs + spanMs), flushing `flushes` times at even intervals. */
async function fill(ingester, startMs, spanMs, n, flushes) {
  let raw = 0;
  for (let f = 0; f < flushes; f++) {
    const from = Math.floor((f * n) / flushes);
    const to = Math.floor(((f + 1) * n) / flushes);
    for (let b = from; b < to; b += 1000) {
      const per = new Map();
      for (let i = b; i < Math.min(to, b + 1000); i++) {
        const e = entries[i % entries.length];
        raw += e.bytes;
        let list = per.get(e.stream);
        if (!list) per.set(e.stream, (list = []));
        list.push({ ts: BigInt(startMs) * 1_000_000n + BigInt(Math.floor((i * spanMs * 1e6) / n)), line: e.line, sm: e.sm });
      }
      await ingester.push('fake', [...per].map(([s, list]) => ({ labels: labels[s], entries: list })));
    }
    await ingester.flush();
  }
  return raw;
}

const piecesOf = (store) => new Set([...store.tenants()].flatMap((t) => [...t.byId.values()].flatMap((s) => s.chunks.map((c) => c.key)))).size;

/** Opens the store in this process: the store's share of a restart (ms). */
async function openMs(dir) {
  const t = performance.now();
  const storage = await openStorage(storageConfig(dir));
  const ms = performance.now() - t;
  await storage.close();
  return ms;
}

async function compact(dir) {
  const storage = await openStorage(storageConfig(dir));
  const before = piecesOf(storage.store);
  const t = performance.now();
  await compactIndex(storage.store, 10, () => undefined);
  const sec = (performance.now() - t) / 1000;
  await storage.store.collectRetired(0);
  const after = piecesOf(storage.store);
  await storage.close();
  return { sec, before, after };
}

async function readyBest(dir) {
  const port = await freePort();
  const config = writeConfig(dir, port, 'logi:\n  compactor:\n    compaction_min_pieces: 0\n');
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const server = await startLogi(config, port);
    best = Math.min(best, server.readySec);
    await server.stop();
  }
  return best;
}

const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
const out = [];

// A day.
const dayDir = join(DIR, 'day');
rmSync(DIR, { recursive: true, force: true });
let storage = await openStorage(storageConfig(dayDir));
const dayRaw = await fill(storage.ingester, today - 2 * DAY_MS, DAY_MS, DAY_LINES, DAY_FLUSHES);
await storage.close();
const loadDay = load1();
const day = await compact(dayDir);
say(`  day: ${day.before} objects -> ${day.after} in ${day.sec.toFixed(2)} s`);
out.push(`| compaction of a day (${fmt(DAY_LINES)} lines, ${fmt(dayRaw / 1e6)} MB raw): ${day.before} objects and pieces merged into ${day.after} | ${day.sec.toFixed(2)} s (${fmt(dayRaw / 1e6 / day.sec)} MB/s raw) | ${loadDay} |`);
rmSync(dayDir, { recursive: true, force: true });

// A month.
const monthDir = join(DIR, 'month');
storage = await openStorage(storageConfig(monthDir));
let monthRaw = 0;
for (let d = 30; d >= 1; d--) monthRaw += await fill(storage.ingester, today - d * DAY_MS, DAY_MS, MONTH_LINES, 24);
await storage.close();
const loadBefore = load1();
const openBefore = await openMs(monthDir);
const readyBefore = await readyBest(monthDir);
const month = await compact(monthDir);
const loadAfter = load1();
const openAfter = await openMs(monthDir);
const readyAfter = await readyBest(monthDir);
const emptyDir = join(DIR, 'empty');
const loadEmpty = load1();
const readyEmpty = await readyBest(emptyDir);
say(`  month: ready ${readyBefore.toFixed(2)} s with ${month.before} pieces, ${readyAfter.toFixed(2)} s with ${month.after}`);
out.push(`| restart to ready, 30 daily partitions (${fmt(30 * MONTH_LINES)} lines, ${fmt(monthRaw / 1e6)} MB raw), ${month.before} index pieces | ${readyBefore.toFixed(2)} s (best of 3); the store's open alone ${fmt(openBefore)} ms | ${loadBefore} |`);
out.push(`| the same after index compaction (${month.sec.toFixed(2)} s), ${month.after} index pieces | ${readyAfter.toFixed(2)} s (best of 3); the store's open alone ${fmt(openAfter)} ms | ${loadAfter} |`);
out.push(`| restart to ready, empty data directory (what the process start costs alone) | ${readyEmpty.toFixed(2)} s (best of 3) | ${loadEmpty} |`);
if (!args.keep) rmSync(DIR, { recursive: true, force: true });

console.log(['| storage: compaction and restart (bench/storage-compaction.js) | time | load |', '|---|---|---|', ...out].join('\n'));
