// A real `logi serve` child process on 127.0.0.1, for tests that kill, signal or restart it.
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

export interface LogiProcess {
  child: ChildProcess;
  base: string;
  /** exit code, or the signal that ended it */
  exited: Promise<number | NodeJS.Signals | null>;
  /** everything written to stdout so far */
  stdout(): string;
}

/**
 * Starts `logi serve` on `dir` and resolves once /ready answers. `yaml`, when given, is written to dir/logi.yaml
 * and passed as -config.file (port and path prefix still come from flags).
 */
export async function startLogi(dir: string, port: number, yaml?: string): Promise<LogiProcess> {
  const args = [LOGI, 'serve', `-server.http-listen-port=${port}`, `-common.path-prefix=${dir}`];
  if (yaml !== undefined) {
    writeFileSync(join(dir, 'logi.yaml'), yaml);
    args.push(`-config.file=${join(dir, 'logi.yaml')}`);
  }
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | NodeJS.Signals | null>((r) => child.once('exit', (code, signal) => r(code ?? signal)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/ready`)).status === 200) return { child, base, exited, stdout: () => out };
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('logi serve did not become ready');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
