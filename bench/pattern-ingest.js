#!/usr/bin/env node
// Pattern mining's cost at ingest: the ingest benchmark (bench/push.js, protobuf+snappy, batches of 1000 lines,
// 32 streams) against a server with pattern_ingester.enabled false, then true, alternately --runs times each;
// prints the median throughputs, the cost in per cent (target: under 10 %), and how many lines the patterns
// answer counts: beyond its CPU budget the miner drops lines, as Loki's pattern tee drops under backpressure,
// and a stream's next mined lines count for its dropped ones.
// Usage: node bench/pattern-ingest.js [--lines 2000000] [--concurrency 4] [--runs 2]
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startLogi, writeConfig } from './logi-process.js';
import { runPusher } from './run-pusher.js';

const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
const N = Number(args.lines ?? 2_000_000);
const CONCURRENCY = Number(args.concurrency ?? 4);
const RUNS = Number(args.runs ?? 2);
const HOURS = 6;
const START_NS = BigInt(Math.floor((Date.now() - 30 * 3600e3) / 86_400_000) * 86_400_000) * 1_000_000n;
const fmt = (x) => Math.round(x).toLocaleString('en-US');

async function ingest(mining) {
  const dir = mkdtempSync(join(tmpdir(), 'logi-pattern-bench-'));
  const port = await freePort();
  const config = writeConfig(dir, port);
  appendFileSync(config, `pattern_ingester:\n  enabled: ${mining}\n`);
  const server = await startLogi(config, port);
  try {
    const r = await runPusher({ url: server.url, pid: server.pid, lines: N, batch: 1000, concurrency: CONCURRENCY, startNs: START_NS, hours: HOURS });
    if (r.errors) throw new Error(`${r.errors} push errors: ${r.firstError}`);
    const mined = mining ? await minedLines(server.url) : 0;
    process.stderr.write(`  mining ${mining ? 'on ' : 'off'}: ${fmt(r.linesPerSec)} lines/s, server ${r.serverCpuSec.toFixed(1)} CPU s` +
      `${mining ? `, ${fmt(mined)} lines in the patterns answer` : ''}\n`);
    return { ...r, mined };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lines the patterns answer counts over the whole workload (patterns seen under 30 times are left out, as in Loki). */
async function minedLines(url) {
  const end = START_NS + BigInt(HOURS * 3600) * 1_000_000_000n;
  const params = new URLSearchParams({ query: '{job=~".+"}', start: String(START_NS), end: String(end), step: '1h' });
  const body = await (await fetch(`${url}/loki/api/v1/patterns?${params}`)).json();
  return body.data.reduce((n, p) => n + p.samples.reduce((m, s) => m + s[1], 0), 0);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
const signed = (x) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;
const off = [];
const on = [];
for (let i = 0; i < RUNS; i++) {
  off.push(await ingest(false));
  on.push(await ingest(true));
}
const offRate = median(off.map((r) => r.linesPerSec));
const onRate = median(on.map((r) => r.linesPerSec));
const offCpu = median(off.map((r) => r.serverCpuSec));
const onCpu = median(on.map((r) => r.serverCpuSec));
console.log(`Pattern mining at ingest (bench/pattern-ingest.js, ${fmt(N)} lines, concurrency ${CONCURRENCY}, median of ${RUNS}): ` +
  `${fmt(offRate)} lines/s without, ${fmt(onRate)} with = ${signed(100 * (1 - onRate / offRate))} of ingest throughput (target < 10 %); ` +
  `server CPU ${offCpu.toFixed(1)} s -> ${onCpu.toFixed(1)} s (${signed(100 * (onCpu / offCpu - 1))}, the steadier figure on a busy machine); the patterns' counts add up to ${fmt(median(on.map((r) => r.mined)))} of the ${fmt(N)} lines ` +
  '(the miner runs in its own thread on a CPU budget, 3 % of the main thread\'s, and drops lines beyond it rather than slow ingest; ' +
  'a stream\'s later mined lines count for its dropped ones; lines older than their stream\'s latest are skipped, as in Loki).');
