// Debian's prometheus-alertmanager for tests, started by scripts/services/alertmanager-start.sh on 127.0.0.1
// with one webhook receiver; skipped outside CI when it is not installed, failing in CI.
import { spawnSync } from 'node:child_process';
import { serviceSkip, startBackgroundService, stopBackgroundService, type ServiceScript } from './background-service.js';
import { freePort } from './logi-process.js';

const ALERTMANAGER: ServiceScript = {
  script: 'alertmanager-start.sh',
  missing: 'prometheus-alertmanager is not installed: apt-get install prometheus-alertmanager (Debian/Ubuntu)',
  installed: () => spawnSync('prometheus-alertmanager', ['--version'], { stdio: 'ignore' }).status === 0,
};

export const alertmanagerSkip = (): string | false => serviceSkip(ALERTMANAGER);

export interface RunningAlertmanager {
  url: string;
  stop(): Promise<void>;
}

export async function startAlertmanager(webhookUrl: string): Promise<RunningAlertmanager> {
  const port = await freePort();
  const { pid, dir } = await startBackgroundService(ALERTMANAGER, [String(port), webhookUrl]);
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => stopBackgroundService(pid, dir),
  };
}
