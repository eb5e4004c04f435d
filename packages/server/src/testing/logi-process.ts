// `logi serve` as a child process for tests that need a real process: killed with SIGKILL, restarted on the
// same directories, its stderr kept line by line. Talks only to 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LOGI = fileURLToPath(new URL('../../../../bin/logi.js', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Where a test server keeps its data: path_prefix (WAL, index) may be apart from the chunks and rules. */
export interface LogiDirs { pathPrefix: string; other: string }

export interface LogiProcess {
  base: string;
  /** Everything written to stderr so far, one line each. */
  stderr: string[];
  /** SIGKILL, then waits for the exit. */
  kill(): Promise<void>;
}

/** Writes a config into dirs.other and returns a starter: each call starts a process on the same port and directories. */
export async function logiOn(dirs: LogiDirs): Promise<() => Promise<LogiProcess>> {
  const port = await freePort();
  const config = join(dirs.other, 'logi.yaml');
  writeFileSync(config, `auth_enabled: false
server:
  http_listen_port: ${port}
  http_listen_address: 127.0.0.1
common:
  path_prefix: ${dirs.pathPrefix}
  storage:
    filesystem:
      chunks_directory: ${join(dirs.other, 'chunks')}
      rules_directory: ${join(dirs.other, 'rules')}
limits_config:
  reject_old_samples: false
  max_entries_limit_per_query: 100000
`);
  return () => start(config, `http://127.0.0.1:${port}`);
}

async function start(config: string, base: string): Promise<LogiProcess> {
  const child: ChildProcess = spawn(process.execPath, [LOGI, 'serve', `-config.file=${config}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  let partial = '';
  child.stderr!.on('data', (d: Buffer) => {
    const lines = (partial + d.toString()).split('\n');
    partial = lines.pop()!;
    stderr.push(...lines);
  });
  const exited = new Promise((r) => child.once('exit', r));
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/ready`)).status === 200) return { base, stderr, kill };
    } catch { /* not listening yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      await kill();
      throw new Error(`logi serve did not become ready: ${stderr.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One push of `lines` to stream {job="<job>"}, line i at ts t0 + i µs. */
export async function pushLines(base: string, job: string, t0: bigint, lines: string[]): Promise<{ status: number; body: string }> {
  const values = lines.map((l, i) => [(t0 + BigInt(i) * 1000n).toString(), l]);
  const r = await fetch(`${base}/loki/api/v1/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ streams: [{ stream: { job }, values }] }),
  });
  return { status: r.status, body: await r.text() };
}

/** Every line of {job="<job>"} in [from, to], oldest first. */
export async function linesOf(base: string, job: string, from: bigint, to: bigint): Promise<string[]> {
  const q = new URLSearchParams({ query: `{job="${job}"}`, start: String(from), end: String(to), limit: '100000', direction: 'forward' });
  const r = await fetch(`${base}/loki/api/v1/query_range?${q}`);
  const text = await r.text();
  if (r.status !== 200) throw new Error(`query answered ${r.status}: ${text}`);
  const body = JSON.parse(text) as { data: { result: { values: [string, string][] }[] } };
  return body.data.result.flatMap((s) => s.values.map(([, line]) => line));
}
