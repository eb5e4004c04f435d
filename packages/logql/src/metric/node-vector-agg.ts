// Vector aggregations: samples are grouped by the `by` labels (or all but the `without` ones),
// each group folded by a reducer or ordered and cut by a selector. A series' group is worked
// out once and cached by series id. Groups come out in the order they are first met.
import type { LabelPair } from '@logi/protocol';
import type { Grouping, VectorAggregationExpr } from '../syntax/ast.js';
import { avgReducer } from './agg-avg.js';
import { countReducer } from './agg-count.js';
import { maxReducer, minReducer } from './agg-min-max.js';
import { ReducerState, type Reducer } from './agg-reducer.js';
import { selector, type Selector } from './agg-select.js';
import { stddevReducer, stdvarReducer } from './agg-stdvar.js';
import { sumReducer } from './agg-sum.js';
import { dropLabels, keepLabels } from './label-set.js';
import { IdCache, SeriesTable } from './series-table.js';
import type { StepNode } from './step-node.js';
import { StepVector } from './step-vector.js';
import { StepMarks } from './vector-matching.js';

const REDUCERS: Partial<Record<VectorAggregationExpr['op'], Reducer>> = {
  sum: sumReducer,
  avg: avgReducer,
  min: minReducer,
  max: maxReducer,
  count: countReducer,
  stdvar: stdvarReducer,
  stddev: stddevReducer,
};

/** The labels of the group a series belongs to. No grouping clause is `by ()`. */
export function groupLabels(pairs: readonly LabelPair[], grouping: Grouping | undefined): readonly LabelPair[] {
  if (grouping === undefined) return [];
  return grouping.without ? dropLabels(pairs, [...grouping.labels, '__name__']) : keepLabels(pairs, grouping.labels);
}

export class VectorAggNode implements StepNode {
  readonly table: SeriesTable;
  readonly #inner: StepNode;
  readonly #grouping: Grouping | undefined;
  readonly #reducer: Reducer | undefined;
  readonly #selector: Selector | undefined;
  readonly #groups = new SeriesTable();
  readonly #groupOf = new IdCache();
  readonly #state = new ReducerState();
  /** Groups met in this step, in order; the mark's slot is the group's index in `#touched`. */
  readonly #seen = new StepMarks();
  readonly #touched: number[] = [];
  #sampleGroup = new Int32Array(16);
  #positions = new Int32Array(16);
  #bounds = new Int32Array(17);
  readonly #out = new StepVector();

  constructor(inner: StepNode, expr: VectorAggregationExpr) {
    this.#inner = inner;
    this.#grouping = expr.grouping;
    this.#reducer = REDUCERS[expr.op];
    this.#selector = selector(expr.op, expr.param);
    if (!this.#reducer && !this.#selector) throw new Error(`BUG: no evaluation for ${expr.op}`);
    // Selected samples keep their own series; reduced groups are series of their own.
    this.table = this.#reducer ? this.#groups : inner.table;
  }

  next(): StepVector {
    const v = this.#inner.next();
    this.#out.clear();
    this.#seen.reset();
    this.#touched.length = 0;
    if (this.#reducer) this.#reduce(v, this.#reducer);
    else this.#select(v, this.#selector!);
    return this.#out;
  }

  #group(id: number): number {
    let g = this.#groupOf.get(id);
    if (g < 0) {
      g = this.#groups.internPairs(groupLabels(this.#inner.table.labels(id).pairs, this.#grouping));
      this.#groupOf.set(id, g);
    }
    return g;
  }

  #reduce(v: StepVector, reducer: Reducer): void {
    const state = this.#state;
    for (let k = 0; k < v.length; k++) {
      const g = this.#group(v.ids[k]!);
      if (this.#seen.has(g)) {
        reducer.add(state, g, v.values[k]!);
      } else {
        this.#seen.mark(g);
        this.#touched.push(g);
        state.ensure(this.#groups.sets.length);
        reducer.first(state, g, v.values[k]!);
      }
    }
    for (const g of this.#touched) this.#out.push(g, reducer.result(state, g));
  }

  #select(v: StepVector, select: Selector): void {
    if (this.#sampleGroup.length < v.length) {
      this.#sampleGroup = new Int32Array(v.length * 2);
      this.#positions = new Int32Array(v.length * 2);
    }
    // Bucket the sample positions by group (a counting sort keeps first-met group order).
    for (let k = 0; k < v.length; k++) {
      const g = this.#group(v.ids[k]!);
      if (!this.#seen.has(g)) {
        this.#seen.mark(g, this.#touched.length);
        this.#touched.push(0);
      }
      const t = this.#seen.slot(g);
      this.#sampleGroup[k] = t;
      this.#touched[t]!++;
    }
    const groups = this.#touched.length;
    if (this.#bounds.length < groups + 1) this.#bounds = new Int32Array(groups * 2 + 1);
    const bounds = this.#bounds;
    bounds[0] = 0;
    for (let t = 0; t < groups; t++) bounds[t + 1] = bounds[t]! + this.#touched[t]!;
    const fill = bounds.slice(0, groups);
    for (let k = 0; k < v.length; k++) this.#positions[fill[this.#sampleGroup[k]!]!++] = k;
    for (let t = 0; t < groups; t++) {
      const positions = this.#positions.subarray(bounds[t]!, bounds[t + 1]!);
      const keep = select(positions, v.values);
      for (let i = 0; i < keep; i++) this.#out.push(v.ids[positions[i]!]!, v.values[positions[i]!]!);
    }
  }

  timestampMs(step: number): number {
    return this.#inner.timestampMs(step);
  }
}
