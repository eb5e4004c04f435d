// `logi query 'LogQL'`: a range query, paged in --batch sized requests until --limit entries are
// printed (logcli's algorithm: each page restarts at the last timestamp printed), or --tail.
import { CommandError, UsageError, type ParsedArgs } from './args.js';
import { CLIENT_OPTIONS, CLIENT_USAGE, LokiClient } from './client.js';
import type { Command } from './command.js';
import type { Io } from './io.js';
import type { QueryData, Success } from './loki-types.js';
import { logOutputOf, OUTPUT_OPTIONS, OUTPUT_USAGE } from './log-output.js';
import { limitOf, RESULT_OPTIONS, RESULT_USAGE, resultPrinterOf } from './query-result.js';
import type { PrintedEntry } from './streams-printer.js';
import { tail } from './tail.js';
import { TIME_RANGE_OPTIONS, TIME_RANGE_USAGE, timeRangeOf } from './time-range.js';

async function run(args: ParsedArgs, io: Io): Promise<void> {
  const client = new LokiClient(args, io.env);
  const query = args.positionals[0]!;
  const limit = limitOf(args);
  const range = timeRangeOf(args);
  if (args.flag('tail') || args.flag('follow')) {
    const delayForSeconds = args.int('delay-for', 0);
    await tail(client, { query, start: range.start, limit, delayForSeconds }, logOutputOf(args, io.palette), io);
    return;
  }
  const unlimited = limit === 0;
  const batch = unlimited ? args.int('batch', 1000) : Math.min(limit, args.int('batch', 1000));
  if (batch <= 0) throw new UsageError('--batch must be positive');
  const forward = args.flag('forward');
  const print = resultPrinterOf(args, io);
  let { start, end } = range;
  let total = 0;
  let last: PrintedEntry[] = [];
  while (unlimited || total < limit) {
    // A page repeats the entries at the previous page's last timestamp; they are asked for again and skipped.
    const size = !unlimited && limit - total < batch ? limit - total + last.length : batch;
    const params = new URLSearchParams({ query, limit: String(size), start: String(start), end: String(end), direction: forward ? 'forward' : 'backward' });
    for (const name of ['step', 'interval']) {
      const value = args.string(name);
      if (value !== undefined) params.set(name, value);
    }
    const page = print((await client.get<Success<QueryData>>('/loki/api/v1/query_range', params)).data, last);
    await io.drained();
    // A short page is the last one: the server had no more.
    if (!page || page.received < size || page.printed === 0 || page.printed === limit) break;
    if (page.last.length >= batch) {
      throw new CommandError(`--batch ${batch} is too small: ${page.last.length} entries share the timestamp a page ends at; use at least ${page.last.length + 1}`);
    }
    total += page.printed;
    last = page.last;
    if (forward) start = last[0]!.ns;
    else end = last[0]!.ns + 1n;
  }
}

export const queryCommand: Command = {
  usage: `usage: logi query [flags] 'LogQL'
Runs a LogQL query over a time range: log lines, or a table for a metric query.
${CLIENT_USAGE}${TIME_RANGE_USAGE}${RESULT_USAGE}      --batch=N           entries per request while paging up to --limit (default 1000)
      --step=DURATION     resolution of a metric query
      --interval=DURATION return log entries at this interval only
  -t, --tail              follow new entries over the tail websocket (also -f, --follow)
      --delay-for=SECONDS delay tailing to reorder entries (default 0, at most 5)
${OUTPUT_USAGE}`,
  options: {
    ...CLIENT_OPTIONS, ...TIME_RANGE_OPTIONS, ...RESULT_OPTIONS, ...OUTPUT_OPTIONS,
    batch: { type: 'string' },
    step: { type: 'string' },
    interval: { type: 'string' },
    tail: { type: 'boolean', short: 't' },
    follow: { type: 'boolean', short: 'f' },
    'delay-for': { type: 'string' },
  },
  positionals: [1, 1],
  run,
};
