// A subexpression without range aggregations (vector(), literals, operations and aggregations over them)
// gives the same vector at every step: it is evaluated once and replayed, so a chain of 500
// `vector(1) + …` costs one evaluation, not one per step and node.
import type { SeriesTable } from './series-table.js';
import type { StepGrid } from './step-grid.js';
import type { StepNode } from './step-node.js';
import { StepVector } from './step-vector.js';
import { vectorClock } from './node-vector.js';

export class ConstantNode implements StepNode {
  readonly table: SeriesTable;
  readonly #inner: StepNode;
  readonly #timestampMs: (step: number) => number;
  #out: StepVector | undefined;

  constructor(inner: StepNode, grid: StepGrid) {
    this.#inner = inner;
    this.table = inner.table;
    // vector()'s clock, which every node of such a subexpression passes on (asking the inner node walks the whole chain)
    this.#timestampMs = vectorClock(grid);
  }

  next(): StepVector {
    if (this.#out === undefined) {
      const v = this.#inner.next();
      const out = new StepVector();
      for (let k = 0; k < v.length; k++) out.push(v.ids[k]!, v.values[k]!);
      this.#out = out;
    }
    return this.#out;
  }

  timestampMs(step: number): number {
    return this.#timestampMs(step);
  }
}
