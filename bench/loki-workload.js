#!/usr/bin/env node
// Runs Loki's benchmark workload (bench/loki-workload: ingest.mjs, query.mjs) against `logi serve`, as
// Loki's published figures were taken: ingest (proto, batch 1000), queries a-g warm, restart, queries again.
// Their own output is passed through. Needs the npm package snappy: BENCH_DEPS defaults to this repository.
// Usage: npm run build && node bench/loki-workload.js [--lines 11600000] [--concurrency 2] [--dir DIR] [--scripts DIR]
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startLogi, writeConfig } from './logi-process.js';

const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]]] : [])));
const scripts = args.scripts ?? fileURLToPath(new URL('loki-workload/', import.meta.url));
const dir = args.dir ?? join(tmpdir(), 'logi-bench-loki-workload');
const manifest = join(dir, 'manifest.json');
const env = { ...process.env, BENCH_DEPS: process.env.BENCH_DEPS ?? fileURLToPath(new URL('..', import.meta.url)) };

function run(script, scriptArgs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(scripts, script), ...scriptArgs], { stdio: 'inherit', env });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
}

rmSync(dir, { recursive: true, force: true });
const dataDir = join(dir, 'data');
let port = await freePort();
let server = await startLogi(writeConfig(dataDir, port), port);
console.log(`logi serve ready in ${server.readySec.toFixed(2)} s (empty)`);
await run('ingest.mjs', ['--url', server.url, '--lines', args.lines ?? '11600000', '--batch', '1000', '--concurrency', args.concurrency ?? '2',
  '--format', 'proto', '--pid', String(server.pid), '--manifest', manifest]);
await fetch(`${server.url}/flush`, { method: 'POST' });
await run('query.mjs', ['--url', server.url, '--manifest', manifest, '--pid', String(server.pid), '--label', 'warm']);
await server.stop();
port = await freePort();
server = await startLogi(writeConfig(dataDir, port), port);
console.log(`logi serve ready in ${server.readySec.toFixed(2)} s after the restart`);
await run('query.mjs', ['--url', server.url, '--manifest', manifest, '--pid', String(server.pid), '--label', 'after restart', '--verify']);
await server.stop();
rmSync(dir, { recursive: true, force: true });
