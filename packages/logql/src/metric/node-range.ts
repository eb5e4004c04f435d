// A range aggregation over the source's samples: at each step, every series with at least one
// sample in its window (t − offset − range, t − offset] yields the range function's value.
import type { RangeAggregationExpr } from '../syntax/ast.js';
import type { MergedSeries } from './batch-merge.js';
import { failsQuery, pipelineError } from './errors.js';
import { rangeFunction, type RangeFn } from './range-fn.js';
import { SeriesTable } from './series-table.js';
import { nsToMs, stepTimeNs, type StepGrid } from './step-grid.js';
import type { StepNode } from './step-node.js';
import { StepVector } from './step-vector.js';

/** Where the samples of a range aggregation start: every window lies after this instant. */
export function rangeBaseNs(expr: RangeAggregationExpr, grid: StepGrid): bigint {
  return grid.startNs - BigInt(expr.range.range) - BigInt(expr.range.offset);
}

export class RangeNode implements StepNode {
  readonly table = new SeriesTable();
  readonly #series: readonly MergedSeries[];
  readonly #fn: RangeFn;
  readonly #grid: StepGrid;
  readonly #offsetNs: bigint;
  readonly #rangeNs: number;
  readonly #stepNs: number;
  /** 1 where a sample of the series reaching the aggregation must fail the query. */
  readonly #fails: Uint8Array;
  /** Per series: first sample inside the window, and one past the last. */
  readonly #lo: Int32Array;
  readonly #hi: Int32Array;
  /**
   * Per series: the time of the oldest sample in the window and of the next one to enter
   * (Infinity when none), and the last value computed. While neither edge is crossed the window
   * holds the same samples, so the value is reused without touching the series' own arrays.
   */
  readonly #leaves: Float64Array;
  readonly #enters: Float64Array;
  readonly #values: Float64Array;
  /**
   * Only series with samples in the window are visited: those of the last step, and those
   * whose next sample enters a window at this step (`#wake[step]`). Sparse series over many
   * steps then cost nothing while they are quiet.
   */
  #active: number[] = [];
  readonly #wake: (number[] | undefined)[] = [];
  readonly #out = new StepVector();
  #step = 0;

  /** `series` times are offsets from rangeBaseNs(expr, grid); one entry per distinct label set; `bucketed` as rangeFunction's. */
  constructor(expr: RangeAggregationExpr, grid: StepGrid, series: readonly MergedSeries[], bucketed = false) {
    this.#series = series;
    this.#fn = rangeFunction(expr, bucketed);
    this.#grid = grid;
    this.#offsetNs = BigInt(expr.range.offset);
    this.#rangeNs = expr.range.range;
    this.#stepNs = Number(grid.stepNs);
    this.#fails = new Uint8Array(series.length);
    this.#lo = new Int32Array(series.length);
    this.#hi = new Int32Array(series.length);
    this.#leaves = new Float64Array(series.length);
    this.#enters = new Float64Array(series.length);
    this.#values = new Float64Array(series.length);
    for (let i = 0; i < series.length; i++) {
      const s = series[i]!;
      if (this.table.intern(s.labels) !== i) throw new Error('BUG: range series are not unique');
      this.#fails[i] = failsQuery(s.labels.pairs) ? 1 : 0;
      this.#schedule(i, s.ts[0]!, -1);
    }
  }

  next(): StepVector {
    const out = this.#out;
    out.clear();
    const step = this.#step++;
    // Relative to the base, the window of step i is (i·step, i·step + range]: exact integers.
    const from = step * this.#stepNs;
    const to = from + this.#rangeNs;
    const previous = this.#active;
    const woken = this.#wake[step];
    this.#wake[step] = undefined;
    const active: number[] = [];
    const total = previous.length + (woken?.length ?? 0);
    const all = this.#series;
    const lo = this.#lo;
    const hi = this.#hi;
    const leaves = this.#leaves;
    const enters = this.#enters;
    const values = this.#values;
    for (let k = 0; k < total; k++) {
      const s = k < previous.length ? previous[k]! : woken![k - previous.length]!;
      if (k < previous.length && leaves[s]! > from && enters[s]! > to) {
        out.push(s, values[s]!);
        active.push(s);
        continue;
      }
      const series = all[s]!;
      const ts = series.ts;
      const n = series.length;
      let a = lo[s]!;
      while (a < n && ts[a]! <= from) a++;
      let b = hi[s]!;
      if (b < a) b = a;
      while (b < n && ts[b]! <= to) b++;
      lo[s] = a;
      hi[s] = b;
      if (b === a) {
        if (b < n) this.#schedule(s, ts[b]!, step);
        continue;
      }
      if (this.#fails[s] === 1) throw pipelineError(series.labels.pairs);
      const value = this.#fn(series.values, ts, a, b);
      leaves[s] = ts[a]!;
      enters[s] = b < n ? ts[b]! : Infinity;
      values[s] = value;
      out.push(s, value);
      active.push(s);
    }
    this.#active = active;
    return out;
  }

  /** Queues series `s` for the first step after `after` whose window reaches time `t`. */
  #schedule(s: number, t: number, after: number): void {
    let step = after + 1;
    if (this.#stepNs > 0) {
      // The division may round either way by one step; settle it with exact products.
      step = Math.max(step, Math.ceil((t - this.#rangeNs) / this.#stepNs));
      if (step * this.#stepNs + this.#rangeNs < t) step++;
      while (step > after + 1 && (step - 1) * this.#stepNs + this.#rangeNs >= t) step--;
    }
    if (step >= this.#grid.count) return;
    (this.#wake[step] ??= []).push(s);
  }

  /** Loki converts the window end and the offset to ms separately, each truncated. */
  timestampMs(step: number): number {
    return nsToMs(stepTimeNs(this.#grid, step) - this.#offsetNs) + nsToMs(this.#offsetNs);
  }
}
