// `logi series 'selector'`: the streams matching a selector, one label set a line.
import { formatLabelRecord } from '@logi/protocol';
import type { ParsedArgs } from './args.js';
import { CLIENT_OPTIONS, CLIENT_USAGE, LokiClient } from './client.js';
import type { Command } from './command.js';
import type { Io } from './io.js';
import type { Labels, Success } from './loki-types.js';
import { TIME_RANGE_OPTIONS, TIME_RANGE_USAGE, timeRangeOf } from './time-range.js';

/**
 * logcli's --analyze-labels: per label name, how many values it takes and in how many streams it
 * appears, the most varied first (the labels that make a selector's cardinality).
 */
export function analyzeLabels(series: readonly Labels[]): string {
  const byName = new Map<string, { values: Set<string>; streams: number }>();
  for (const labels of series) {
    for (const [name, value] of Object.entries(labels)) {
      const seen = byName.get(name) ?? { values: new Set<string>(), streams: 0 };
      seen.values.add(value);
      seen.streams++;
      byName.set(name, seen);
    }
  }
  const rows = [...byName].sort(([a, x], [b, y]) => y.values.size - x.values.size || (a < b ? -1 : 1))
    .map(([name, seen]) => [name, String(seen.values.size), String(seen.streams)]);
  const table = [['Label Name', 'Unique Values', 'Found In Streams'], ...rows];
  const widths = [0, 1].map((column) => Math.max(...table.map((row) => row[column]!.length)));
  const lines = table.map((row) => `${row[0]!.padEnd(widths[0]!)}  ${row[1]!.padEnd(widths[1]!)}  ${row[2]}`);
  return `Total Streams:  ${series.length}\nUnique Labels:  ${byName.size}\n\n${lines.join('\n')}\n`;
}

async function run(args: ParsedArgs, io: Io): Promise<void> {
  const client = new LokiClient(args, io.env);
  const { start, end } = timeRangeOf(args);
  const params = new URLSearchParams({ 'match[]': args.positionals[0]!, start: String(start), end: String(end) });
  const series = (await client.get<Success<Labels[] | undefined>>('/loki/api/v1/series', params)).data ?? [];
  if (args.flag('analyze-labels')) {
    io.write(analyzeLabels(series));
    return;
  }
  for (const labels of series) io.write(io.palette.labels(formatLabelRecord(labels)) + '\n');
}

export const seriesCommand: Command = {
  usage: `usage: logi series [flags] 'SELECTOR'
Lists the streams matching a stream selector such as '{job="app"}'.
${CLIENT_USAGE}${TIME_RANGE_USAGE}      --analyze-labels    a table of the label names: how many values, in how many streams
`,
  options: { ...CLIENT_OPTIONS, ...TIME_RANGE_OPTIONS, 'analyze-labels': { type: 'boolean' } },
  positionals: [1, 1],
  run,
};
