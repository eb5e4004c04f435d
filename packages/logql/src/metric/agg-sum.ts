// sum: the total of the group's values.
import type { Reducer } from './agg-reducer.js';

export const sumReducer: Reducer = {
  first(s, g, v) {
    s.value[g] = v;
  },
  add(s, g, v) {
    s.value[g]! += v;
  },
  result: (s, g) => s.value[g]!,
};
