// `logi serve` as a child process for the benchmarks, configured like the Loki the published figures come
// from: the conformance limits (packages/server/testdata/conformance/README.md) and a long query timeout.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/logi.js', import.meta.url));

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Writes `dir`/logi.yaml for a server keeping its data in `dir`; `extraYaml`: more top-level keys. */
export function writeConfig(dir, port, extraYaml = '') {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'logi.yaml');
  writeFileSync(file, `auth_enabled: false
server:
  http_listen_port: ${port}
  http_listen_address: 127.0.0.1
common:
  path_prefix: ${dir}
  storage:
    filesystem:
      chunks_directory: ${join(dir, 'chunks')}
      rules_directory: ${join(dir, 'rules')}
limits_config:
  reject_old_samples: false
  ingestion_rate_mb: 64
  ingestion_burst_size_mb: 128
  per_stream_rate_limit: 64MB
  per_stream_rate_limit_burst: 128MB
  max_query_series: 100000
  max_entries_limit_per_query: 100000
  query_timeout: 10m
${extraYaml}`);
  return file;
}

/** True when `url` answers 2xx within a second (a readiness probe). */
export async function ready(url) {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await r.text();
    return r.ok;
  } catch {
    return false;
  }
}

/** Starts the server and resolves once /ready answers: { url, pid, readySec, stop() }. */
export async function startLogi(configFile, port, extraNodeArgs = []) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...extraNodeArgs, BIN, 'serve', `-config.file=${configFile}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
  const url = `http://127.0.0.1:${port}`;
  while (!(await ready(`${url}/ready`))) {
    if (child.exitCode !== null) throw new Error(`logi serve exited with ${child.exitCode}: ${stderr}`);
    if (performance.now() - t0 > 600_000) throw new Error('logi serve not ready after 10 minutes');
    await new Promise((r) => setTimeout(r, 20));
  }
  const readySec = (performance.now() - t0) / 1000;
  const exited = new Promise((r) => child.once('exit', r));
  return {
    url, pid: child.pid, readySec,
    /** SIGTERM, then waits for the exit (the server flushes on the way out). */
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
