import { Agent, DEFAULT_BUFFER_BYTES } from './agent.js';
import { parseBytes } from './config/bytes.js';
import { ConfigError } from './config/error.js';
import { loadConfigFile } from './config/load.js';
import { log, setLogLevel, type LogLevel } from './log.js';

const USAGE = `usage: logi agent -config.file=FILE [flags]

  -config.file=FILE                  Alloy config (.alloy, any other name) or Promtail YAML (.yaml, .yml)
  -server.http.listen-addr=HOST:PORT /metrics and /ready (default 127.0.0.1:12345; a Promtail server block sets it too)
  -storage.path=DIR                  state directory: positions.json unless the config names a positions file (default ./data-agent)
  -client.url=URL                    Promtail configs: push here instead of the clients section
  -log.level=LEVEL                   debug, info, warn or error (default info, or the config's)
  -read.buffer-size=SIZE             bytes read ahead of acknowledgements before reading pauses (default 8MiB)
`;

const KNOWN = ['config.file', 'server.http.listen-addr', 'storage.path', 'client.url', 'log.level', 'read.buffer-size'];

/** Parses -name=value, --name=value and -name value. */
export function parseFlags(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-h' || a === '--help' || a === '-help') {
      out.set('help', 'true');
      continue;
    }
    const m = /^--?([a-zA-Z0-9_.-]+)(?:=(.*))?$/s.exec(a);
    if (!m) throw new ConfigError(`unexpected argument ${JSON.stringify(a)}`);
    const name = m[1]!;
    if (!KNOWN.includes(name)) throw new ConfigError(`unknown flag -${name}`);
    const value = m[2] ?? args[++i];
    if (value === undefined) throw new ConfigError(`flag -${name} needs a value`);
    out.set(name, value);
  }
  return out;
}

/** `logi agent ...`: runs until SIGINT/SIGTERM, then stops cleanly. Config errors exit with status 1 before anything runs. */
export async function main(args: string[]): Promise<void> {
  let agent: Agent;
  try {
    const flags = parseFlags(args);
    if (flags.has('help')) {
      process.stdout.write(USAGE);
      return;
    }
    const file = flags.get('config.file');
    if (!file) throw new ConfigError('missing -config.file=FILE');
    const cfg = await loadConfigFile(file, { clientUrl: flags.get('client.url') });
    const level = (flags.get('log.level') ?? cfg.logLevel ?? 'info') as LogLevel;
    if (!['debug', 'info', 'warn', 'error'].includes(level)) throw new ConfigError(`-log.level must be debug, info, warn or error`);
    setLogLevel(level);
    const bufferFlag = flags.get('read.buffer-size');
    const bufferBytes = bufferFlag === undefined ? DEFAULT_BUFFER_BYTES : parseBytes(bufferFlag);
    if (!bufferBytes) throw new ConfigError(`-read.buffer-size must be a size such as 8MiB`);
    agent = new Agent(cfg, {
      storagePath: flags.get('storage.path') ?? './data-agent',
      listenAddr: flags.get('server.http.listen-addr') ?? cfg.listenAddr ?? '127.0.0.1:12345',
      bufferBytes,
    });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`logi agent: ${e.message}\n${e.message.startsWith('missing -config') || e.message.includes('flag') ? USAGE : ''}`);
    process.exitCode = 1;
    return;
  }
  try {
    await agent.start();
  } catch (e) {
    process.stderr.write(`logi agent: cannot start: ${(e as Error).message}\n`);
    process.exitCode = 1;
    await agent.stop().catch(() => {});
    return;
  }
  await new Promise<void>((resolve) => {
    const onSignal = (sig: string): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      log('info', 'stopping', { signal: sig });
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await agent.stop();
}
