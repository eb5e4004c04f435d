// Which labels the parsers need to extract (Loki's ParserHint). Log queries extract
// everything; metric queries that group `by (...)` extract only the labels some later stage
// or the grouping reads, and `by ()` with nothing else needed skips parsers altogether —
// which is why `sum(count_over_time({a="b"} | json [1m]))` never reports JSON errors.
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
  readonly #extracted = new Set<string>();

  constructor(config: ParserHintsConfig) {
    this.config = config;
  }

  get preserveError(): boolean {
    return this.config.preserveError;
  }

  shouldExtract(name: string): boolean {
    const r = this.config.required;
    return r === undefined || r.includes(name);
  }

  /** Whether any required label starts with `prefix` (lets the JSON parser skip whole sub-objects). */
  shouldExtractPrefix(prefix: string): boolean {
    const r = this.config.required;
    if (r === undefined) return true;
    for (const l of r) if (l.startsWith(prefix)) return true;
    return false;
  }

  recordExtracted(name: string): void {
    if (this.config.required !== undefined) this.#extracted.add(name);
  }

  allRequiredExtracted(): boolean {
    const r = this.config.required;
    if (r === undefined || r.length === 0 || this.#extracted.size < r.length) return false;
    for (const l of r) if (!this.#extracted.has(l)) return false;
    return true;
  }

  /** Parsers do nothing when true. */
  skipParsing(): boolean {
    return this.config.noLabels || this.allRequiredExtracted();
  }

  reset(): void {
    if (this.#extracted.size > 0) this.#extracted.clear();
  }
}

export { PRESERVE_ERROR_LABEL };
