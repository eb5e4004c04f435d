// The time window of a command: logcli's --since (default 1h before now), or --from/--to as RFC3339.
import { parseDuration } from '@logi/logql';
import { parseRFC3339Nano } from '@logi/protocol';
import { UsageError, type OptionTypes, type ParsedArgs } from './args.js';

export const TIME_RANGE_OPTIONS: OptionTypes = {
  since: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
};

export const TIME_RANGE_USAGE = `      --since=DURATION    lookback window (default 1h)
      --from=TIME         start, RFC3339 (inclusive)
      --to=TIME           end, RFC3339 (exclusive; default now)
`;

export interface TimeRange { start: bigint; end: bigint }

export const nowNs = (): bigint => BigInt(Date.now()) * 1_000_000n;

export function timeRangeOf(args: ParsedArgs, now = nowNs()): TimeRange {
  const since = args.string('since') ?? '1h';
  let sinceNs: number;
  try {
    sinceNs = parseDuration(since);
  } catch (e) {
    throw new UsageError(`--since: ${(e as Error).message}`);
  }
  const from = args.string('from');
  const to = args.string('to');
  const end = to === undefined ? now : parseTimeFlag('to', to);
  return { start: from === undefined ? now - BigInt(sinceNs) : parseTimeFlag('from', from), end };
}

export function parseTimeFlag(name: string, text: string): bigint {
  const ns = parseRFC3339Nano(text);
  if (ns === undefined) throw new UsageError(`--${name}: ${JSON.stringify(text)} is not an RFC3339 time like 2006-01-02T15:04:05Z`);
  return ns;
}
