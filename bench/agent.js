// Agent benchmark: ships one big file (plain, then through the seed's JSON stages), then 100 files, through `logi agent`
// into `logi serve` (or, if the server does not start here, a receiver that only counts), and prints
// lines/s, MB/s, agent CPU seconds per GB and peak RSS (the targets: at least 50 MB/s per core, under 100 MB).
// Run after `npm run build`: node bench/agent.js (BENCH_AGENT_MB sets the volume; see below for the knobs used to
// find where memory and time go)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, ready } from './logi-process.js';

const BIN = fileURLToPath(new URL('../bin/logi.js', import.meta.url));
const TOTAL_MB = Number(process.env.BENCH_AGENT_MB ?? 200);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CLK_TCK = 100;
// for experiments: extra node flags for the agent (space-separated), a substring choosing the scenarios to run,
// and a file for the agent's stdout (where V8's --trace-gc prints)
const NODE_ARGS = (process.env.BENCH_AGENT_NODE_ARGS ?? '').split(' ').filter(Boolean);
const ONLY = process.env.BENCH_AGENT_ONLY ?? '';
const STDOUT = process.env.BENCH_AGENT_STDOUT;

async function waitFor(pred, ms, what) {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** `logi serve` when it starts, else an in-process receiver that counts request bytes and answers 204. */
async function startSink(dir) {
  const port = await freePort();
  if (process.env.BENCH_AGENT_SINK !== 'receiver') {
    // Loki's default ingestion limits (4 MB/s per tenant, 3 MB/s per stream) would measure the limiter, not the agent
    const cfg = join(dir, 'serve.yaml');
    writeFileSync(cfg, 'auth_enabled: false\nlimits_config:\n  ingestion_rate_mb: 10000\n  ingestion_burst_size_mb: 10000\n  per_stream_rate_limit: 10GB\n  per_stream_rate_limit_burst: 10GB\n');
    const child = spawn(process.execPath, [BIN, 'serve', `-config.file=${cfg}`, `-server.http-listen-port=${port}`, `-common.path-prefix=${join(dir, 'serve')}`], { stdio: 'ignore' });
    process.on('exit', () => child.kill()); // never leave the server behind, even when the bench fails
    try {
      await waitFor(() => child.exitCode === null && ready(`http://127.0.0.1:${port}/ready`), 20_000, 'logi serve');
      return { kind: 'logi serve', url: `http://127.0.0.1:${port}/loki/api/v1/push`, stop: () => child.kill() };
    } catch {
      child.kill();
    }
  }
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { kind: 'counting receiver (logi serve did not start)', url: `http://127.0.0.1:${port}/loki/api/v1/push`, stop: () => server.close() };
}

function makeLines(targetBytes, seed) {
  const parts = [];
  let bytes = 0;
  let i = 0;
  const levels = ['info', 'info', 'info', 'warning', 'error'];
  while (bytes < targetBytes) {
    const line = JSON.stringify({ id: `${seed}-${i}`, service: 'orders', event: 'order created', user_id: 1000 + (i % 977), amount: (i % 10000) / 100, logger: 'app', level: levels[i % 5], timestamp: new Date(1_700_000_000_000 + i).toISOString() }) + '\n';
    parts.push(line);
    bytes += line.length;
    i++;
  }
  return { text: parts.join(''), lines: i, bytes };
}

function cpuSeconds(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime, stime
}

/** VmHWM (peak) or VmRSS (now) of a process, in MB. */
function rssMB(pid, field = 'VmHWM') {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function metric(port, name) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name)) sum += Number(line.split(' ').pop());
  return sum;
}

async function run(label, files, sink, pipeline) {
  if (!label.includes(ONLY)) return;
  const dir = mkdtempSync(join(tmpdir(), 'logi-bench-agent-'));
  const logs = join(dir, 'logs');
  const staging = join(dir, 'staging');
  mkdirSync(logs);
  mkdirSync(staging);
  let lines = 0;
  let bytes = 0;
  const perFile = (TOTAL_MB * 1e6) / files;
  for (let f = 0; f < files; f++) {
    const g = makeLines(perFile, f);
    writeFileSync(join(staging, `app-${f}.log`), g.text);
    lines += g.lines;
    bytes += g.bytes;
  }
  const config = join(dir, 'config.alloy');
  let text = readFileSync(fileURLToPath(new URL('../examples/config.alloy', import.meta.url)), 'utf8');
  // "plain": the file source forwards straight to loki.write (no parsing stages)
  if (!pipeline) text = text.replace('forward_to            = [loki.process.add_labels.receiver]', 'forward_to = [loki.write.default.receiver]');
  writeFileSync(config, text
    .replace('/var/log/app/*.log', `${logs}/*.log`)
    .replace("url = \"http://loki:3100/loki/api/v1/push\"", `url = "${sink.url}"\n    batch_wait = "100ms"`));
  const port = await freePort();
  const agent = spawn(process.execPath, [...NODE_ARGS, BIN, 'agent', `-config.file=${config}`, `-storage.path=${join(dir, 'data')}`, `-server.http.listen-addr=127.0.0.1:${port}`], { stdio: ['ignore', STDOUT ? openSync(STDOUT, 'a') : 'ignore', 'inherit'] });
  const killAgent = () => agent.kill();
  process.on('exit', killAgent);
  try {
    await waitFor(() => ready(`http://127.0.0.1:${port}/ready`), 20_000, 'agent');
    // measured from ready, when the files move in: process start-up (module loading) is not shipping
    const t0 = process.hrtime.bigint();
    const cpu0 = cpuSeconds(agent.pid);
    const readyRss = rssMB(agent.pid, 'VmRSS');
    for (let f = 0; f < files; f++) renameSync(join(staging, `app-${f}.log`), join(logs, `app-${f}.log`));
    await waitFor(async () => {
      if ((await metric(port, 'logi_agent_dropped_entries_total')) > 0) throw new Error('the server rejected entries (see the agent log)');
      return (await metric(port, 'logi_agent_sent_entries_total')) >= lines;
    }, 600_000, 'everything shipped');
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = cpuSeconds(agent.pid) - cpu0;
    const mb = bytes / 1e6;
    console.log(`${label.padEnd(24)} ${String(lines).padStart(9)} lines ${mb.toFixed(0).padStart(5)} MB in ${secs.toFixed(2)} s: ` +
      `${Math.round(lines / secs).toLocaleString('en-US')} lines/s, ${(mb / secs).toFixed(1)} MB/s; ` +
      `agent CPU ${cpu.toFixed(2)} s = ${(cpu / (mb / 1000)).toFixed(1)} CPU s/GB (${(mb / cpu).toFixed(1)} MB/s per core); peak RSS ${rssMB(agent.pid).toFixed(0)} MB (${readyRss.toFixed(0)} MB when ready)`);
  } finally {
    process.off('exit', killAgent);
    agent.kill();
    await new Promise((r) => agent.on('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const dir = mkdtempSync(join(tmpdir(), 'logi-bench-sink-'));
const sink = await startSink(dir);
console.log(`logi agent -> ${sink.kind}; ${TOTAL_MB} MB of ~160-byte JSON lines per run; config.alloy from the seed (batch_wait 100ms)`);
try {
  await run('one file, plain', 1, sink, false);
  await run('one file, seed stages', 1, sink, true);
  await run('100 files, seed stages', 100, sink, true);
} finally {
  sink.stop();
  rmSync(dir, { recursive: true, force: true });
}
