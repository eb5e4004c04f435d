#!/usr/bin/env node
// `npm run bench`: Logi measured the way Grafana Loki's published figures were (bench/loki-workload/README.md),
// on the project's own workload (bench/workload.js): ingest over HTTP from a separate pusher process
// (protobuf+snappy, batches of 1000 lines, 32 streams, 6 h), flush, disk use, queries a-g warm, restart time,
// the same queries after the restart, the agent benchmark (bench/agent.js) when present, and the query load
// benchmark (bench/query-load.js: /ready and push latency under 50 heavy queries, query_timeout answers), and the
// web UI's (bench/ui-explore.js: bundle size, Ctrl+Enter to lines on screen in headless Chromium; bench/ui-dashboards.js:
// the seeds' board with 4 and 20 panels until every panel shows data, over 2 GB pushed once into bench/data/).
// Ends with a table.
// Pattern mining's cost at ingest (bench/pattern-ingest.js) and the ruler's (bench/ruler-rules.js: 1,000 rules'
// evaluation time per rule and in total) come next, then the store's: on S3 beside local disk (bench/storage-s3.js)
// and index compaction with restart over 30 daily partitions (bench/storage-compaction.js).
// Usage: npm run bench -- [--lines 11600000] [--concurrency 4,2] [--runs 3] [--dir DIR] [--wait-load 1.5] [--no-agent] [--no-query-load] [--no-ui] [--no-pattern] [--no-ruler] [--no-storage]
//   --lines scales the dataset down for a quick run; the last concurrency's data is kept for the queries;
//   --wait-load waits (up to 10 min) before each timed phase until the 1-minute load average is below it.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startLogi, writeConfig } from './logi-process.js';
import { dirBytes, load1, memoryMiB } from './proc.js';
import { runPusher } from './run-pusher.js';
import { QUERIES, timeQuery } from './queries.js';
import { baseLines } from './workload.js';

const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => {
  if (!a.startsWith('--')) return [];
  const v = all[i + 1];
  return [[a.slice(2), v === undefined || v.startsWith('--') ? 'true' : v]];
}));
const N = Number(args.lines ?? 11_600_000);
const BATCH = Number(args.batch ?? 1000);
const CONCURRENCY = String(args.concurrency ?? '4,2').split(',').map(Number);
const RUNS = Number(args.runs ?? 3);
const HOURS = 6;
const DIR = args.dir ?? join(tmpdir(), 'logi-bench');
const WAIT_LOAD = args['wait-load'] ? Number(args['wait-load']) : undefined;
const DAY_MS = 86_400_000;
// A whole UTC day at least 30 h back: in the past for any server, and the same all day (push bodies are cached).
const START_NS = BigInt(Math.floor((Date.now() - 30 * 3600e3) / DAY_MS) * DAY_MS) * 1_000_000n;
const END_NS = START_NS + BigInt(HOURS * 3600) * 1_000_000_000n;
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const say = (msg) => process.stderr.write(`${msg}\n`);
const fmt = (x, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

const base = baseLines().entries;
let rawBytes = 0;
for (let i = 0; i < N; i++) rawBytes += base[i % base.length].bytes;
const rawMB = rawBytes / 1e6;

async function quiet(what) {
  if (WAIT_LOAD === undefined) return;
  const t = performance.now();
  while (load1() >= WAIT_LOAD && performance.now() - t < 600_000) await new Promise((r) => setTimeout(r, 5000));
  say(`  (${what}: load ${load1()} after waiting ${fmt((performance.now() - t) / 1000)} s)`);
}

function push(url, pid, concurrency) {
  return runPusher({ url, pid, lines: N, batch: BATCH, concurrency, startNs: START_NS, hours: HOURS });
}

async function runQueries(server, label) {
  const out = {};
  for (const q of QUERIES) {
    out[q.id] = await timeQuery(server.url, server.pid, q, START_NS, END_NS, RUNS);
    say(`  ${label} ${q.id}: ${out[q.id].runs.map((s) => s.toFixed(3)).join(' ')} s  ${out[q.id].digest}`);
  }
  return out;
}

/** Runs another bench script in its own process: what it printed (its table), or why it failed. */
function runBench(script) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [here(`./${script}`)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code) => resolve(code === 0 ? out.trim() : `bench/${script} exited with ${code}\n${out.trim()}`));
  });
}

const started = new Date();
say(`logi bench ${started.toISOString()}: ${fmt(N)} lines, ${fmt(rawMB, 1)} MB raw, 32 streams over ${HOURS} h; ` +
  `${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), load ${load1()}`);

const ingest = [];
let server;
let dataDir;
for (const [k, c] of CONCURRENCY.entries()) {
  dataDir = join(DIR, `c${c}`);
  rmSync(dataDir, { recursive: true, force: true });
  const port = await freePort();
  server = await startLogi(writeConfig(dataDir, port), port);
  await quiet(`ingest, concurrency ${c}`);
  const loadBefore = load1();
  const r = await push(server.url, server.pid, c);
  const mem = memoryMiB(server.pid);
  ingest.push({ c, ...r, rssMiB: mem.rss, hwmMiB: mem.hwm, cpuPerGB: r.serverCpuSec / (rawBytes / 1e9), load: [loadBefore, load1()] });
  say(`  ingest c=${c}: ${fmt(r.linesPerSec)} lines/s, ${fmt(rawMB / r.wallSec, 1)} MB/s, p50 ${r.p50ms.toFixed(1)} ms, p99 ${r.p99ms.toFixed(1)} ms, ` +
    `errors ${r.errors}${r.errors ? ` (${r.firstError})` : ''}, server ${r.serverCpuSec.toFixed(1)} CPU s, pusher ${r.clientCpuSec.toFixed(1)} CPU s, ` +
    `RSS ${fmt(mem.rss)} MiB (peak ${fmt(mem.hwm)}), load ${loadBefore} -> ${load1()}`);
  if (k < CONCURRENCY.length - 1) {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const tFlush = performance.now();
const flushed = await fetch(`${server.url}/flush`, { method: 'POST' });
const flushSec = (performance.now() - tFlush) / 1000;
if (!flushed.ok) throw new Error(`POST /flush answered ${flushed.status}`);
const disk = { chunks: dirBytes(join(dataDir, 'chunks')), all: dirBytes(dataDir) };
say(`  flush ${flushSec.toFixed(2)} s; chunks ${fmt(disk.chunks / 1e6, 1)} MB, data dir ${fmt(disk.all / 1e6, 1)} MB`);

await quiet('warm queries');
for (const q of QUERIES) await timeQuery(server.url, server.pid, q, START_NS, END_NS, 1); // warm-up
const warm = await runQueries(server, 'warm');
const warmMem = memoryMiB(server.pid);

await server.stop();
await quiet('restart');
const port = await freePort();
server = await startLogi(writeConfig(dataDir, port), port);
say(`  restart: ready in ${server.readySec.toFixed(2)} s`);
const restarted = await runQueries(server, 'after restart');
await server.stop();
if (!args.keep) rmSync(DIR, { recursive: true, force: true });

const agent = args['no-agent'] || !existsSync(here('./agent.js')) ? undefined : await runBench('agent.js');
await quiet('query load');
const queryLoad = args['no-query-load'] ? undefined : await runBench('query-load.js');
const ui = args['no-ui'] ? undefined : await runBench('ui-explore.js');
const uiDashboards = args['no-ui'] ? undefined : await runBench('ui-dashboards.js');
await quiet('pattern mining');
const patternIngest = args['no-pattern'] ? undefined : await runBench('pattern-ingest.js');
await quiet('ruler');
const ruler = args['no-ruler'] ? undefined : await runBench('ruler-rules.js');
await quiet('storage');
const storageS3 = args['no-storage'] ? undefined : await runBench('storage-s3.js');
const storageCompaction = args['no-storage'] ? undefined : await runBench('storage-compaction.js');

// ---- the table ----
const lines = [];
lines.push(`Logi benchmark, ${started.toISOString().slice(0, 10)}: ${fmt(N)} lines, ${fmt(rawMB, 1)} MB raw, 32 streams, ${HOURS} h; ` +
  `${availableParallelism()} cores; pusher in its own process; load at the end ${load1()}`);
lines.push('');
lines.push('| ingest (proto+snappy, batch 1000) | lines/s | MB/s raw | p50 / p99 ms | server CPU-s per GB | RSS after (peak) | load before/after |');
lines.push('|---|---|---|---|---|---|---|');
for (const r of ingest) {
  lines.push(`| concurrency ${r.c}${r.errors ? ` (${r.errors} errors)` : ''} | ${fmt(r.linesPerSec)} | ${fmt(rawMB / r.wallSec, 1)} | ${r.p50ms.toFixed(1)} / ${r.p99ms.toFixed(1)} | ` +
    `${r.cpuPerGB.toFixed(1)} | ${fmt(r.rssMiB)} MiB (${fmt(r.hwmMiB)}) | ${r.load[0]} / ${r.load[1]} |`);
}
lines.push('');
lines.push(`| query (median of ${RUNS}, s) | warm | after restart | server CPU-s (warm) | digest |`);
lines.push('|---|---|---|---|---|');
for (const q of QUERIES) {
  const w = warm[q.id];
  const r = restarted[q.id];
  const scan = q.id === 'a' ? (x) => ` (${fmt(rawMB / x.medianSec)} MB/s)` : () => '';
  const same = w.digest === r.digest ? '' : ` / after restart: ${r.digest}`;
  lines.push(`| ${q.id} \`${q.q.replaceAll('|', '\\|')}\`${q.limit ? `, limit ${q.limit}` : ''} | ${w.medianSec.toFixed(3)}${scan(w)} | ${r.medianSec.toFixed(3)}${scan(r)} | ${w.cpuSec.toFixed(2)} | ${w.digest}${same} |`);
}
lines.push('');
lines.push(`Disk after flush: chunks ${fmt(disk.chunks / 1e6, 1)} MB = ${((100 * disk.chunks) / rawBytes).toFixed(1)} % of raw ` +
  `(whole data dir with WAL and index ${((100 * disk.all) / rawBytes).toFixed(1)} %); POST /flush took ${flushSec.toFixed(2)} s.`);
lines.push(`Restart to ready with ${fmt(rawMB / 1000, 2)} GB stored: ${server.readySec.toFixed(2)} s. Server RSS after the warm queries: ${fmt(warmMem.rss)} MiB (peak ${fmt(warmMem.hwm)}).`);
if (agent !== undefined) {
  lines.push('');
  lines.push('Agent (bench/agent.js):');
  lines.push(agent);
}
if (queryLoad !== undefined) {
  lines.push('');
  lines.push(queryLoad);
}
if (ui !== undefined) {
  lines.push('');
  lines.push(ui);
}
if (uiDashboards !== undefined) {
  lines.push('');
  lines.push(uiDashboards);
}
if (patternIngest !== undefined) {
  lines.push('');
  lines.push(patternIngest);
}
for (const table of [ruler, storageS3, storageCompaction]) {
  if (table === undefined) continue;
  lines.push('');
  lines.push(table);
}
console.log(lines.join('\n'));
