// Which labels the parsers need to extract (Loki's ParserHint). Log queries extract
// everything; metric queries that group `by (...)` extract only the labels some later stage
// or the grouping reads, and `by ()` with nothing else needed skips parsers altogether —
// which is why `sum(count_over_time({a="b"} | json [1m]))` never reports JSON errors.
import type { LabelPair } from '@logi/protocol';
import { ERROR_LABEL, PRESERVE_ERROR_LABEL } from './labels-result.js';
import { EXTRACTED_SUFFIX } from './labels-builder.js';

export interface ParserHintsConfig {
  /** Skip parsers entirely. */
  readonly noLabels: boolean;
  /** Only these labels (and the `_extracted`-less forms) are extracted; undefined = all. */
  readonly required: readonly string[] | undefined;
  /** Parsers add `__preserve_error__="true"` next to their errors (the query groups by `__error__`). */
  readonly preserveError: boolean;
}

export const EXTRACT_ALL: ParserHintsConfig = { noLabels: false, required: undefined, preserveError: false };

/**
 * Builds the hints of a metric query (Loki's NewParserHint): `stageLabels` are the labels
 * the pipeline's own stages read, `groups`/`without`/`noLabels` the series grouping, and
 * `unwrapLabel` the unwrapped label if any.
 */
export function metricHints(
  stageLabels: readonly string[],
  groups: readonly string[],
  without: boolean,
  noLabels: boolean,
  unwrapLabel: string,
): ParserHintsConfig {
  const names: string[] = [];
  const add = (l: string): void => {
    if (l === '') return;
    names.push(l);
    // A hinted `x_extracted` may be what a parser calls `x` before it notices the clash.
    if (l.endsWith(EXTRACTED_SUFFIX)) names.push(l.slice(0, -EXTRACTED_SUFFIX.length));
  };
  for (const l of stageLabels) add(l);
  for (const l of groups) add(l);
  add(unwrapLabel);
  const required = [...new Set(names)];
  if (noLabels) {
    if (required.length > 0) return { noLabels: false, required, preserveError: required.includes(ERROR_LABEL) };
    return { noLabels: true, required: undefined, preserveError: false };
  }
  // Nothing is known to be unneeded without a `by` list.
  if (without || groups.length === 0) return EXTRACT_ALL;
  return { noLabels: false, required, preserveError: required.includes(ERROR_LABEL) };
}

/** Per-builder hint state: remembers which required labels this entry already has. */
export class ParserHints {
  readonly config: ParserHintsConfig;
  /** Per required label: set for the current entry. */
  readonly #got: Uint8Array;
  #gotCount = 0;
  /** Per required label: a parser can write it on this stream (a stream label's name it cannot: it gets `_extracted`). */
  readonly #reachable: Uint8Array;
  readonly #reachableCount: number;
  #reachableGot = 0;

  constructor(config: ParserHintsConfig, streamLabels: readonly LabelPair[] = []) {
    this.config = config;
    const r = config.required ?? [];
    this.#got = new Uint8Array(r.length);
    this.#reachable = new Uint8Array(r.length);
    let n = 0;
    r.forEach((l, i) => {
      if (streamLabels.some(([name]) => name === l)) return;
      this.#reachable[i] = 1;
      n++;
    });
    this.#reachableCount = n;
  }

  get preserveError(): boolean {
    return this.config.preserveError;
  }

  shouldExtract(name: string): boolean {
    const r = this.config.required;
    return r === undefined || r.includes(name);
  }

  /**
   * False when a parsed key can be skipped before its clash check (which may rename it `key_extracted`):
   * metricHints lists the plain form of every required `_extracted` label, so `key` not required means
   * neither form is.
   */
  mayExtract(key: string): boolean {
    return this.shouldExtract(key);
  }

  /** Whether any required label starts with `prefix` (lets the JSON parser skip whole sub-objects). */
  shouldExtractPrefix(prefix: string): boolean {
    const r = this.config.required;
    if (r === undefined) return true;
    for (const l of r) if (l.startsWith(prefix)) return true;
    return false;
  }

  recordExtracted(name: string): void {
    const r = this.config.required;
    if (r === undefined) return;
    const i = r.indexOf(name);
    if (i < 0 || this.#got[i] === 1) return;
    this.#got[i] = 1;
    this.#gotCount++;
    if (this.#reachable[i] === 1) this.#reachableGot++;
  }

  /** Loki's AllRequiredExtracted: every required label is set (parsers stop there, errors after it unseen). */
  allRequiredExtracted(): boolean {
    const r = this.config.required;
    return r !== undefined && r.length > 0 && this.#gotCount === r.length;
  }

  /**
   * Every required label a parser can still write is set, so reading further changes nothing. Looser than
   * allRequiredExtracted, so only parsers that report no errors (logfmt without --strict) may stop on it.
   */
  nothingLeftToExtract(): boolean {
    return this.config.required !== undefined && this.#reachableGot === this.#reachableCount;
  }

  /** Parsers do nothing when true. */
  skipParsing(): boolean {
    return this.config.noLabels || this.allRequiredExtracted();
  }

  reset(): void {
    if (this.#gotCount === 0) return;
    this.#got.fill(0);
    this.#gotCount = 0;
    this.#reachableGot = 0;
  }
}

export { PRESERVE_ERROR_LABEL };
