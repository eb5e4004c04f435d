import { FlagError, parseGoFlags, type FlagSpec } from '@logi/protocol';
import { ConfigError } from './config/error.js';

/** The flags of `logi agent`, Go-style as Alloy's and Promtail's (-help prints them). */
export const AGENT_FLAGS: readonly FlagSpec[] = [
  { name: 'config.file', type: 'string', default: '', usage: 'Alloy config (.alloy, any other name) or Promtail YAML (.yaml, .yml) to load. Required.' },
  { name: 'server.http.listen-addr', type: 'string', default: '127.0.0.1:12345', usage: 'Address for /metrics and /ready; a Promtail server block sets it too. Each agent on a host needs its own.' },
  { name: 'storage.path', type: 'string', default: './data-agent', usage: 'State directory: positions.json unless the config names a positions file. Each agent on a host needs its own.' },
  { name: 'client.url', type: 'string', default: '', usage: 'Promtail configs: push here instead of the clients section.' },
  { name: 'log.level', type: 'string', default: 'info', usage: 'debug, info, warn or error (a Promtail server.log_level counts when the flag is not given).' },
  { name: 'read.buffer-size', type: 'string', default: '8MiB', usage: 'Bytes read ahead of acknowledgements before reading pauses.' },
];

/** Parses -name=value, --name=value and -name value; -h, -help and --help give 'help'. */
export function parseFlags(args: readonly string[]): Map<string, string> {
  try {
    return parseGoFlags(args, AGENT_FLAGS);
  } catch (e) {
    if (e instanceof FlagError) throw new ConfigError(`${e.message}; logi agent -help lists the flags`);
    throw e;
  }
}
