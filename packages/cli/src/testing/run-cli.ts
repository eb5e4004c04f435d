// Runs `bin/logi.js COMMAND ...` as a child process for tests: pipes (so no colors unless asked), the
// environment cleaned of LOKI_* and color settings so the machine's own cannot leak in; and pushes
// lines stamped now for the tail tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pushLines, runLogi } from '../../../server/dist/testing/logi-process.js';

const LOGI = fileURLToPath(new URL('../../../../bin/logi.js', import.meta.url));

export interface CliResult { code: number | null; stdout: string; stderr: string }

function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LOKI_') && name !== 'FORCE_COLOR' && name !== 'NO_COLOR'));
  return { ...base, TZ: 'UTC', ...env };
}

export interface RunningCli {
  readonly child: ChildProcess;
  /** stdout so far */
  stdout(): string;
  /** stderr so far */
  stderr(): string;
  /** the exit code once the process ended and its output was read */
  readonly closed: Promise<number | null>;
}

/** Starts the CLI and keeps its output, for commands that run until stopped (--tail). */
export function startCli(args: readonly string[], env: Record<string, string> = {}): RunningCli {
  const child = spawn(process.execPath, [LOGI, ...args], { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const closed = new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  return { child, stdout: () => stdout, stderr: () => stderr, closed };
}

/** Runs the CLI to its end; `stdin` is written to it and closed. */
export async function runCli(args: readonly string[], env: Record<string, string> = {}, stdin = ''): Promise<CliResult> {
  const r = await runLogi(args, { env: cleanEnv(env), stdin });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Resolves once `read()` contains `text`; fails after 90 s. */
export async function waitForText(read: () => string, text: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!read().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(text)} in ${JSON.stringify(read())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Pushes one line to {job="<job>"} stamped now, as `tenant` when given. */
export async function pushNow(base: string, job: string, line: string, tenant?: string): Promise<void> {
  const r = await pushLines(base, job, BigInt(Date.now()) * 1_000_000n, [line], tenant);
  if (r.status !== 204) throw new Error(`push answered ${r.status}: ${r.body}`);
}
