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

/** Lookups over which the cache judges whether it pays. */
const CACHE_WINDOW = 256;

export function sortPairs(pairs: LabelPair[]): LabelPair[] {
  if (pairs.length > 24) return pairs.sort(byName);
  // An insertion sort: label lists are short, and often sorted already (costs n-1 compares then).
  for (let i = 1; i < pairs.length; i++) {
    const p = pairs[i]!;
    let j = i - 1;
    while (j >= 0 && pairs[j]![0] > p[0]) {
      pairs[j + 1] = pairs[j]!;
      j--;
    }
    pairs[j + 1] = p;
  }
  return pairs;
}

/** The union of three sorted, disjoint pair lists, sorted: a linear merge. */
export function mergeSorted(a: readonly LabelPair[], b: readonly LabelPair[], c: readonly LabelPair[]): LabelPair[] {
  const out: LabelPair[] = new Array<LabelPair>(a.length + b.length + c.length);
  let i = 0;
  let j = 0;
  let k = 0;
  for (let n = 0; n < out.length; n++) {
    const x = a[i];
    const y = b[j];
    const z = c[k];
    let best = x;
    if (y !== undefined && (best === undefined || y[0] < best[0])) best = y;
    if (z !== undefined && (best === undefined || z[0] < best[0])) best = z;
    if (best === x) i++;
    else if (best === y) j++;
    else k++;
    out[n] = best!;
  }
  return out;
}

/**
 * Interns LabelsResult objects by content. One cache per compiled pipeline. Kept small on
 * purpose: with high-cardinality parsed labels a large cache only keeps short-lived results
 * alive long enough to be promoted, and the garbage collector then dominates (measured).
 */
export class LabelsResultCache {
  #map = new Map<string, LabelsResult>();
  readonly #limit: number;
  /** The label string of the stream list last seen: results of one stream mostly share its very array. */
  #streamOf: readonly LabelPair[] | undefined;
  #streamKey = '';
  /** Lookups and hits in the current window, and lookups left that skip the map. */
  #lookups = 0;
  #hits = 0;
  #bypass = 0;

  constructor(limit = 256) {
    this.#limit = limit;
  }

  /** `stream`, `sm` and `parsed` must be sorted and disjoint. */
  get(stream: readonly LabelPair[], sm: readonly LabelPair[], parsed: readonly LabelPair[]): LabelsResult {
    if (this.#bypass > 0) {
      this.#bypass--;
      return this.#build(stream, sm, parsed);
    }
    if (++this.#lookups === CACHE_WINDOW) {
      // Label sets that never repeat (a parsed request id or time) make the cache pure cost: skip it a while.
      if (this.#hits * 16 < CACHE_WINDOW) this.#bypass = CACHE_WINDOW * 8;
      this.#lookups = 0;
      this.#hits = 0;
    }
    // A cheap identity for the cache: NUL cannot occur in label names; \x01/\x02 mark categories.
    let raw = '';
    for (const p of stream) raw += p[0] + '\x00' + p[1] + '\x00';
    raw += '\x01';
    for (const p of sm) raw += p[0] + '\x00' + p[1] + '\x00';
    raw += '\x02';
    for (const p of parsed) raw += p[0] + '\x00' + p[1] + '\x00';
    const hit = this.#map.get(raw);
    if (hit !== undefined) {
      this.#hits++;
      return hit;
    }
    const res = this.#build(stream, sm, parsed);
    if (raw.length > MAX_INTERNED_KEY_CHARS) return res;
    if (this.#map.size >= this.#limit) this.#map.clear();
    this.#map.set(raw, res);
    return res;
  }

  #build(stream: readonly LabelPair[], sm: readonly LabelPair[], parsed: readonly LabelPair[]): LabelsResult {
    const all = mergeSorted(stream, sm, parsed);
    if (stream !== this.#streamOf) {
      this.#streamOf = stream;
      this.#streamKey = formatLabels(stream);
    }
    return {
      key: formatLabels(all),
      labels: all,
      stream,
      streamKey: this.#streamKey,
      structuredMetadata: sm,
      parsed,
    };
  }
}
