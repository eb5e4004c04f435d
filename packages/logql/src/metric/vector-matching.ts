// How two vectors pair up in a binary operation: the matching signature of a series
// (`on` keeps, `ignoring` drops the listed labels; no clause compares every label), and the
// labels of a result (Loki's resultMetric).
import type { LabelPair } from '@logi/protocol';
import type { VectorMatching } from '../syntax/ast.js';
import { dropLabels, getLabel, keepLabels, setLabel } from './label-set.js';
import { IdCache, SeriesTable } from './series-table.js';

export function signatureLabels(pairs: readonly LabelPair[], matching: VectorMatching | undefined): readonly LabelPair[] {
  if (matching === undefined) return pairs;
  return matching.on ? keepLabels(pairs, matching.labels) : dropLabels(pairs, matching.labels);
}

/**
 * `many` is the sample from the "many" side (the left one for one-to-one). One-to-one results
 * keep only the `on` labels, or drop the `ignoring` ones; group_left/group_right copy their
 * listed labels from the "one" side (removing those it lacks).
 */
export function resultLabels(
  many: readonly LabelPair[],
  one: readonly LabelPair[],
  matching: VectorMatching | undefined,
): readonly LabelPair[] {
  if (matching === undefined) return many;
  let out = many;
  if (matching.card === 'one-to-one') out = signatureLabels(many, matching);
  for (const name of matching.include) out = setLabel(out, name, getLabel(one, name) ?? '');
  return out;
}

/** Numbers the signatures of both legs' series, so a step compares small integers. */
export class Signatures {
  readonly #matching: VectorMatching | undefined;
  readonly #ids = new SeriesTable();
  readonly #left = new IdCache();
  readonly #right = new IdCache();
  readonly #leftTable: SeriesTable;
  readonly #rightTable: SeriesTable;

  constructor(matching: VectorMatching | undefined, leftTable: SeriesTable, rightTable: SeriesTable) {
    this.#matching = matching;
    this.#leftTable = leftTable;
    this.#rightTable = rightTable;
  }

  /** The signature id of series `id` of the left (`right` false) or right leg. */
  of(right: boolean, id: number): number {
    const cache = right ? this.#right : this.#left;
    let sig = cache.get(id);
    if (sig < 0) {
      const table = right ? this.#rightTable : this.#leftTable;
      sig = this.#ids.internPairs(signatureLabels(table.labels(id).pairs, this.#matching));
      cache.set(id, sig);
    }
    return sig;
  }
}

/** Per-step marks indexed by a small integer (a signature id): set once, tested in O(1). */
export class StepMarks {
  readonly #stamp = new IdCache();
  readonly #slot = new IdCache();
  #now = 0;

  /** Forgets every mark (call at the start of each use). */
  reset(): void {
    this.#now++;
  }

  has(key: number): boolean {
    return this.#stamp.get(key) === this.#now;
  }

  /** Marks `key`, remembering `slot` (e.g. the position of the sample that set it). */
  mark(key: number, slot = 0): void {
    this.#stamp.set(key, this.#now);
    this.#slot.set(key, slot);
  }

  slot(key: number): number {
    return this.#slot.get(key);
  }
}
