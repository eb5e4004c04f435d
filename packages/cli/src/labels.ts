// `logi labels`: the label names seen in the time range; `logi labels NAME`: that label's values.
import type { ParsedArgs } from './args.js';
import { CLIENT_OPTIONS, CLIENT_USAGE, LokiClient } from './client.js';
import type { Command } from './command.js';
import type { Io } from './io.js';
import type { Success } from './loki-types.js';
import { TIME_RANGE_OPTIONS, TIME_RANGE_USAGE, timeRangeOf } from './time-range.js';

async function run(args: ParsedArgs, io: Io): Promise<void> {
  const client = new LokiClient(args, io.env);
  const { start, end } = timeRangeOf(args);
  const params = new URLSearchParams({ start: String(start), end: String(end) });
  const name = args.positionals[0];
  const path = name === undefined ? '/loki/api/v1/labels' : `/loki/api/v1/label/${encodeURIComponent(name)}/values`;
  for (const value of (await client.get<Success<string[] | undefined>>(path, params)).data ?? []) io.write(value + '\n');
}

export const labelsCommand: Command = {
  usage: `usage: logi labels [flags] [LABEL]
Lists the label names, or the values of LABEL, one a line.
${CLIENT_USAGE}${TIME_RANGE_USAGE}`,
  options: { ...CLIENT_OPTIONS, ...TIME_RANGE_OPTIONS },
  positionals: [0, 1],
  run,
};
