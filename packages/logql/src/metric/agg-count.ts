// count: how many series the group has at this step.
import type { Reducer } from './agg-reducer.js';

export const countReducer: Reducer = {
  first(s, g) {
    s.count[g] = 1;
  },
  add(s, g) {
    s.count[g]!++;
  },
  result: (s, g) => s.count[g]!,
};
