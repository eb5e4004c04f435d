import { ConfigError } from './config/error.js';

export const USAGE = `usage: logi agent -config.file=FILE [flags]

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
