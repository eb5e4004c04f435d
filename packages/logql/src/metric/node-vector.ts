// vector(c): one label-less sample at every step. Loki steps it in whole milliseconds.
import { EMPTY_LABELS } from './label-set.js';
import { SeriesTable } from './series-table.js';
import { nsToMs, type StepGrid } from './step-grid.js';
import type { StepNode } from './step-node.js';
import { StepVector } from './step-vector.js';

/** The timestamp (ms) of vector()'s sample at a step of `grid`. */
export function vectorClock(grid: StepGrid): (step: number) => number {
  const startMs = nsToMs(grid.startNs);
  const stepMs = Math.max(1, nsToMs(grid.stepNs));
  return (step) => startMs + step * stepMs;
}

export class VectorNode implements StepNode {
  readonly table = new SeriesTable();
  readonly #value: number;
  readonly #clock: (step: number) => number;
  readonly #out = new StepVector();

  constructor(value: number, grid: StepGrid) {
    this.#value = value;
    this.#clock = vectorClock(grid);
    this.table.intern(EMPTY_LABELS);
  }

  next(): StepVector {
    this.#out.clear();
    this.#out.push(0, this.#value);
    return this.#out;
  }

  timestampMs(step: number): number {
    return this.#clock(step);
  }
}
