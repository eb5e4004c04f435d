// One step's result of a step evaluator: parallel arrays of series ids and values, reused
// from step to step so evaluating a step allocates nothing per sample.

export class StepVector {
  ids = new Int32Array(16);
  values = new Float64Array(16);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(id: number, value: number): void {
    if (this.length === this.ids.length) {
      const ids = new Int32Array(this.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const values = new Float64Array(this.length * 2);
      values.set(this.values);
      this.values = values;
    }
    this.ids[this.length] = id;
    this.values[this.length] = value;
    this.length++;
  }
}
