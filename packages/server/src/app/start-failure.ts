import { createServer } from 'node:net';
import { listenFailureLine } from '@logi/protocol';
import type { Config } from './config.js';

/**
 * Fails as listening would if the HTTP address is taken, before storage is opened: a second
 * `logi serve` on the same defaults must not replay or touch the running one's WAL before failing.
 */
export async function checkPortFree(config: Config): Promise<void> {
  const { httpListenPort: port, httpListenAddress: host } = config.server;
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

const FS_REASONS: Record<string, string> = {
  EACCES: 'permission denied', EPERM: 'operation not permitted', EROFS: 'read-only file system',
  ENOSPC: 'no space left on device', ENOTDIR: 'not a directory', EEXIST: 'exists and is not a directory',
};

/**
 * The one line `logi serve` prints when it cannot start for a reason of its environment (port taken,
 * data directory not writable...): what failed and which flag changes it. Undefined for anything
 * else: an unexpected failure is a bug whose stack trace is worth seeing.
 */
export function startFailureLine(e: unknown, config: Config): string | undefined {
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code !== 'string') return undefined;
  if (err.syscall === 'listen' || err.syscall === 'getaddrinfo') {
    const otherPort = '-server.http-listen-port=N picks another';
    return listenFailureLine(`listen ${config.server.httpListenAddress}:${config.server.httpListenPort}`, err, {
      inUse: `is another logi serve or Loki running? ${otherPort}`, otherPort, otherAddress: '-server.http-listen-address=ADDR picks another',
    });
  }
  if (err.code === 'ELOCKED') return err.message;
  if (err.path !== undefined) {
    const reason = FS_REASONS[err.code] ?? err.code;
    return `cannot use the data directory ${config.pathPrefix}: ${err.path}: ${reason}; -common.path-prefix=DIR (or common.path_prefix in the config file) picks another`;
  }
  return undefined;
}
