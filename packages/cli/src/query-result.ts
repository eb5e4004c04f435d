// Prints the answer of a query (log streams or a metric) with the output flags of query and instant-query.
import { UsageError, type OptionTypes, type ParsedArgs } from './args.js';
import type { Io } from './io.js';
import type { QueryData } from './loki-types.js';
import { logOutputOf, timestampFormatterOf } from './log-output.js';
import { printMetric } from './metric-output.js';
import { printStreams, type PrintedEntry, type PrintedPage } from './streams-printer.js';

export const RESULT_OPTIONS: OptionTypes = {
  limit: { type: 'string' },
  forward: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'include-common-labels': { type: 'boolean' },
};

export const RESULT_USAGE = `      --limit=N           entries to print, 0 for all (default 30)
      --forward           oldest entries first (default newest first)
  -q, --quiet             no "Common labels" note on stderr
      --include-common-labels  print the labels all streams share on every line
`;

export function limitOf(args: ParsedArgs): number {
  const limit = args.int('limit', 30);
  if (limit < 0) throw new UsageError('--limit must not be negative');
  return limit;
}

export type ResultPrinter = (data: QueryData, previousLast: readonly PrintedEntry[]) => PrintedPage | undefined;

/** A printer for query answers; it returns undefined for a metric answer (nothing to page through). */
export function resultPrinterOf(args: ParsedArgs, io: Io): ResultPrinter {
  const output = logOutputOf(args, io.palette);
  const timestamp = timestampFormatterOf(args);
  const quiet = args.flag('quiet');
  let noted = '{}';
  // Pages of one query mostly share their common labels: noted on stderr when they change.
  const commonLabels = (text: string): void => {
    if (!quiet && text !== noted) io.warn(`Common labels: ${io.palette.header(text)}\n`);
    noted = text;
  };
  const streamOptions = {
    output, forward: args.flag('forward'), includeCommonLabels: args.flag('include-common-labels'), write: io.write, commonLabels,
  };
  return (data, previousLast) => {
    if (data.resultType === 'streams') return printStreams(data.result, previousLast, streamOptions);
    printMetric(data, { mode: output.mode, palette: io.palette, timestamp, write: io.write });
    return undefined;
  };
}
