import { goFlagUsage } from '@logi/protocol';
import { Agent, DEFAULT_BUFFER_BYTES } from './agent.js';
import { parseBytes } from './config/bytes.js';
import { ConfigError } from './config/error.js';
import { loadConfigFile } from './config/load.js';
import { AGENT_FLAGS, parseFlags } from './flags.js';
import { log, setLogLevel, type LogLevel } from './log.js';

/**
 * `logi agent ...` until `stop` resolves (with the signal's name), then stops cleanly. Returns the exit
 * status: config errors give 1 before anything runs.
 */
export async function runAgent(args: readonly string[], stop: Promise<string>): Promise<number> {
  let agent: Agent;
  try {
    const flags = parseFlags(args);
    if (flags.has('help')) {
      process.stdout.write(`Usage of logi agent:\n${goFlagUsage(AGENT_FLAGS)}`);
      return 0;
    }
    const file = flags.get('config.file');
    if (!file) throw new ConfigError('missing -config.file=FILE (an Alloy .alloy or Promtail .yaml file); logi agent -help lists the flags');
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
    process.stderr.write(`logi agent: ${e.message}\n`);
    return 1;
  }
  try {
    await agent.start();
  } catch (e) {
    process.stderr.write(`logi agent: cannot start: ${(e as Error).message}\n`);
    await agent.stop().catch(() => {});
    return 1;
  }
  log('info', 'stopping', { signal: await stop });
  await agent.stop();
  return 0;
}
