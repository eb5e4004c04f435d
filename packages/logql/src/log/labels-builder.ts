// Per-entry label state while a line runs through the pipeline (Loki's LabelsBuilder):
// the stream's labels (fixed per stream), the entry's structured metadata, labels set by
// parsers and formatters, deletions, and the error pair. One builder per stream pipeline,
// reset before every line; not safe for concurrent use.
import type { LabelPair } from '@logi/protocol';
import { ERROR_DETAILS_LABEL, ERROR_LABEL, type LabelsResult, type LabelsResultCache, sortPairs } from './labels-result.js';
import type { ParserHints } from './parser-hints.js';

export const EXTRACTED_SUFFIX = '_extracted';

function indexOfName(pairs: readonly LabelPair[], name: string): number {
  for (let i = 0; i < pairs.length; i++) if (pairs[i]![0] === name) return i;
  return -1;
}

export class LabelsBuilder {
  /** Stream labels, sorted; never changes for this builder. */
  readonly stream: readonly LabelPair[];
  readonly #streamMap: ReadonlyMap<string, string>;
  readonly #cache: LabelsResultCache;
  readonly #unchanged: LabelsResult;
  readonly hints: ParserHints;

  /** Structured metadata of the current entry; may be shared with the metadata cache until this entry changes it. */
  #sm: LabelPair[] = [];
  #smOwned = true;
  /**
   * The metadata array last added to a fresh entry and what it became. Entries of a block share one array
   * per metadata set, so most entries reuse the previous one's result.
   */
  #smFrom: readonly LabelPair[] | undefined;
  #smTo: { pairs: LabelPair[]; err: string; errDetails: string } | undefined;
  /** Labels set by parsers and formatters for the current entry. */
  parsed: LabelPair[] = [];
  /** Names deleted by drop/keep/label_format renames (they hide stream labels). */
  del: string[] = [];
  err = '';
  errDetails = '';

  constructor(stream: readonly LabelPair[], cache: LabelsResultCache, hints: ParserHints) {
    this.stream = stream;
    this.#streamMap = new Map(stream);
    this.#cache = cache;
    this.hints = hints;
    this.#unchanged = cache.get(stream, [], []);
  }

  /** Structured metadata of the current entry (names never equal a stream label: clashes get `_extracted`). */
  get sm(): readonly LabelPair[] {
    return this.#sm;
  }

  /** The entry's own metadata array, copied first if it is shared. */
  #ownSm(): LabelPair[] {
    if (!this.#smOwned) {
      this.#sm = this.#sm.slice();
      this.#smOwned = true;
    }
    return this.#sm;
  }

  reset(): void {
    if (this.#sm.length > 0) {
      this.#sm = [];
      this.#smOwned = true;
    }
    if (this.parsed.length > 0) this.parsed = [];
    if (this.del.length > 0) this.del = [];
    this.err = '';
    this.errDetails = '';
    this.hints.reset();
  }

  /** Adds the entry's structured metadata; a name that is a stream label becomes `name_extracted` (as Loki's Add does). */
  addStructuredMetadata(sm: readonly LabelPair[]): void {
    const fresh = this.#sm.length === 0 && this.parsed.length === 0 && this.err === '' && this.errDetails === '';
    const cached = this.#smTo;
    if (fresh && sm === this.#smFrom && cached !== undefined) {
      this.#sm = cached.pairs;
      this.#smOwned = false;
      this.err = cached.err;
      this.errDetails = cached.errDetails;
      return;
    }
    for (const [n, v] of sm) {
      const name = this.#streamMap.has(n) ? n + EXTRACTED_SUFFIX : n;
      if (name === ERROR_LABEL) { this.err = v; continue; }
      if (name === ERROR_DETAILS_LABEL) { this.errDetails = v; continue; }
      if (indexOfName(this.parsed, name) >= 0) continue;
      const own = this.#ownSm();
      const i = indexOfName(own, name);
      if (i >= 0) own[i] = [name, v];
      else own.push([name, v]);
    }
    if (fresh) {
      this.#smFrom = sm;
      this.#smTo = { pairs: this.#sm, err: this.err, errDetails: this.errDetails };
      this.#smOwned = false;
    }
  }

  /**
   * Whether a parser writing `name` must rename it to `name_extracted`: only stream labels count (Loki's
   * BaseHas); a parsed label of a structured metadata name replaces the metadata instead.
   */
  clashes(name: string): boolean {
    return this.#streamMap.has(name);
  }

  /** Parser output name for a sanitised key: `_extracted` suffix on a clash with a stream label. */
  parserName(name: string): string {
    return this.clashes(name) ? name + EXTRACTED_SUFFIX : name;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Current value of a label (parsed > structured metadata > stream), undefined when absent. */
  get(name: string): string | undefined {
    let i = indexOfName(this.parsed, name);
    if (i >= 0) return this.parsed[i]![1];
    i = indexOfName(this.#sm, name);
    if (i >= 0) return this.#sm[i]![1];
    if (this.del.length > 0 && this.del.includes(name)) return undefined;
    return this.#streamMap.get(name);
  }

  /** True when a parsed label of this name is already set for the entry (parsers keep the first value). */
  parsedHas(name: string): boolean {
    return indexOfName(this.parsed, name) >= 0;
  }

  /** Sets a parsed label, overwriting (label_format, unwrap conversions). Shadows SM and stream labels of the same name. */
  setParsed(name: string, value: string): void {
    const s = indexOfName(this.#sm, name);
    if (s >= 0) this.#ownSm().splice(s, 1);
    const i = indexOfName(this.parsed, name);
    if (i >= 0) this.parsed[i] = [name, value];
    else this.parsed.push([name, value]);
    this.hints.recordExtracted(name);
  }

  /** A parser's write: skipped when the entry already has a parsed label of that name (first value wins). */
  setExtracted(name: string, value: string): void {
    if (indexOfName(this.parsed, name) >= 0) return;
    this.setParsed(name, value);
  }

  delete(name: string): void {
    if (name === ERROR_LABEL) { this.err = ''; return; }
    if (name === ERROR_DETAILS_LABEL) { this.errDetails = ''; return; }
    let i = indexOfName(this.parsed, name);
    if (i >= 0) this.parsed.splice(i, 1);
    i = indexOfName(this.#sm, name);
    if (i >= 0) this.#ownSm().splice(i, 1);
    if (this.#streamMap.has(name) && !this.del.includes(name)) this.del.push(name);
  }

  setError(err: string, details?: string): void {
    this.err = err;
    if (details !== undefined) this.errDetails = details;
  }

  get changed(): boolean {
    return this.#sm.length > 0 || this.parsed.length > 0 || this.del.length > 0 || this.err !== '' || this.errDetails !== '';
  }

  /** Stream labels not deleted nor shadowed by structured metadata or parsed labels. */
  #visibleStream(): LabelPair[] {
    const out: LabelPair[] = [];
    for (const p of this.stream) {
      const n = p[0];
      if (this.del.length > 0 && this.del.includes(n)) continue;
      if (indexOfName(this.parsed, n) >= 0 || indexOfName(this.#sm, n) >= 0) continue;
      out.push(p);
    }
    return out;
  }

  /** Structured metadata not shadowed by parsed labels. */
  #visibleSM(): LabelPair[] {
    const out: LabelPair[] = [];
    for (const p of this.#sm) if (indexOfName(this.parsed, p[0]) < 0) out.push(p);
    return out;
  }

  /** Every current label as [name, value] pairs, unsorted, error labels included. */
  all(): LabelPair[] {
    const out = this.#visibleStream();
    out.push(...this.#visibleSM(), ...this.parsed);
    if (this.err !== '') out.push([ERROR_LABEL, this.err]);
    if (this.errDetails !== '') out.push([ERROR_DETAILS_LABEL, this.errDetails]);
    return out;
  }

  /** A fresh name → value record of every current label (the data of templates). */
  toRecord(): Record<string, string> {
    const rec: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [n, v] of this.all()) rec[n] = v;
    return rec;
  }

  /** The interned, categorised result for the current entry. */
  result(): LabelsResult {
    if (!this.changed) return this.#unchanged;
    let stream = this.#visibleStream();
    if (stream.length === this.stream.length) stream = this.stream as LabelPair[];
    const sm = this.#visibleSM();
    const parsed = this.parsed.slice();
    if (this.err !== '') parsed.push([ERROR_LABEL, this.err]);
    if (this.errDetails !== '') parsed.push([ERROR_DETAILS_LABEL, this.errDetails]);
    return this.#cache.get(stream, sortPairs(sm), sortPairs(parsed));
  }
}
