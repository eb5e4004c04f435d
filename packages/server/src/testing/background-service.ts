// Test services that a scripts/services/*-start.sh starts in the background: skipped outside CI when not
// installed, started in a scratch directory, and stopped.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export interface ServiceScript {
  /** the start script's file name in scripts/services */
  script: string;
  /** what to say when it is not installed (with the install command) */
  missing: string;
  installed(): boolean;
}

/** The skip reason outside CI when the service is missing; in CI the test runs (and fails with the install command). */
export function serviceSkip(s: ServiceScript): string | false {
  return !process.env.CI && !s.installed() ? s.missing : false;
}

/** Runs the start script as `script DIR ...args` in a fresh scratch directory; resolves with the pid it printed. */
export async function startBackgroundService(s: ServiceScript, args: readonly string[]): Promise<{ pid: number; dir: string }> {
  if (!s.installed()) throw new Error(s.missing);
  const dir = mkdtempSync(join(tmpdir(), `logi-${s.script.replace(/-start\.sh$/, '')}-`));
  const script = fileURLToPath(new URL(`../../../../scripts/services/${s.script}`, import.meta.url));
  const { stdout } = await promisify(execFile)(script, [dir, ...args]);
  return { pid: Number(stdout.trim()), dir };
}

/** Signals the process, waits (up to 5 s) until it is gone, then removes its scratch directory. */
export async function stopBackgroundService(pid: number, dir: string): Promise<void> {
  try {
    process.kill(pid);
    for (let i = 0; i < 100; i++) {
      process.kill(pid, 0);
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch {
    // gone
  }
  rmSync(dir, { recursive: true, force: true });
}
