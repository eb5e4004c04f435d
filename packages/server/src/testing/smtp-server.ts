// A real SMTP server for tests: Debian's python3-aiosmtpd run by scripts/services/smtp-start.sh on
// 127.0.0.1 (plain, STARTTLS or implicit TLS, AUTH when credentials are given); skipped outside CI when it
// is not installed, failing in CI.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stopBackgroundService } from './background-service.js';
import { freePort } from './logi-process.js';

const SCRIPT = fileURLToPath(new URL('../../../../scripts/services/smtp-start.sh', import.meta.url));
export const AIOSMTPD_MISSING = 'python3-aiosmtpd is not installed: apt-get install python3-aiosmtpd (Debian/Ubuntu)';

const installed = (): boolean => spawnSync('/usr/bin/python3', ['-c', 'import aiosmtpd'], { stdio: 'ignore' }).status === 0;

/** The skip reason outside CI when aiosmtpd is missing; in CI the test runs (and fails with the install command). */
export function smtpSkip(): string | false {
  return !process.env.CI && !installed() ? AIOSMTPD_MISSING : false;
}

/** One received message, as smtp-sink.py records it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  login: string | null;
  tls: boolean;
  subject: string;
  text: string;
  html: string;
}

export interface RunningSmtp {
  /** host:port, as a smarthost */
  smarthost: string;
  port: number;
  /** the messages received so far, in order */
  messages(): ReceivedMail[];
  stop(): Promise<void>;
}

export async function startSmtp(mode: 'plain' | 'starttls' | 'implicit', credentials?: string): Promise<RunningSmtp> {
  if (!installed()) throw new Error(AIOSMTPD_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'logi-smtp-'));
  const port = await freePort();
  const { stdout } = await promisify(execFile)(SCRIPT, [dir, String(port), mode, ...(credentials ? [credentials] : [])]);
  const pid = Number(stdout.trim());
  return {
    smarthost: `127.0.0.1:${port}`,
    port,
    messages: () => readdirSync(dir).filter((f) => /^\d+\.json$/.test(f)).sort((a, b) => parseInt(a) - parseInt(b))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ReceivedMail),
    stop: () => stopBackgroundService(pid, dir),
  };
}
