// The structlog scenarios need Debian's python3-structlog under /usr/bin/python3, which Node cannot install.
import { spawnSync } from 'node:child_process';

/** The interpreter the seed's set-up runs on (Debian's python3-structlog installs there). */
export const PYTHON = '/usr/bin/python3';

export const STRUCTLOG_MISSING =
  'python3-structlog is not installed: apt-get install python3-structlog (Debian/Ubuntu) or pip install structlog';

/** Whether `python` exists and imports structlog. */
export function hasStructlog(python: string): boolean {
  return spawnSync(python, ['-c', 'import structlog'], { stdio: 'ignore' }).status === 0;
}

/**
 * The skip reason for the structlog tests, or false when they run: outside CI a machine without structlog skips
 * them with the install command; in CI they always run (and `requireStructlog` fails them with it).
 */
export function structlogSkip(python: string, ci: boolean): string | false {
  return !ci && !hasStructlog(python) ? STRUCTLOG_MISSING : false;
}

/** Fails with the install command rather than a Python traceback when structlog is missing. */
export function requireStructlog(python: string): void {
  if (!hasStructlog(python)) throw new Error(STRUCTLOG_MISSING);
}
