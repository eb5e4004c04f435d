// Debian's prometheus-alertmanager for tests, started by scripts/services/alertmanager-start.sh on 127.0.0.1
// with one webhook receiver; skipped outside CI when it is not installed, failing in CI.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stopBackgroundService } from './background-service.js';
import { freePort } from './logi-process.js';

const SCRIPT = fileURLToPath(new URL('../../../../scripts/services/alertmanager-start.sh', import.meta.url));
export const ALERTMANAGER_MISSING = 'prometheus-alertmanager is not installed: apt-get install prometheus-alertmanager (Debian/Ubuntu)';

const installed = (): boolean => spawnSync('prometheus-alertmanager', ['--version'], { stdio: 'ignore' }).status === 0;

/** The skip reason outside CI when Alertmanager is missing; in CI the test runs (and fails with the install command). */
export function alertmanagerSkip(): string | false {
  return !process.env.CI && !installed() ? ALERTMANAGER_MISSING : false;
}

export interface RunningAlertmanager {
  url: string;
  stop(): Promise<void>;
}

export async function startAlertmanager(webhookUrl: string): Promise<RunningAlertmanager> {
  if (!installed()) throw new Error(ALERTMANAGER_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'logi-alertmanager-'));
  const port = await freePort();
  const { stdout } = await promisify(execFile)(SCRIPT, [dir, String(port), webhookUrl]);
  const pid = Number(stdout.trim());
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => stopBackgroundService(pid, dir),
  };
}
