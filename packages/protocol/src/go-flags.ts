import { closestName } from './closest-name.js';

/** One command-line flag, described the way Go's flag package prints it (Loki, Promtail and Alloy use it). */
export interface FlagSpec {
  name: string;
  /** what the value is, as Go's -help names it; 'bool' flags take no separate argument */
  type: 'string' | 'int' | 'bool' | 'duration';
  /** the default as text; '' (or 'false' for a bool) is not printed, as in Go */
  default: string;
  usage: string;
}

/** A command line that does not parse; the message is Go's wording. */
export class FlagError extends Error {}

const HELP = new Set(['h', 'help']);

/**
 * Parses Go-style flags: -name=value, --name=value, -name value, and -name alone for bools.
 * Returns the values given by name; -h, -help and --help give 'help' => 'true'.
 */
export function parseGoFlags(args: readonly string[], specs: readonly FlagSpec[]): Map<string, string> {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const m = /^--?([^=-][^=]*)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new FlagError(`unexpected argument ${JSON.stringify(arg)}`);
    const name = m[1]!;
    if (HELP.has(name) && !byName.has(name)) {
      values.set('help', 'true');
      continue;
    }
    const spec = byName.get(name);
    if (!spec) {
      const near = closestName(name, byName.keys());
      throw new FlagError(`flag provided but not defined: -${name}${near ? ` (did you mean -${near}?)` : ''}`);
    }
    let value = m[2];
    if (value === undefined) value = spec.type === 'bool' ? 'true' : args[++i];
    if (value === undefined) throw new FlagError(`flag needs an argument: -${name}`);
    if (spec.type === 'bool' && value !== 'true' && value !== 'false') throw new FlagError(`invalid boolean value "${value}" for -${name}`);
    if (spec.type === 'int' && !/^-?\d+$/.test(value)) throw new FlagError(`invalid value "${value}" for flag -${name}: parse error`);
    values.set(name, value);
  }
  return values;
}

/** The flags' help as Go prints it: sorted by name, each `  -name type` then its usage and non-empty default. */
export function goFlagUsage(specs: readonly FlagSpec[]): string {
  return [...specs].sort((a, b) => a.name.localeCompare(b.name)).map((s) => {
    const type = s.type === 'bool' ? '' : ` ${s.type}`;
    const shown = s.type === 'string' ? JSON.stringify(s.default) : s.default;
    const def = s.default === '' || (s.type === 'bool' && s.default === 'false') ? '' : ` (default ${shown})`;
    return `  -${s.name}${type}\n    \t${s.usage}${def}\n`;
  }).join('');
}
