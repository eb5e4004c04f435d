import { mergeSorted } from '@logi/logql';
import { formatRFC3339Nano, type LabelPair } from '@logi/protocol';
import type { LogEntryOut } from '../querier/log-result.js';

interface Group {
  labels: readonly LabelPair[];
  values: unknown[];
}

const compareKeys = (a: [string, Group], b: [string, Group]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * Groups entries into Loki's `streams` result. Without categorize-labels a stream is the full label set
 * (indexed ∪ metadata ∪ parsed) and entries are [ts, line]; with it, streams are the indexed labels and every
 * entry carries a third element {structuredMetadata?, parsed?} — always present, as Grafana requires.
 * Streams are sorted by label string; entries keep the query direction.
 */
export function streamsResult(entries: readonly LogEntryOut[], categorize: boolean): unknown[] {
  const groups = new Map<string, Group>();
  for (const e of entries) {
    const key = categorize ? e.streamKey : e.fullKey;
    let g = groups.get(key);
    if (!g) {
      // an entry's three label lists are sorted and disjoint (LabelsResult)
      const labels = categorize ? e.stream : mergeSorted(e.stream, e.sm, e.parsed);
      groups.set(key, (g = { labels, values: [] }));
    }
    const ts = e.ts.toString();
    if (categorize) {
      const meta: Record<string, Record<string, string>> = {};
      if (e.sm.length) meta.structuredMetadata = Object.fromEntries(e.sm);
      if (e.parsed.length) meta.parsed = Object.fromEntries(e.parsed);
      g.values.push([ts, e.line, meta]);
    } else {
      g.values.push([ts, e.line]);
    }
  }
  return [...groups.entries()].sort(compareKeys).map(([, g]) => ({ stream: Object.fromEntries(g.labels), values: g.values }));
}

/** Legacy /api/prom/query shape: `labels` as a string and entries with RFC3339Nano `ts`. */
export function legacyStreamsResult(entries: readonly LogEntryOut[]): unknown[] {
  const groups = new Map<string, { ts: string; line: string }[]>();
  for (const e of entries) {
    let g = groups.get(e.fullKey);
    if (!g) groups.set(e.fullKey, (g = []));
    g.push({ ts: formatRFC3339Nano(e.ts), line: e.line });
  }
  return [...groups.keys()].sort().map((k) => ({ labels: k, entries: groups.get(k) }));
}
