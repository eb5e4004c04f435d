// The label set of one processed entry, split by category, interned so that entries with
// the same labels share one object (the querier groups entries by `key`).
import { formatLabels, type LabelPair } from '@logi/protocol';

export const ERROR_LABEL = '__error__';
export const ERROR_DETAILS_LABEL = '__error_details__';
export const PRESERVE_ERROR_LABEL = '__preserve_error__';

export interface LabelsResult {
  /** Loki's label string of every label (`{a="1", b="2"}`): equal keys ⇔ same result stream (no categorize-labels). */
  readonly key: string;
  /** Every label (stream ∪ structured metadata ∪ parsed ∪ error labels), sorted by name. */
  readonly labels: readonly LabelPair[];
  /** Indexed (stream) labels still present after the pipeline, sorted. With categorize-labels this is `stream`. */
  readonly stream: readonly LabelPair[];
  /** Label string of `stream`: the result-stream key with categorize-labels. */
  readonly streamKey: string;
  /** Structured metadata labels, sorted (categorize-labels `structuredMetadata`). */
  readonly structuredMetadata: readonly LabelPair[];
  /** Parsed labels plus `__error__`/`__error_details__`, sorted (categorize-labels `parsed`). */
  readonly parsed: readonly LabelPair[];
}

const byName = (a: LabelPair, b: LabelPair): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * Label sets longer than this are not interned: a template can write labels of up to 256 KiB per line,
 * such sets rarely repeat, and a cache of them would hold hundreds of megabytes per query.
 */
export const MAX_INTERNED_KEY_CHARS = 4096;

export function sortPairs(pairs: LabelPair[]): LabelPair[] {
  return pairs.length > 1 ? pairs.sort(byName) : pairs;
}

/**
 * Interns LabelsResult objects by content. One cache per compiled pipeline. Kept small on
 * purpose: with high-cardinality parsed labels a large cache only keeps short-lived results
 * alive long enough to be promoted, and the garbage collector then dominates (measured).
 */
export class LabelsResultCache {
  #map = new Map<string, LabelsResult>();
  readonly #limit: number;

  constructor(limit = 256) {
    this.#limit = limit;
  }

  /** `stream`, `sm` and `parsed` must be sorted and disjoint. */
  get(stream: readonly LabelPair[], sm: readonly LabelPair[], parsed: readonly LabelPair[]): LabelsResult {
    // A cheap identity for the cache: NUL cannot occur in label names; \x01/\x02 mark categories.
    let raw = '';
    for (const p of stream) raw += p[0] + '\x00' + p[1] + '\x00';
    raw += '\x01';
    for (const p of sm) raw += p[0] + '\x00' + p[1] + '\x00';
    raw += '\x02';
    for (const p of parsed) raw += p[0] + '\x00' + p[1] + '\x00';
    const hit = this.#map.get(raw);
    if (hit !== undefined) return hit;
    const all = sortPairs([...stream, ...sm, ...parsed]);
    const res: LabelsResult = {
      key: formatLabels(all),
      labels: all,
      stream,
      streamKey: formatLabels(stream),
      structuredMetadata: sm,
      parsed,
    };
    if (raw.length > MAX_INTERNED_KEY_CHARS) return res;
    if (this.#map.size >= this.#limit) this.#map.clear();
    this.#map.set(raw, res);
    return res;
  }
}
