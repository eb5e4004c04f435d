// `logi stats 'selector'`: how much data a query would read (index stats), printed as logcli does.
import type { ParsedArgs } from './args.js';
import { CLIENT_OPTIONS, CLIENT_USAGE, LokiClient } from './client.js';
import type { Command } from './command.js';
import type { Io } from './io.js';
import { TIME_RANGE_OPTIONS, TIME_RANGE_USAGE, timeRangeOf } from './time-range.js';

interface IndexStats { streams: number; chunks: number; bytes: number; entries: number }

/** Bytes in SI units without a space (`82B`, `1.2kB`, `35MB`), as logcli prints them (go-humanize). */
export function humanBytes(bytes: number): string {
  if (bytes < 10) return `${bytes}B`;
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const exponent = Math.min(Math.floor(Math.log(bytes) / Math.log(1000)), units.length - 1);
  const value = Math.floor((bytes / 1000 ** exponent) * 10 + 0.5) / 10;
  return `${value < 10 ? value.toFixed(1) : value.toFixed(0)}${units[exponent]}`;
}

async function run(args: ParsedArgs, io: Io): Promise<void> {
  const client = new LokiClient(args, io.env);
  const { start, end } = timeRangeOf(args);
  const params = new URLSearchParams({ query: args.positionals[0]!, start: String(start), end: String(end) });
  const stats = await client.get<IndexStats>('/loki/api/v1/index/stats', params);
  const key = io.palette.accent;
  io.write(`{\n  ${key('bytes')}: ${humanBytes(stats.bytes)}\n  ${key('chunks')}: ${stats.chunks}\n  ${key('streams')}: ${stats.streams}\n  ${key('entries')}: ${stats.entries}\n}\n`);
}

export const statsCommand: Command = {
  usage: `usage: logi stats [flags] 'SELECTOR'
Prints how many bytes, chunks, streams and entries a stream selector covers.
${CLIENT_USAGE}${TIME_RANGE_USAGE}`,
  options: { ...CLIENT_OPTIONS, ...TIME_RANGE_OPTIONS },
  positionals: [1, 1],
  run,
};
