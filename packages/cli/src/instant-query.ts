// `logi instant-query 'LogQL'`: a query evaluated at one time (--now, default now), mostly for metrics.
import type { ParsedArgs } from './args.js';
import { CLIENT_OPTIONS, CLIENT_USAGE, LokiClient } from './client.js';
import type { Command } from './command.js';
import type { Io } from './io.js';
import type { QueryData, Success } from './loki-types.js';
import { OUTPUT_OPTIONS, OUTPUT_USAGE } from './log-output.js';
import { limitOf, RESULT_OPTIONS, RESULT_USAGE, resultPrinterOf } from './query-result.js';
import { nowNs, parseTimeFlag } from './time-range.js';

async function run(args: ParsedArgs, io: Io): Promise<void> {
  const client = new LokiClient(args, io.env);
  const now = args.string('now');
  const params = new URLSearchParams({
    query: args.positionals[0]!,
    limit: String(limitOf(args)),
    time: String(now === undefined ? nowNs() : parseTimeFlag('now', now)),
    direction: args.flag('forward') ? 'forward' : 'backward',
  });
  resultPrinterOf(args, io)((await client.get<Success<QueryData>>('/loki/api/v1/query', params)).data, []);
}

export const instantQueryCommand: Command = {
  usage: `usage: logi instant-query [flags] 'LogQL'
Runs a LogQL query at one instant: a table for a metric query.
${CLIENT_USAGE}      --now=TIME          when to evaluate the query, RFC3339 (default now)
${RESULT_USAGE}${OUTPUT_USAGE}`,
  options: { ...CLIENT_OPTIONS, ...RESULT_OPTIONS, ...OUTPUT_OPTIONS, now: { type: 'string' } },
  positionals: [1, 1],
  run,
};
