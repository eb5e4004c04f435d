// An entry's labels as Loki's streams answer writes them. The scan writes them where the entry is made (a scan
// worker), so that no label pair has to cross to the main thread to be merged and quoted there.
import { mergeSorted } from '@logi/logql';
import { labelsJSON, type LabelPair } from '@logi/protocol';

/**
 * Which JSON: `all`, every label of the entry, the answer's stream without categorize-labels; `categorized`, the
 * third element of the entry's value with categorize-labels (its structured metadata and parsed labels, each when
 * it has some; the stream is then the indexed labels, the same for all entries of a stream).
 */
export type LabelsJSONMode = 'all' | 'categorized';

/**
 * `stream`, `sm` and `parsed` are sorted and disjoint (LabelsResult, LogEntryOut); `all`, their union sorted, when the
 * caller has it already (LabelsResult.labels).
 */
export function entryLabelsJSON(
  mode: LabelsJSONMode,
  l: { readonly stream: readonly LabelPair[]; readonly sm: readonly LabelPair[]; readonly parsed: readonly LabelPair[]; readonly all?: readonly LabelPair[] },
): string {
  if (mode === 'all') return labelsJSON(l.all ?? mergeSorted(l.stream, l.sm, l.parsed));
  const meta: string[] = [];
  if (l.sm.length) meta.push(`"structuredMetadata":${labelsJSON(l.sm)}`);
  if (l.parsed.length) meta.push(`"parsed":${labelsJSON(l.parsed)}`);
  return `{${meta.join(',')}}`;
}
