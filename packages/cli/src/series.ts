// `logi series 'selector'`: the streams matching a selector, one label set a line.
import { formatLabelRecord } from '@logi/protocol';
import type { ParsedArgs } from './args.js';
import { CLIENT_OPTIONS, CLIENT_USAGE, LokiClient } from './client.js';
import type { Command } from './command.js';
import type { Io } from './io.js';
import type { Labels, Success } from './loki-types.js';
import { TIME_RANGE_OPTIONS, TIME_RANGE_USAGE, timeRangeOf } from './time-range.js';

async function run(args: ParsedArgs, io: Io): Promise<void> {
  const client = new LokiClient(args, io.env);
  const { start, end } = timeRangeOf(args);
  const params = new URLSearchParams({ 'match[]': args.positionals[0]!, start: String(start), end: String(end) });
  for (const labels of (await client.get<Success<Labels[] | undefined>>('/loki/api/v1/series', params)).data ?? []) {
    io.write(io.palette.labels(formatLabelRecord(labels)) + '\n');
  }
}

export const seriesCommand: Command = {
  usage: `usage: logi series [flags] 'SELECTOR'
Lists the streams matching a stream selector such as '{job="app"}'.
${CLIENT_USAGE}${TIME_RANGE_USAGE}`,
  options: { ...CLIENT_OPTIONS, ...TIME_RANGE_OPTIONS },
  positionals: [1, 1],
  run,
};
