// avg: Loki's incremental mean over the group's values.
import type { Reducer } from './agg-reducer.js';

export const avgReducer: Reducer = {
  first(s, g, v) {
    s.mean[g] = v;
    s.count[g] = 1;
  },
  add(s, g, v) {
    const count = ++s.count[g]!;
    s.mean[g]! += (v - s.mean[g]!) / count;
  },
  result: (s, g) => s.mean[g]!,
};
