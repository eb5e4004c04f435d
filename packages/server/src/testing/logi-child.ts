// A real `logi serve` child process for tests that need their own process (event loop, signals): a fresh
// data directory, a config file with the given YAML sections appended, 127.0.0.1 and a free port.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LOGI = fileURLToPath(new URL('../../../../bin/logi.js', import.meta.url));

export interface LogiChild {
  base: string;
  /** SIGKILL, then removes the data directory. */
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `yaml`: extra top-level config (e.g. a `frontend:` block); `limits`: lines under limits_config. */
export async function startLogiChild(limits: string[] = [], yaml = ''): Promise<LogiChild> {
  const dir = mkdtempSync(join(tmpdir(), 'logi-child-'));
  const port = await freePort();
  const config = join(dir, 'logi.yaml');
  writeFileSync(config, [
    'auth_enabled: false',
    `server:\n  http_listen_port: ${port}\n  http_listen_address: 127.0.0.1`,
    `common:\n  path_prefix: ${dir}`,
    `limits_config:\n  reject_old_samples: false\n${limits.map((l) => `  ${l}\n`).join('')}`,
    yaml,
  ].join('\n'));
  const child = spawn(process.execPath, [LOGI, 'serve', `-config.file=${config}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-8000); });
  const exited = new Promise((r) => child.once('exit', r));
  const base = `http://127.0.0.1:${port}`;
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/ready`)).status === 200) return { base, close };
    } catch { /* not listening yet */ }
    if (child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`logi serve did not become ready: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
