/** Distinct values one set remembers per label name; a label with more gets sets that are not shared. */
const MAX_SHARED_VALUES = 1024;
/** Shared sets in the process; past this (labels of unbounded cardinality), new ones are not shared. */
const MAX_SHARED_SETS = 50_000;
let sharedSets = 0;

/**
 * An immutable set of stream labels in insertion order (names starting with "__" are internal and
 * never sent). Sets are shared: the same step (`with`, `without`) from the same set returns the same
 * object, so every line of a file that went through the same stages carries one label object, and
 * copying, comparing or keying labels costs nothing per line.
 */
export class LabelSet implements Iterable<[string, string]> {
  static readonly EMPTY = new LabelSet(new Map());

  readonly #map: ReadonlyMap<string, string>;
  #key: string | undefined;
  #with: Map<string, Map<string, LabelSet>> | undefined;
  #without: Map<string, LabelSet> | undefined;

  private constructor(map: ReadonlyMap<string, string>) {
    this.#map = map;
  }

  /** A set of these labels, in this order (not shared: build it once and derive from it). */
  static of(labels: Iterable<readonly [string, string]> | Readonly<Record<string, string>>): LabelSet {
    const entries = Symbol.iterator in labels ? (labels as Iterable<readonly [string, string]>) : Object.entries(labels);
    return new LabelSet(new Map(entries));
  }

  get size(): number {
    return this.#map.size;
  }

  get(name: string): string | undefined {
    return this.#map.get(name);
  }

  has(name: string): boolean {
    return this.#map.has(name);
  }

  keys(): IterableIterator<string> {
    return this.#map.keys();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#map.entries();
  }

  /** A string identifying the labels and their order. */
  get key(): string {
    if (this.#key === undefined) {
      let key = '';
      for (const [k, v] of this.#map) key += k + '\xff' + v + '\xfe';
      this.#key = key;
    }
    return this.#key;
  }

  /** These labels with `name` set to `value` (replacing it in place, or added last). */
  with(name: string, value: string): LabelSet {
    let byValue = this.#with?.get(name);
    const known = byValue?.get(value);
    if (known) return known;
    const next = this.#map.get(name) === value ? this : new LabelSet(new Map(this.#map).set(name, value));
    if (sharedSets < MAX_SHARED_SETS && (byValue?.size ?? 0) < MAX_SHARED_VALUES) {
      if (!byValue) (this.#with ??= new Map()).set(name, (byValue = new Map()));
      byValue.set(value, next);
      sharedSets++;
    }
    return next;
  }

  /** These labels without `name`. */
  without(name: string): LabelSet {
    if (!this.#map.has(name)) return this;
    const known = this.#without?.get(name);
    if (known) return known;
    const map = new Map(this.#map);
    map.delete(name);
    const next = new LabelSet(map);
    if (sharedSets < MAX_SHARED_SETS) {
      (this.#without ??= new Map()).set(name, next);
      sharedSets++;
    }
    return next;
  }
}
