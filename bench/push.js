#!/usr/bin/env node
// The pusher of bench/run.js, in its own process so that it does not share the server's event loop: encodes
// the workload as protobuf+snappy push bodies of --batch consecutive lines (grouped per stream), caches them
// on disk, then sends them over --concurrency keep-alive connections and prints one JSON line: lines/s,
// MB/s, latency percentiles, errors, the server's CPU seconds over the timed part (from /proc, --pid) and its own.
// Usage: node bench/push.js --url URL --lines N --batch 1000 --concurrency 2 --start-ns NS --hours 6 --pid PID
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, percentile } from './proc.js';
import { baseLines, timestampOf } from './workload.js';

const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
const N = Number(args.lines);
const BATCH = Number(args.batch ?? 1000);
const CONC = Number(args.concurrency ?? 2);
const START = BigInt(args['start-ns']);
const HOURS = Number(args.hours ?? 6);
const PID = Number(args.pid);
const log = (msg) => process.stderr.write(`push: ${msg}\n`);

/** Bodies as one file: u32 count, then per body u32 lines, u32 length, bytes. */
function encodeAll() {
  const protocol = fileURLToPath(new URL('../packages/protocol/dist/index.js', import.meta.url));
  return import(protocol).then(({ encodePushSnappyProtobuf, formatLabelRecord }) => {
    const { streams, entries } = baseLines();
    const labels = streams.map((s) => formatLabelRecord(s.labels));
    const parts = [];
    const head = Buffer.alloc(4);
    parts.push(head);
    let count = 0;
    for (let first = 0; first < N; first += BATCH, count++) {
      const last = Math.min(N, first + BATCH);
      const per = new Map();
      for (let i = first; i < last; i++) {
        const e = entries[i % entries.length];
        let list = per.get(e.stream);
        if (!list) per.set(e.stream, (list = []));
        list.push({ ts: timestampOf(i, N, START, HOURS), line: e.line, sm: e.sm });
      }
      const body = encodePushSnappyProtobuf([...per].map(([s, list]) => ({ labels: labels[s], entries: list })));
      const frame = Buffer.alloc(8);
      frame.writeUInt32LE(last - first, 0);
      frame.writeUInt32LE(body.length, 4);
      parts.push(frame, body);
      if (count % 1000 === 999) log(`encoded ${count + 1} bodies`);
    }
    head.writeUInt32LE(count, 0);
    return Buffer.concat(parts);
  });
}

function splitBodies(file) {
  const bodies = [];
  let p = 4;
  for (let k = 0; k < file.readUInt32LE(0); k++) {
    const lines = file.readUInt32LE(p);
    const len = file.readUInt32LE(p + 4);
    bodies.push({ lines, body: file.subarray(p + 8, p + 8 + len) });
    p += 8 + len;
  }
  return bodies;
}

const cache = join(tmpdir(), `logi-bench-bodies-${N}-${BATCH}-${START}-${HOURS}.bin`);
let file;
if (existsSync(cache)) {
  file = readFileSync(cache);
} else {
  const t = performance.now();
  file = await encodeAll();
  writeFileSync(`${cache}.tmp`, file);
  renameSync(`${cache}.tmp`, cache);
  log(`encoded ${N} lines in ${((performance.now() - t) / 1000).toFixed(1)} s (cached in ${cache})`);
}
const bodies = splitBodies(file);
const wireBytes = bodies.reduce((s, b) => s + b.body.length, 0);

const url = new URL('/loki/api/v1/push', args.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: CONC });
function post(body) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/x-protobuf', 'Content-Length': body.length } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ ok: res.statusCode >= 200 && res.statusCode < 300, ms: performance.now() - t0, text: Buffer.concat(chunks).toString().slice(0, 200) }));
    });
    req.on('error', (e) => resolve({ ok: false, ms: performance.now() - t0, text: e.message }));
    req.end(body);
  });
}

const latency = new Float64Array(bodies.length);
let next = 0;
let errors = 0;
let firstError = '';
const cpu0 = cpuSeconds(PID);
const client0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(Array.from({ length: CONC }, async () => {
  for (let k = next++; k < bodies.length; k = next++) {
    const r = await post(bodies[k].body);
    latency[k] = r.ms;
    if (!r.ok) {
      errors++;
      firstError ||= r.text;
    }
  }
}));
const wallSec = (performance.now() - t0) / 1000;
const serverCpuSec = cpuSeconds(PID) - cpu0;
const client = process.cpuUsage(client0);
agent.destroy();
const sorted = Array.from(latency).sort((a, b) => a - b);
console.log(JSON.stringify({
  lines: N, requests: bodies.length, wireBytes, wallSec, linesPerSec: N / wallSec,
  p50ms: percentile(sorted, 50), p99ms: percentile(sorted, 99), maxMs: sorted[sorted.length - 1],
  errors, firstError, serverCpuSec, clientCpuSec: (client.user + client.system) / 1e6,
}));
