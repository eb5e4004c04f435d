// absent_over_time: 1 at the steps where no series has a sample in its window, with the labels
// of the selector's equality matchers (a name matched twice or by another operator is dropped).
import type { Matcher } from '../syntax/ast.js';
import { labelSet, setLabel, type LabelSet } from './label-set.js';
import { SeriesTable } from './series-table.js';
import type { StepNode } from './step-node.js';
import { StepVector } from './step-vector.js';

export function absentLabels(matchers: readonly Matcher[]): LabelSet {
  let pairs: [string, string][] = [];
  const dropped: string[] = [];
  for (const m of matchers) {
    if (m.name === '__name__') continue;
    // Setting an empty value removes the label, so a later `name="v"` can still set it (as in Loki).
    if (m.type === '=' && !pairs.some((p) => p[0] === m.name)) {
      pairs = setLabel(pairs, m.name, m.value);
    } else {
      dropped.push(m.name);
    }
  }
  return labelSet(pairs.filter((p) => !dropped.includes(p[0])));
}

export class AbsentNode implements StepNode {
  readonly table = new SeriesTable();
  readonly #inner: StepNode;
  readonly #out = new StepVector();

  /** `inner` is the range node of the same aggregation (it also enforces the error rule). */
  constructor(inner: StepNode, labels: LabelSet) {
    this.#inner = inner;
    this.table.intern(labels);
  }

  next(): StepVector {
    this.#out.clear();
    if (this.#inner.next().length === 0) this.#out.push(0, 1);
    return this.#out;
  }

  timestampMs(step: number): number {
    return this.#inner.timestampMs(step);
  }
}
