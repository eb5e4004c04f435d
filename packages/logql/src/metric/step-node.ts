// The evaluator is a tree of step evaluators, like Loki's: each node produces the vector of
// one step from its children's vectors of the same step. Nodes number their output series in
// a SeriesTable, so their parents can cache per-series work by id.
import type { SeriesTable } from './series-table.js';
import type { StepVector } from './step-vector.js';

export interface StepNode {
  /** Labels of the series ids this node outputs (may be a child's table when labels pass through). */
  readonly table: SeriesTable;
  /**
   * Evaluates the next step: called exactly once per step, in order. The vector belongs to the
   * node and stays valid until its next call.
   */
  next(): StepVector;
  /** The timestamp (ms) Loki gives this node's samples at step `step`. */
  timestampMs(step: number): number;
}
