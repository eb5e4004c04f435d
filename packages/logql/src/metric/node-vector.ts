// vector(c): one label-less sample at every step. Loki steps it in whole milliseconds.
import { EMPTY_LABELS } from './label-set.js';
import { SeriesTable } from './series-table.js';
import { nsToMs, type StepGrid } from './step-grid.js';
import type { StepNode } from './step-node.js';
import { StepVector } from './step-vector.js';

export class VectorNode implements StepNode {
  readonly table = new SeriesTable();
  readonly #value: number;
  readonly #startMs: number;
  readonly #stepMs: number;
  readonly #out = new StepVector();

  constructor(value: number, grid: StepGrid) {
    this.#value = value;
    this.#startMs = nsToMs(grid.startNs);
    this.#stepMs = Math.max(1, nsToMs(grid.stepNs));
    this.table.intern(EMPTY_LABELS);
  }

  next(): StepVector {
    this.#out.clear();
    this.#out.push(0, this.#value);
    return this.#out;
  }

  timestampMs(step: number): number {
    return this.#startMs + step * this.#stepMs;
  }
}
