// A vector aggregation that folds each group's samples of a step into one value. The state of
// all groups lives in typed arrays indexed by group number, reused from step to step.
import { grownFloat64 } from './typed-arrays.js';

export class ReducerState {
  value: Float64Array = new Float64Array(16);
  mean: Float64Array = new Float64Array(16);
  count: Float64Array = new Float64Array(16);

  ensure(groups: number): void {
    if (groups <= this.value.length) return;
    this.value = grownFloat64(this.value, groups);
    this.mean = grownFloat64(this.mean, groups);
    this.count = grownFloat64(this.count, groups);
  }
}

export interface Reducer {
  /** The group's first sample of the step. */
  first(s: ReducerState, g: number, v: number): void;
  add(s: ReducerState, g: number, v: number): void;
  result(s: ReducerState, g: number): number;
}
