#!/usr/bin/env node
// Request fuzzing (issues 3 and 8): starts `logi serve` on a free 127.0.0.1 port with a temporary data
// directory, pushes a small dataset, then sends the requests of bench/fuzz-requests.js (generated,
// mutated and random LogQL, and the families that once crashed the server: huge numbers, deep nesting,
// templates with large output, long ranges, odd push timestamps) to every query, metadata and push
// endpoint over a few keep-alive connections. A run passes when the server never dies, never answers
// 5xx, stays under 1.5 GB of RSS, answers everything within 2 s and refuses (400) within 1 s. Latency is
// measured by the client, so an answer queued behind a slow one can look slow: refusals over 100 ms and
// answers over 2 s are timed again alone, and that second time is the one held against the bounds.
// Usage: npm run build && node bench/fuzz-queries.js [--queries 100000] [--concurrency 4] [--seed 1]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, generateQueries, makeRequest, Rng } from './fuzz-requests.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/logi.js');

const REFUSAL_BOUND_MS = 1000;
const ANSWER_BOUND_MS = 2000;
/** Refusals slower than this under load are timed again alone (the rest were fast anyway). */
const RETIME_OVER_MS = 100;
/** An answer slower than this counts as a hang (a violation). */
const REQUEST_TIMEOUT_MS = 60_000;
const RSS_BOUND_BYTES = 1.5 * 1024 ** 3;
const RSS_SAMPLE_MS = 100;
const NS_PER_S = 1_000_000_000n;
/** The server's heap cap: a runaway query ends in a crash (a reported violation), not in a swapping machine. */
const HEAP_MB = 2048;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** One HTTP exchange; resolves with status and body, or status 0 and the network error. */
function send(agent, port, method, path, body, headers = {}) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method, path, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ status: 0, body: String(e) }));
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', (e) => resolve({ status: 0, body: String(e.message ?? e) }));
    req.end(body);
  });
}

async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'logi-fuzz-'));
  const port = await freePort();
  const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, BIN, 'serve', `-server.http-listen-port=${port}`, '-server.http-listen-address=127.0.0.1', `-common.path-prefix=${dir}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => { stderr = (stderr + c).slice(-20_000); });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`logi serve exited at start (${child.exitCode}): ${stderr}`);
      if ((await send(agent, port, 'GET', '/ready')).status === 200) break;
      if (Date.now() > deadline) throw new Error(`logi serve not ready after 30 s: ${stderr}`);
      await sleep(50);
    }
  } catch (e) {
    await stop();
    throw e;
  } finally {
    agent.destroy();
  }
  return { port, pid: child.pid, exited, stderr: () => stderr, stop };
}

/** A few streams around `now` in the shapes the generator's queries touch: logfmt, JSON, text, ANSI, metadata. */
export function dataset(nowNs) {
  const rng = new Rng(7);
  const streams = [
    { stream: { app: 'api', env: 'prod', job: 'api/http' }, line: (i) => `level=${rng.pick(['info', 'warn', 'error'])} status=${rng.pick([200, 201, 404, 500])} path=/p/${i % 7} duration=${rng.int(900)}ms size=${rng.int(90)}.${rng.int(9)}KB msg="request ${i}"` },
    { stream: { app: 'api', env: 'dev', level: 'info' }, line: (i) => JSON.stringify({ level: rng.pick(['debug', 'info']), status: 200 + rng.int(4), user_id: `u${i % 9}`, http: { path: `/x/${i % 5}`, ms: rng.next() * 100 }, tags: ['a', 'b'], msg: `계정 ${i}` }) },
    { stream: { app: 'api', namespace: 'ns1', pod: 'p-1' }, line: (i) => `10.0.${i % 4}.${i % 250} - - "GET /api/${i} HTTP/1.1" ${rng.pick([200, 404, 503])} ${rng.int(5000)} \x1b[32mok\x1b[0m`, sm: true },
    { stream: { app: 'web', Host2: 'h' }, line: (i) => `${i} web line with "quotes" and \\ back\\slash error=${i % 2 === 0}` },
  ];
  const values = 600;
  return {
    streams: streams.map((s, k) => ({
      stream: s.stream,
      values: Array.from({ length: values }, (_, i) => {
        const ts = String(nowNs - BigInt(values - i) * 3n * NS_PER_S - BigInt(k) * 1_000_000n);
        return s.sm ? [ts, s.line(i), { trace_id: `t${i % 13}`, user_id: `u${i % 5}` }] : [ts, s.line(i)];
      }),
    })),
  };
}

/** Samples the server's resident set (Linux /proc) every RSS_SAMPLE_MS; `peak()` is the largest seen, in bytes. */
function rssSampler(pid) {
  let peak = 0;
  const sample = () => {
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (kb) peak = Math.max(peak, Number(kb[1]) * 1024);
    } catch {
      // the process is gone: its death is reported by the campaign
    }
  };
  sample();
  const timer = setInterval(sample, RSS_SAMPLE_MS);
  return { peak: () => peak, stop: () => { clearInterval(timer); sample(); } };
}

/**
 * Runs the fuzz campaign and returns its figures. `log` receives one line per violation.
 * @param {{ queries?: number, concurrency?: number, seed?: number, log?: (line: string) => void }} opts
 */
export async function fuzzQueries(opts = {}) {
  const total = opts.queries ?? 100_000;
  const concurrency = opts.concurrency ?? 4;
  const seed = opts.seed ?? 1;
  const log = opts.log ?? ((line) => console.log(line));
  const server = await startServer();
  const rss = rssSampler(server.pid);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const nowNs = BigInt(Date.now()) * 1_000_000n;
  const statuses = {};
  /** requests and 5xx per family */
  const families = {};
  /** refusal texts, with numbers and quoted parts blanked, → count */
  const reasons = new Map();
  const violations = [];
  /** requests that looked slow under load, to time again alone */
  const suspects = [];
  let sent = 0;
  /** the slowest refusal as measured under load */
  let maxRefusal = { ms: 0, req: undefined };
  /** the slowest refusal alone: of those fast under load, and of the re-timed ones */
  let maxAlone = { ms: 0, req: undefined };
  /** the slowest answer under load, and the slowest answer alone (of those fast under load, and of the re-timed ones) */
  let slowest = { ms: 0, req: undefined, status: 0 };
  let slowestAlone = { ms: 0, req: undefined, status: 0 };
  let dead = false;
  const violation = (line) => {
    violations.push(line);
    if (violations.length <= 50) log(line);
  };
  server.exited.then(({ code, signal }) => { if (!dead) { dead = true; violation(`server died (exit ${code}, signal ${signal}): ${server.stderr().slice(-2000)}`); } });
  const exchange = async (req) => {
    const t0 = performance.now();
    const r = await send(agent, server.port, req.method, req.path, req.body, req.headers);
    return { ...r, ms: performance.now() - t0 };
  };
  try {
    const push = await send(agent, server.port, 'POST', '/loki/api/v1/push', JSON.stringify(dataset(nowNs)), { 'Content-Type': 'application/json' });
    if (push.status !== 204) throw new Error(`dataset push failed: ${push.status} ${push.body}`);
    const pool = generateQueries(seed, 4000, 0).map((q) => q.text);
    const rng = new Rng(seed);
    const worker = async () => {
      while (sent < total && !dead) {
        sent++;
        const req = makeRequest(rng, pool, nowNs);
        const r = await exchange(req);
        if (dead) break;
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        const fam = (families[req.family] ??= { requests: 0, errors: 0 });
        fam.requests++;
        if (r.ms > slowest.ms) slowest = { ms: r.ms, req, status: r.status };
        if (r.status === 0 || r.status >= 500) {
          fam.errors++;
          violation(`HTTP ${r.status} ${describe(req)}\n  ${r.body.slice(0, 300).replace(/\n/g, '\n  ')}`);
          continue;
        }
        if (r.status === 400) {
          const reason = r.body.slice(0, 200).replace(/"[^"]*"?|'[^']*'?|\d+/g, '_').slice(0, 70);
          reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
          if (r.ms > maxRefusal.ms) maxRefusal = { ms: r.ms, req };
        }
        if (r.ms > ANSWER_BOUND_MS || (r.status === 400 && r.ms > RETIME_OVER_MS)) suspects.push(req);
        else {
          if (r.status === 400 && r.ms > maxAlone.ms) maxAlone = { ms: r.ms, req };
          if (r.ms > slowestAlone.ms) slowestAlone = { ms: r.ms, req, status: r.status };
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    // answers that looked slow under load, timed again with nothing else in flight
    for (const req of suspects) {
      if (dead) break;
      const r = await exchange(req);
      if (r.status === 400 && r.ms > maxAlone.ms) maxAlone = { ms: r.ms, req };
      if (r.ms > slowestAlone.ms) slowestAlone = { ms: r.ms, req, status: r.status };
      if (r.status === 400 && r.ms > REFUSAL_BOUND_MS) violation(`slow refusal (${r.ms.toFixed(0)} ms alone) ${describe(req)}`);
      else if (r.ms > ANSWER_BOUND_MS) violation(`slow answer (HTTP ${r.status}, ${r.ms.toFixed(0)} ms alone) ${describe(req)}`);
    }
    rss.stop();
    if (rss.peak() > RSS_BOUND_BYTES) violation(`server RSS reached ${(rss.peak() / 2 ** 20).toFixed(0)} MiB (bound ${(RSS_BOUND_BYTES / 2 ** 20).toFixed(0)} MiB)`);
    const topReasons = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 12);
    return { queries: sent, statuses, families, violations, maxRefusal, maxAlone, retimed: suspects.length, slowest, slowestAlone, peakRssBytes: rss.peak(), topReasons };
  } finally {
    rss.stop();
    agent.destroy();
    dead = true;
    await server.stop();
  }
}

/** One summary line: counts per status, the slowest refusal and answer alone and under load, peak RSS, violations. */
export function summaryLine(res) {
  const counts = Object.entries(res.statuses).map(([s, n]) => `${s}: ${n}`).join(', ');
  return `fuzz: ${res.queries} requests (${counts}), max refusal ${res.maxAlone.ms.toFixed(0)} ms alone (${res.maxRefusal.ms.toFixed(0)} ms under load, ${res.retimed} re-timed), ` +
    `slowest answer ${res.slowestAlone.ms.toFixed(0)} ms alone (${res.slowest.ms.toFixed(0)} ms under load, HTTP ${res.slowest.status}), ` +
    `peak RSS ${(res.peakRssBytes / 2 ** 20).toFixed(0)} MiB, ${res.violations.length} violations`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
  const res = await fuzzQueries({
    queries: args.queries === undefined ? undefined : Number(args.queries),
    concurrency: args.concurrency === undefined ? undefined : Number(args.concurrency),
    seed: args.seed === undefined ? undefined : Number(args.seed),
  });
  for (const [reason, n] of res.topReasons) console.log(`${String(n).padStart(7)}  ${reason}`);
  for (const [family, f] of Object.entries(res.families)) console.log(`family ${family}: ${f.requests} requests, ${f.errors} 5xx or crashes`);
  if (res.maxAlone.req) console.log(`slowest refusal alone: ${describe(res.maxAlone.req)}`);
  if (res.slowestAlone.req) console.log(`slowest answer alone: ${describe(res.slowestAlone.req)}`);
  console.log(summaryLine(res));
  process.exitCode = res.violations.length ? 1 : 0;
}
