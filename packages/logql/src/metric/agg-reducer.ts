// A vector aggregation that folds each group's samples of a step into one value. The state of
// all groups lives in typed arrays indexed by group number, reused from step to step.

export class ReducerState {
  value = new Float64Array(16);
  mean = new Float64Array(16);
  count = new Float64Array(16);

  ensure(groups: number): void {
    if (groups <= this.value.length) return;
    let size = this.value.length * 2;
    while (size < groups) size *= 2;
    const grow = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(size);
      b.set(a);
      return b;
    };
    this.value = grow(this.value);
    this.mean = grow(this.mean);
    this.count = grow(this.count);
  }
}

export interface Reducer {
  /** The group's first sample of the step. */
  first(s: ReducerState, g: number, v: number): void;
  add(s: ReducerState, g: number, v: number): void;
  result(s: ReducerState, g: number): number;
}
