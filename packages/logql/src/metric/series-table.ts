// Every step evaluator numbers the series it outputs; downstream evaluators cache what they
// derive from a series (its group, its matching signature, its new labels) by that number,
// so label work happens once per series instead of once per sample and step.
import type { LabelPair } from '@logi/protocol';
import { labelSet, type LabelSet } from './label-set.js';
import { grownInt32 } from './typed-arrays.js';

export class SeriesTable {
  readonly sets: LabelSet[] = [];
  readonly #ids = new Map<string, number>();

  /** The id of this label set, assigning the next free one when it is new. */
  intern(set: LabelSet): number {
    let id = this.#ids.get(set.key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.#ids.set(set.key, id);
    }
    return id;
  }

  /** `pairs` sorted by name with unique names. */
  internPairs(pairs: readonly LabelPair[]): number {
    return this.intern(labelSet(pairs));
  }

  labels(id: number): LabelSet {
    const set = this.sets[id];
    if (set === undefined) throw new Error(`BUG: unknown series id ${id}`);
    return set;
  }
}

/** A growable id → number map (-1 when unset), for per-series caches indexed by series id. */
export class IdCache {
  #slots: Int32Array = new Int32Array(64).fill(-1);

  get(id: number): number {
    return id < this.#slots.length ? this.#slots[id]! : -1;
  }

  set(id: number, value: number): void {
    if (id >= this.#slots.length) this.#slots = grownInt32(this.#slots, id + 1, -1);
    this.#slots[id] = value;
  }
}
