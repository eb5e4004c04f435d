// Runs `bin/logi.js COMMAND ...` as a child process for tests: pipes (so no colors unless asked), the
// environment cleaned of LOKI_* and color settings so the machine's own cannot leak in.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LOGI = fileURLToPath(new URL('../../../../bin/logi.js', import.meta.url));

export interface CliResult { code: number | null; stdout: string; stderr: string }

function cleanEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LOKI_') && name !== 'FORCE_COLOR' && name !== 'NO_COLOR'));
  return { ...base, TZ: 'UTC', ...env };
}

export function spawnCli(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [LOGI, ...args], { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Runs the CLI to its end; `stdin` is written to it and closed. */
export async function runCli(args: readonly string[], env: Record<string, string> = {}, stdin = ''): Promise<CliResult> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdin!.end(stdin);
  const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
  return { code, stdout, stderr };
}
