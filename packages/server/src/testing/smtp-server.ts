// A real SMTP server for tests: Debian's python3-aiosmtpd run by scripts/services/smtp-start.sh on
// 127.0.0.1 (plain, STARTTLS or implicit TLS, AUTH when credentials are given); skipped outside CI when it
// is not installed, failing in CI.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serviceSkip, startBackgroundService, stopBackgroundService, type ServiceScript } from './background-service.js';
import { freePort } from './logi-process.js';

const SMTP: ServiceScript = {
  script: 'smtp-start.sh',
  missing: 'python3-aiosmtpd is not installed: apt-get install python3-aiosmtpd (Debian/Ubuntu)',
  installed: () => spawnSync('/usr/bin/python3', ['-c', 'import aiosmtpd'], { stdio: 'ignore' }).status === 0,
};

export const smtpSkip = (): string | false => serviceSkip(SMTP);

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
  const port = await freePort();
  const { pid, dir } = await startBackgroundService(SMTP, [String(port), mode, ...(credentials ? [credentials] : [])]);
  return {
    smarthost: `127.0.0.1:${port}`,
    port,
    messages: () => readdirSync(dir).filter((f) => /^\d+\.json$/.test(f)).sort((a, b) => parseInt(a) - parseInt(b))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ReceivedMail),
    stop: () => stopBackgroundService(pid, dir),
  };
}
