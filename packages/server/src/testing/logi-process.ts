// `logi serve` as a child process on 127.0.0.1, for tests that need a real process: killed with SIGKILL,
// signalled, restarted on the same directories, its output kept.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LOGI = fileURLToPath(new URL('../../../../bin/logi.js', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface LogiProcess {
  readonly child: ChildProcess;
  readonly base: string;
  /** exit code, or the signal that ended it */
  readonly exited: Promise<number | NodeJS.Signals | null>;
  /** everything written to stdout so far */
  stdout(): string;
  /** everything written to stderr so far */
  stderr(): string;
  /** stderr's complete lines so far */
  stderrLines(): string[];
  /** Sends the signal (if still running) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `logi serve ARGS` listening on `port` and resolves once /ready answers 200. */
export async function spawnLogi(args: readonly string[], port: number): Promise<LogiProcess> {
  const child = spawn(process.execPath, [LOGI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  // 'close', not 'exit': it comes once stdout and stderr are drained too, so a test sees every line the process wrote.
  const exited = new Promise<number | NodeJS.Signals | null>((r) => child.once('close', (code, signal) => r(code ?? signal)));
  const logi: LogiProcess = {
    child,
    base: `http://127.0.0.1:${port}`,
    exited,
    stdout: () => out,
    stderr: () => err,
    stderrLines: () => err.split('\n').slice(0, -1),
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${logi.base}/ready`)).status === 200) return logi;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      await logi.kill();
      throw new Error(`logi serve did not become ready: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What a `logi` command that ran to its end printed, and its exit status. */
export interface LogiRun { status: number | null; stdout: string; stderr: string }

/**
 * Runs `logi ARGS` until it exits (killed after `timeoutMs`: a start that should fail must not hang the
 * test); `uid`, when given, runs it as that user (the tests run as root, which no permission stops);
 * `stdin`, when given, is written to it and closed.
 */
export async function runLogi(
  args: readonly string[], opts: { uid?: number; timeoutMs?: number; env?: NodeJS.ProcessEnv; stdin?: string } = {},
): Promise<LogiRun> {
  const child = spawn(process.execPath, [LOGI, ...args], {
    stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], uid: opts.uid, gid: opts.uid, env: opts.env, timeout: opts.timeoutMs ?? 60_000,
  });
  child.stdin?.end(opts.stdin);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const status = await new Promise<number | null>((r) => child.once('close', (code) => r(code)));
  return { status, stdout, stderr };
}

/** Writes `dir`/logi.yaml: the server on 127.0.0.1:`port`, data in `dir`, then `extraYaml` (top-level keys). */
export function writeConfig(dir: string, port: number, extraYaml = ''): string {
  const file = join(dir, 'logi.yaml');
  writeFileSync(file, `server:
  http_listen_port: ${port}
  http_listen_address: 127.0.0.1
common:
  path_prefix: ${dir}
${extraYaml}`);
  return file;
}

/**
 * Starts `logi serve` on `dir` and `port` by flags; `yaml`, when given, is written to dir/logi.yaml and
 * passed as -config.file (port and path prefix still come from the flags).
 */
export async function startLogi(dir: string, port: number, yaml?: string): Promise<LogiProcess> {
  const args = [`-server.http-listen-port=${port}`, `-common.path-prefix=${dir}`];
  if (yaml !== undefined) {
    writeFileSync(join(dir, 'logi.yaml'), yaml);
    args.push(`-config.file=${join(dir, 'logi.yaml')}`);
  }
  return spawnLogi(args, port);
}

/**
 * A server on a fresh temporary directory (auth off, old samples accepted): `limits` are lines under
 * limits_config, `yaml` more top-level config. close() kills it and removes the directory.
 */
export async function startTempLogi(limits: string[] = [], yaml = ''): Promise<LogiProcess & { close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'logi-child-'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const port = await freePort();
    const limitsYaml = `limits_config:\n  reject_old_samples: false\n${limits.map((l) => `  ${l}\n`).join('')}`;
    const logi = await spawnLogi([`-config.file=${writeConfig(dir, port, ['auth_enabled: false', limitsYaml, yaml].join('\n'))}`], port);
    return { ...logi, close: async () => { await logi.kill(); remove(); } };
  } catch (e) {
    remove();
    throw e;
  }
}

/** Where a test server keeps its data: path_prefix (WAL, index) may be apart from the chunks and rules. */
export interface LogiDirs { pathPrefix: string; other: string }

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
  return () => spawnLogi([`-config.file=${config}`], port);
}

/** One push of `lines` to stream {job="<job>"} (or the labels given), line i at ts t0 + i µs, as `tenant` when given. */
export async function pushLines(
  base: string, job: string | Record<string, string>, t0: bigint, lines: string[], tenant?: string,
): Promise<{ status: number; body: string }> {
  const values = lines.map((l, i) => [(t0 + BigInt(i) * 1000n).toString(), l]);
  const r = await fetch(`${base}/loki/api/v1/push`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...(tenant ? { 'X-Scope-OrgID': tenant } : {}) },
    body: JSON.stringify({ streams: [{ stream: typeof job === 'string' ? { job } : job, values }] }),
  });
  return { status: r.status, body: await r.text() };
}

/** Every line of {job="<job>"} in [from, to], oldest first (as `tenant` when given). */
export async function linesOf(base: string, job: string, from: bigint, to: bigint, tenant?: string): Promise<string[]> {
  const q = new URLSearchParams({ query: `{job="${job}"}`, start: String(from), end: String(to), limit: '100000', direction: 'forward' });
  const r = await fetch(`${base}/loki/api/v1/query_range?${q}`, tenant ? { headers: { 'X-Scope-OrgID': tenant } } : {});
  const text = await r.text();
  if (r.status !== 200) throw new Error(`query answered ${r.status}: ${text}`);
  const body = JSON.parse(text) as { data: { result: { values: [string, string][] }[] } };
  return body.data.result.flatMap((s) => s.values.map(([, line]) => line));
}
