// Prints log streams as logcli does: the labels every stream shares go once to stderr
// ("Common labels: ...") and are left out of each line; entries of all streams are merged by time.
import { formatLabelRecord } from '@logi/protocol';
import type { Labels, Stream } from './loki-types.js';
import type { LogOutput } from './log-output.js';

export interface PrintedEntry { ns: bigint; line: string }

export interface PrintedPage { received: number; printed: number; last: PrintedEntry[] }

export interface StreamsPrinterOptions {
  output: LogOutput;
  forward: boolean;
  includeCommonLabels: boolean;
  write(text: string): void;
  /** Told the labels all streams of the answer share (`{}` when none), to print them once. */
  commonLabels(text: string): void;
}

function commonLabels(streams: readonly Stream[]): Labels {
  const [first, ...rest] = streams;
  if (!first) return {};
  return Object.fromEntries(Object.entries(first.stream).filter(([name, value]) => rest.every((s) => s.stream[name] === value)));
}

function without(labels: Labels, common: Labels): Labels {
  return Object.fromEntries(Object.entries(labels).filter(([name, value]) => common[name] !== value));
}

/**
 * Prints one answer's entries, skipping those already printed at the end of the previous page
 * (`previousLast`: paging restarts at the last timestamp seen, which Loki lets several entries share).
 * Returns how many were received and printed, and the entries at the last timestamp.
 */
export function printStreams(streams: Stream[], previousLast: readonly PrintedEntry[], o: StreamsPrinterOptions): PrintedPage {
  const common = o.includeCommonLabels ? {} : commonLabels(streams);
  o.commonLabels(formatLabelRecord(common));
  const shown = streams.map((s) => without(s.stream, common));
  const labelsWidth = Math.max(0, ...shown.map((l) => formatLabelRecord(l).length));
  const entries = streams.flatMap((s, i) => s.values.map(([ts, line]) => ({ ns: BigInt(ts), line, labels: shown[i]! })));
  entries.sort((a, b) => (a.ns === b.ns ? 0 : (a.ns < b.ns) === o.forward ? -1 : 1));
  let printed = 0;
  for (const e of entries) {
    if (previousLast.some((p) => p.ns === e.ns && p.line === e.line)) continue;
    o.write(o.output.format(e.ns, e.labels, e.line, labelsWidth));
    printed++;
  }
  const lastNs = entries[entries.length - 1]?.ns;
  return { received: entries.length, printed, last: entries.filter((e) => e.ns === lastNs).map(({ ns, line }) => ({ ns, line })) };
}
