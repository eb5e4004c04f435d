// One step's result of a step evaluator: parallel arrays of series ids and values, reused
// from step to step so evaluating a step allocates nothing per sample.
import { grownFloat64, grownInt32 } from './typed-arrays.js';

export class StepVector {
  ids: Int32Array = new Int32Array(16);
  values: Float64Array = new Float64Array(16);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(id: number, value: number): void {
    if (this.length === this.ids.length) {
      this.ids = grownInt32(this.ids, this.length + 1);
      this.values = grownFloat64(this.values, this.length + 1);
    }
    this.ids[this.length] = id;
    this.values[this.length] = value;
    this.length++;
  }
}
