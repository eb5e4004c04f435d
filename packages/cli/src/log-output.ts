// How one log entry is printed, in logcli's three modes: `default` is `timestamp {labels} line`,
// `raw` the line alone, `jsonl` one JSON object per entry ({labels, line, timestamp}, keys sorted as Go does).
import { formatRFC3339, formatRFC3339Nano, formatLabelRecord } from '@logi/protocol';
import { UsageError, type OptionTypes, type ParsedArgs } from './args.js';
import type { Palette } from './colors.js';

export const OUTPUT_OPTIONS: OptionTypes = {
  output: { type: 'string', short: 'o' },
  timezone: { type: 'string', short: 'z' },
  'output-timestamp-format': { type: 'string' },
  'no-labels': { type: 'boolean' },
};

export const OUTPUT_USAGE = `  -o, --output=MODE       default, raw (the line only) or jsonl (default default)
  -z, --timezone=ZONE     Local or UTC, for printed timestamps (default Local)
      --output-timestamp-format=F  rfc3339 or rfc3339nano (default rfc3339)
      --no-labels         do not print labels
`;

export type OutputMode = 'default' | 'raw' | 'jsonl';

export interface LogOutput {
  readonly mode: OutputMode;
  /** The text of one entry, newline included; `labelsWidth` pads the labels of the default mode. */
  format(ns: bigint, labels: Readonly<Record<string, string>>, line: string, labelsWidth: number): string;
}

export function outputModeOf(args: ParsedArgs): OutputMode {
  const mode = args.string('output') ?? 'default';
  if (mode !== 'default' && mode !== 'raw' && mode !== 'jsonl') throw new UsageError(`unknown log output mode '${mode}'`);
  return mode;
}

/** Formats Unix nanoseconds as RFC3339(Nano) in UTC or in the local zone (`Z` when the offset is zero, as Go does). */
export function timestampFormatterOf(args: ParsedArgs): (ns: bigint) => string {
  const zone = args.string('timezone') ?? 'Local';
  if (zone !== 'Local' && zone !== 'UTC') throw new UsageError(`unable to load timezone '${zone}': use Local or UTC`);
  const layout = args.string('output-timestamp-format') ?? 'rfc3339';
  if (layout !== 'rfc3339' && layout !== 'rfc3339nano') throw new UsageError(`unknown timestamp format '${layout}': use rfc3339 or rfc3339nano`);
  const format = layout === 'rfc3339' ? formatRFC3339 : formatRFC3339Nano;
  if (zone === 'UTC') return format;
  return (ns) => {
    const offsetMinutes = -new Date(Number(ns / 1_000_000n)).getTimezoneOffset();
    if (offsetMinutes === 0) return format(ns);
    const abs = Math.abs(offsetMinutes);
    const suffix = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    return format(ns + BigInt(offsetMinutes) * 60_000_000_000n).slice(0, -1) + suffix;
  };
}

export function logOutputOf(args: ParsedArgs, palette: Palette): LogOutput {
  const mode = outputModeOf(args);
  const timestamp = timestampFormatterOf(args);
  const noLabels = args.flag('no-labels');
  switch (mode) {
    case 'raw':
      return { mode, format: (_ns, _labels, line) => (line.endsWith('\n') ? line : line + '\n') };
    case 'jsonl':
      return {
        mode,
        format: (ns, labels, line) => {
          const entry = { labels: Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))), line, timestamp: timestamp(ns) };
          return JSON.stringify(noLabels ? { line, timestamp: entry.timestamp } : entry) + '\n';
        },
      };
    case 'default':
      return {
        mode,
        format: (ns, labels, line, labelsWidth) => {
          const time = palette.accent(timestamp(ns));
          const text = palette.line(line.trim());
          if (noLabels) return `${time} ${text}\n`;
          return `${time} ${palette.labels(formatLabelRecord(labels).padEnd(labelsWidth))} ${text}\n`;
        },
      };
  }
}
