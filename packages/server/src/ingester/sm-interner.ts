// Interning of structured-metadata sets: each distinct set gets a small id (1-based) and is encoded once
// into a set table. Used per open block and per WAL record, where most entries share a few sets.
import type { LabelPair } from '@logi/protocol';
import { SmTableWriter } from '../chunk/block-encode.js';

/** A stable key for a set ('' = none), to intern multi-pair sets and to compare entries. */
export function smKeyOf(sm: readonly LabelPair[] | undefined): string {
  if (!sm || sm.length === 0) return '';
  let k = '';
  for (const [n, v] of sm) k += n + '\u0000' + v + '\u0001';
  return k;
}

export class SmInterner {
  /** sets[id - 1] is set id. */
  readonly sets: (readonly LabelPair[])[] = [];
  readonly table = new SmTableWriter();
  // Most sets are one pair (detected_level): looked up by the pair's own strings, no key string built.
  #single = new Map<string, Map<string, number>>();
  #multi = new Map<string, number>();

  id(sm: readonly LabelPair[]): number {
    if (sm.length === 1) {
      const [name, value] = sm[0]!;
      let byValue = this.#single.get(name);
      if (!byValue) this.#single.set(name, (byValue = new Map()));
      let id = byValue.get(value);
      if (id === undefined) byValue.set(value, (id = this.#add(sm)));
      return id;
    }
    const key = smKeyOf(sm);
    let id = this.#multi.get(key);
    if (id === undefined) this.#multi.set(key, (id = this.#add(sm)));
    return id;
  }

  #add(sm: readonly LabelPair[]): number {
    this.sets.push(sm);
    return this.table.add(sm);
  }
}
