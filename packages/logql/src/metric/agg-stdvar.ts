// stdvar / stddev: population variance of the group's values (Welford's algorithm).
import type { Reducer, ReducerState } from './agg-reducer.js';

function first(s: ReducerState, g: number, v: number): void {
  s.value[g] = 0;
  s.mean[g] = v;
  s.count[g] = 1;
}

function add(s: ReducerState, g: number, v: number): void {
  const count = ++s.count[g]!;
  const delta = v - s.mean[g]!;
  s.mean[g]! += delta / count;
  s.value[g]! += delta * (v - s.mean[g]!);
}

export const stdvarReducer: Reducer = { first, add, result: (s, g) => s.value[g]! / s.count[g]! };

export const stddevReducer: Reducer = { first, add, result: (s, g) => Math.sqrt(s.value[g]! / s.count[g]!) };
