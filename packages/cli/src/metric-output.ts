// Prints a metric answer (vector, matrix, scalar): by default a table with one row per sample,
// `jsonl` one JSON object per sample, `raw` the result JSON as Loki sent it (what logcli prints).
import { formatLabelRecord } from '@logi/protocol';
import type { Palette } from './colors.js';
import type { Labels, QueryData } from './loki-types.js';
import type { OutputMode } from './log-output.js';

interface Sample { labels: Labels; seconds: number; value: string }

function samplesOf(data: Exclude<QueryData, { resultType: 'streams' }>): Sample[] {
  switch (data.resultType) {
    case 'scalar':
      return [{ labels: {}, seconds: data.result[0], value: data.result[1] }];
    case 'vector':
      return data.result.map((s) => ({ labels: s.metric, seconds: s.value[0], value: s.value[1] }));
    case 'matrix':
      return data.result.flatMap((s) => s.values.map(([seconds, value]) => ({ labels: s.metric, seconds, value })));
  }
}

export interface MetricPrinterOptions {
  mode: OutputMode;
  palette: Palette;
  timestamp(ns: bigint): string;
  write(text: string): void;
}

export function printMetric(data: Exclude<QueryData, { resultType: 'streams' }>, o: MetricPrinterOptions): void {
  if (o.mode === 'raw') {
    o.write(JSON.stringify(data.result, null, 2) + '\n');
    return;
  }
  const rows = samplesOf(data).map((s) => ({
    time: o.timestamp(BigInt(Math.round(s.seconds * 1000)) * 1_000_000n),
    value: s.value,
    labels: s.labels,
  }));
  if (o.mode === 'jsonl') {
    for (const r of rows) o.write(JSON.stringify({ labels: r.labels, timestamp: r.time, value: r.value }) + '\n');
    return;
  }
  const timeWidth = Math.max('TIMESTAMP'.length, ...rows.map((r) => r.time.length));
  const valueWidth = Math.max('VALUE'.length, ...rows.map((r) => r.value.length));
  o.write(`${'TIMESTAMP'.padEnd(timeWidth)}  ${'VALUE'.padEnd(valueWidth)}  LABELS\n`);
  for (const r of rows) {
    o.write(`${o.palette.accent(r.time.padEnd(timeWidth))}  ${r.value.padEnd(valueWidth)}  ${o.palette.labels(formatLabelRecord(r.labels))}\n`);
  }
}
