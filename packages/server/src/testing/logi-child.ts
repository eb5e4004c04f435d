// A real `logi serve` child process on 127.0.0.1, for tests that kill it (SIGKILL) or restart it on the same
// data directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
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

export interface LogiChild {
  readonly child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Sends the signal (if still running) and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `logi serve -config.file=…` and resolves once `base`/ready answers 200. */
export async function startLogi(configFile: string, base: string): Promise<LogiChild> {
  const child = spawn(process.execPath, [LOGI, 'serve', `-config.file=${configFile}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise((r) => child.once('exit', r));
  const logi: LogiChild = {
    child,
    stderr: () => stderr,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/ready`)).status === 200) return logi;
    } catch { /* not listening yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      await logi.kill('SIGKILL');
      throw new Error(`logi serve did not become ready: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
