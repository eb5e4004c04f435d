// Command-line parsing shared by every command: logcli's flag names (`--since 1h` or `--since=1h`),
// and the errors a wrong command line gets (exit 2, like kingpin's usage errors).
import { parseArgs } from 'node:util';

/** A wrong command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** A failure after the command line was accepted (server error, unreachable address): exit code 1. */
export class CommandError extends Error {}

export type OptionTypes = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface ParsedArgs {
  readonly positionals: string[];
  string(name: string): string | undefined;
  strings(name: string): string[];
  flag(name: string): boolean;
  /** A whole number flag, `fallback` when absent. */
  int(name: string, fallback: number): number;
}

/** Parses `args` for a command that takes `options` and between `minPositionals` and `maxPositionals` arguments. */
export function parseCommandArgs(args: readonly string[], options: OptionTypes, minPositionals: number, maxPositionals: number): ParsedArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length < minPositionals) throw new UsageError('required argument missing');
  if (positionals.length > maxPositionals) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[maxPositionals])}`);
  const string = (name: string): string | undefined => values[name] as string | undefined;
  return {
    positionals,
    string,
    strings: (name) => (values[name] as string[] | undefined) ?? [],
    flag: (name) => values[name] === true,
    int: (name, fallback) => {
      const text = string(name);
      if (text === undefined) return fallback;
      if (!/^-?\d+$/.test(text)) throw new UsageError(`--${name}: expected a whole number, got ${JSON.stringify(text)}`);
      return Number(text);
    },
  };
}
