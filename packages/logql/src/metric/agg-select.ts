// topk / bottomk / approx_topk / sort / sort_desc: instead of folding a group, they order its
// samples by value (NaN always last, as Loki's heaps leave it) and keep the first k, or all.
// Samples keep their own series. approx_topk is answered exactly: a fair stand-in for a sketch.
import type { VectorOp } from '../syntax/ast.js';

/** Reorders `positions` (indexes into the step's values) and returns how many to keep. */
export type Selector = (positions: Int32Array, values: Float64Array) => number;

/** Compares positions by value, ascending (1) or descending (−1); NaN last either way. */
function byValue(values: Float64Array, direction: 1 | -1) {
  return (a: number, b: number): number => {
    const x = values[a]!;
    const y = values[b]!;
    if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
    if (Number.isNaN(y)) return -1;
    return x < y ? -direction : x > y ? direction : 0;
  };
}

export function selector(op: VectorOp, param: number | undefined): Selector | undefined {
  const k = Math.trunc(param ?? 0);
  switch (op) {
    case 'topk':
    case 'approx_topk':
      return (positions, values) => (k < 1 ? 0 : Math.min(k, positions.sort(byValue(values, -1)).length));
    case 'bottomk':
      return (positions, values) => (k < 1 ? 0 : Math.min(k, positions.sort(byValue(values, 1)).length));
    case 'sort_desc':
      return (positions, values) => positions.sort(byValue(values, -1)).length;
    case 'sort':
      return (positions, values) => positions.sort(byValue(values, 1)).length;
    default:
      return undefined;
  }
}
