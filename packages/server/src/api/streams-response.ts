import { formatRFC3339Nano, labelsJSON } from '@logi/protocol';
import { entryLabelsJSON } from '../querier/entry-json.js';
import type { LogEntryOut } from '../querier/log-result.js';

interface Group {
  /** the stream's labels as JSON */
  labels: string;
  values: string[];
}

const compareKeys = (a: [string, Group], b: [string, Group]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * Groups entries into Loki's `streams` result, as JSON text (written directly: a thousand streams of a dozen
 * labels each made as objects and then stringified cost the main thread more than the rest of a limited query).
 * Without categorize-labels a stream is the full label set (indexed ∪ metadata ∪ parsed) and entries are
 * [ts, line]; with it, streams are the indexed labels and every entry carries a third element
 * {structuredMetadata?, parsed?} — always present, as Grafana requires. Streams are sorted by label string;
 * entries keep the query direction.
 */
export function streamsResultJSON(entries: readonly LogEntryOut[], categorize: boolean): string {
  const groups = new Map<string, Group>();
  for (const e of entries) {
    const key = categorize ? e.streamKey : e.fullKey;
    let g = groups.get(key);
    if (!g) {
      const labels = categorize ? labelsJSON(e.stream) : e.labelsJSON ?? entryLabelsJSON('all', e);
      groups.set(key, (g = { labels, values: [] }));
    }
    const entry = `["${e.ts}",${JSON.stringify(e.line)}`;
    g.values.push(categorize ? `${entry},${e.labelsJSON ?? entryLabelsJSON('categorized', e)}]` : `${entry}]`);
  }
  const streams = [...groups.entries()].sort(compareKeys).map(([, g]) => `{"stream":${g.labels},"values":[${g.values.join(',')}]}`);
  return `[${streams.join(',')}]`;
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
