// A range aggregation over the source's samples: at each step, every series with at least one
// sample in its window (t − offset − range, t − offset] yields the range function's value.
import type { RangeAggregationExpr } from '../syntax/ast.js';
import type { MergedSeries } from './batch-merge.js';
import { pipelineError } from './errors.js';
import { getLabel } from './label-set.js';
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
  readonly #out = new StepVector();
  #step = 0;

  /** `series` times are offsets from rangeBaseNs(expr, grid); one entry per distinct label set. */
  constructor(expr: RangeAggregationExpr, grid: StepGrid, series: readonly MergedSeries[]) {
    this.#series = series;
    this.#fn = rangeFunction(expr);
    this.#grid = grid;
    this.#offsetNs = BigInt(expr.range.offset);
    this.#rangeNs = expr.range.range;
    this.#stepNs = Number(grid.stepNs);
    this.#fails = new Uint8Array(series.length);
    this.#lo = new Int32Array(series.length);
    this.#hi = new Int32Array(series.length);
    for (let i = 0; i < series.length; i++) {
      const s = series[i]!;
      if (this.table.intern(s.labels) !== i) throw new Error('BUG: range series are not unique');
      const err = getLabel(s.labels.pairs, '__error__');
      this.#fails[i] = err !== undefined && err !== '' && getLabel(s.labels.pairs, '__preserve_error__') !== 'true' ? 1 : 0;
    }
  }

  next(): StepVector {
    const out = this.#out;
    out.clear();
    // Relative to the base, the window of step i is (i·step, i·step + range]: exact integers.
    const from = this.#step * this.#stepNs;
    const to = from + this.#rangeNs;
    this.#step++;
    const lo = this.#lo;
    const hi = this.#hi;
    for (let s = 0; s < this.#series.length; s++) {
      const series = this.#series[s]!;
      const ts = series.ts;
      const n = series.length;
      let a = lo[s]!;
      while (a < n && ts[a]! <= from) a++;
      let b = hi[s]! > a ? hi[s]! : a;
      while (b < n && ts[b]! <= to) b++;
      lo[s] = a;
      hi[s] = b;
      if (b === a) continue;
      if (this.#fails[s] === 1) throw pipelineError(series.labels.pairs);
      out.push(s, this.#fn(series.values, ts, a, b));
    }
    return out;
  }

  /** Loki converts the window end and the offset to ms separately, each truncated. */
  timestampMs(step: number): number {
    return nsToMs(stepTimeNs(this.#grid, step) - this.#offsetNs) + nsToMs(this.#offsetNs);
  }
}
