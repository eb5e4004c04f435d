// `logi volume 'selector'` and `logi volume_range 'selector'`: bytes per stream (or per label) from
// the index, at the end of the range or in --step buckets, printed like a metric query.
import type { ParsedArgs } from './args.js';
import { CLIENT_OPTIONS, CLIENT_USAGE, LokiClient } from './client.js';
import type { Command } from './command.js';
import type { Io } from './io.js';
import type { QueryData, Success } from './loki-types.js';
import { OUTPUT_OPTIONS, OUTPUT_USAGE, outputModeOf, timestampFormatterOf } from './log-output.js';
import { printMetric } from './metric-output.js';
import { limitOf } from './query-result.js';
import { TIME_RANGE_OPTIONS, TIME_RANGE_USAGE, timeRangeOf } from './time-range.js';

function volumeCommand(ranged: boolean): Command {
  const run = async (args: ParsedArgs, io: Io): Promise<void> => {
    const client = new LokiClient(args, io.env);
    const { start, end } = timeRangeOf(args);
    const params = new URLSearchParams({ query: args.positionals[0]!, start: String(start), end: String(end), limit: String(limitOf(args)) });
    const targets = args.strings('targetLabels');
    if (targets.length > 0) params.set('targetLabels', targets.join(','));
    if (args.flag('aggregateByLabels')) params.set('aggregateBy', 'labels');
    if (ranged) params.set('step', args.string('step') ?? '1h');
    const path = ranged ? '/loki/api/v1/index/volume_range' : '/loki/api/v1/index/volume';
    const data = (await client.get<Success<QueryData>>(path, params)).data;
    if (data.resultType === 'streams') return;
    printMetric(data, { mode: outputModeOf(args), palette: io.palette, timestamp: timestampFormatterOf(args), write: io.write });
  };
  const name = ranged ? 'volume_range' : 'volume';
  return {
    usage: `usage: logi ${name} [flags] 'SELECTOR'
Prints the bytes of the streams matching a selector${ranged ? ', in --step buckets' : ''}, largest first.
${CLIENT_USAGE}${TIME_RANGE_USAGE}      --limit=N           series to return (default 30)
      --targetLabels=NAME aggregate by this label (repeatable)
      --aggregateByLabels aggregate by label names only
${ranged ? '      --step=DURATION     bucket width (default 1h)\n' : ''}${OUTPUT_USAGE}`,
    options: {
      ...CLIENT_OPTIONS, ...TIME_RANGE_OPTIONS, ...OUTPUT_OPTIONS,
      limit: { type: 'string' },
      targetLabels: { type: 'string', multiple: true },
      aggregateByLabels: { type: 'boolean' },
      ...(ranged ? { step: { type: 'string' } } : {}),
    },
    positionals: [1, 1],
    run,
  };
}

export const volumeInstantCommand = volumeCommand(false);
export const volumeRangeCommand = volumeCommand(true);
