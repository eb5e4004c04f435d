#!/usr/bin/env node
// Queries never freeze the server (issue 8, items 7 and 8): 50 heavy queries at once while a pusher keeps
// ingesting, with query_timeout 2s. Prints /ready and push latency percentiles during the queries (target:
// p99 under 100 ms) and, for every query that passed query_timeout, how late its 504 came (target: within
// 10 % of the timeout). Data: --card single-entry streams (an aggregation over all of them is the heavy
// metric query) and 16 streams of --bulk logfmt lines (the heavy log and parser queries).
// Usage: node bench/query-load.js [--card 25000] [--bulk 320000] [--queries 50] [--timeout-ms 2000] [--dir DIR] [--cpu-prof DIR]
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startLogi, writeConfig } from './logi-process.js';
import { load1, percentile } from './proc.js';

const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
const CARD = Number(args.card ?? 25_000);
const BULK = Number(args.bulk ?? 320_000);
const QUERIES = Number(args.queries ?? 50);
const TIMEOUT_MS = Number(args['timeout-ms'] ?? 2000);
const DIR = args.dir ?? join(tmpdir(), 'logi-bench-query-load');
const say = (msg) => process.stderr.write(`query-load: ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const HOUR_NS = 3_600_000_000_000n;
const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const HEAVY = [
  { kind: 'instant', q: 'sum(count_over_time({job="card"}[2h]))' },
  { kind: 'range', q: 'sum by (level) (count_over_time({job="bulk"} | logfmt [1m]))' },
  { kind: 'range', q: '{job="bulk"} |~ "needle.*never"', limit: 100 },
];

async function push(url, streams) {
  const r = await fetch(`${url}/loki/api/v1/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ streams }) });
  if (r.status !== 204) throw new Error(`push answered ${r.status}: ${await r.text()}`);
}

async function load(url) {
  const at = NOW_NS - HOUR_NS;
  for (let i = 0; i < CARD; i += 2000) {
    const streams = [];
    for (let j = i; j < Math.min(CARD, i + 2000); j++) streams.push({ stream: { job: 'card', id: `s${j}` }, values: [[String(at + BigInt(j)), `card ${j}`]] });
    await push(url, streams);
  }
  const levels = ['info', 'warn', 'error', 'debug'];
  for (let i = 0; i < BULK; i += 16 * 1000) {
    const streams = Array.from({ length: 16 }, (_, s) => ({ stream: { job: 'bulk', shard: String(s) }, values: [] }));
    for (let j = i; j < Math.min(BULK, i + 16 * 1000); j++) {
      const ts = at + BigInt(Math.floor((j / BULK) * 3600e9));
      streams[j % 16].values.push([String(ts), `level=${levels[j % 4]} path=/api/v${j % 7}/items/${j} duration=${j % 900}ms user=u${j % 1000} msg="request served"`]);
    }
    await push(url, streams);
  }
}

function queryUrl(url, h) {
  if (h.kind === 'instant') return `${url}/loki/api/v1/query?${new URLSearchParams({ query: h.q, time: String(NOW_NS) })}`;
  const p = new URLSearchParams({ query: h.q, start: String(NOW_NS - 2n * HOUR_NS), end: String(NOW_NS) });
  if (h.limit) p.set('limit', String(h.limit));
  else p.set('step', '60');
  return `${url}/loki/api/v1/query_range?${p}`;
}

/** Repeats `once` until `running()` is false: the latency (ms) of each call. */
async function loop(running, once, pauseMs) {
  const ms = [];
  while (running()) {
    const t0 = performance.now();
    await once();
    ms.push(performance.now() - t0);
    await sleep(pauseMs);
  }
  return ms.sort((a, b) => a - b);
}

rmSync(DIR, { recursive: true, force: true });
const port = await freePort();
const config = writeConfig(DIR, port);
writeFileSync(config, readFileSync(config, 'utf8').replace(/query_timeout: .*/, `query_timeout: ${TIMEOUT_MS}ms\n  max_global_streams_per_user: 0`));
const server = await startLogi(config, port, args['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof']}`] : []);
try {
  const t0 = performance.now();
  await load(server.url);
  say(`loaded ${CARD} single-entry streams and ${BULK} lines in 16 streams in ${((performance.now() - t0) / 1000).toFixed(1)} s; load ${load1()}`);

  let running = true;
  let seq = 0;
  const ready = loop(() => running, async () => { await (await fetch(`${server.url}/ready`)).text(); }, 20);
  const pushes = loop(() => running, () => push(server.url, [{
    stream: { job: 'live' }, values: Array.from({ length: 100 }, (_, i) => [String(BigInt(Date.now()) * 1_000_000n + BigInt(i)), `live line ${seq++}`]),
  }]), 20);
  await sleep(500);
  const loadBefore = load1();
  const answers = await Promise.all(Array.from({ length: QUERIES }, async (_, i) => {
    const h = HEAVY[i % HEAVY.length];
    const q0 = performance.now();
    const res = await fetch(queryUrl(server.url, h));
    const body = await res.text();
    return { h, status: res.status, ms: performance.now() - q0, body };
  }));
  running = false;
  const [readyMs, pushMs] = await Promise.all([ready, pushes]);

  const late = answers.filter((a) => a.status === 504).map((a) => a.ms / TIMEOUT_MS).sort((a, b) => a - b);
  const byStatus = {};
  for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  const other = answers.find((a) => a.status !== 200 && a.status !== 504);
  const fmt = (xs) => `p50 ${percentile(xs, 50).toFixed(1)} / p99 ${percentile(xs, 99).toFixed(1)} / max ${xs[xs.length - 1].toFixed(1)} ms (${xs.length})`;
  const lines = [
    `Query load (bench/query-load.js): ${QUERIES} heavy queries at once (${HEAVY.map((h) => `\`${h.q}\``).join(', ')}) with query_timeout ${TIMEOUT_MS} ms, ` +
      `over ${CARD} single-entry streams and ${BULK} lines, while pushing 100-line batches; load ${loadBefore} -> ${load1()}`,
    '',
    '| measure | figure | target |',
    '|---|---|---|',
    `| /ready during the queries | ${fmt(readyMs)} | p99 < 100 ms |`,
    `| push during the queries | ${fmt(pushMs)} | p99 < 100 ms |`,
    `| query answers | ${Object.entries(byStatus).map(([s, n]) => `${n} × ${s}`).join(', ')}${other ? ` (e.g. ${other.status} ${other.body.slice(0, 80)})` : ''} | 504 past the timeout |`,
    `| 504 answer time / query_timeout | ${late.length ? `min ${late[0].toFixed(2)}, p50 ${percentile(late, 50).toFixed(2)}, max ${late[late.length - 1].toFixed(2)}` : 'no query passed the timeout'} | ≤ 1.10 |`,
    `| 200 answers, slowest | ${answers.filter((a) => a.status === 200).reduce((m, a) => Math.max(m, a.ms), 0).toFixed(0)} ms | < timeout |`,
  ];
  console.log(lines.join('\n'));
} finally {
  await server.stop();
  rmSync(DIR, { recursive: true, force: true });
}
