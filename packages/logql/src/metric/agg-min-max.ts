// min / max: the extreme value of the group; a NaN is replaced by any other value.
import type { Reducer } from './agg-reducer.js';

export const maxReducer: Reducer = {
  first(s, g, v) {
    s.value[g] = v;
  },
  add(s, g, v) {
    const cur = s.value[g]!;
    if (cur < v || Number.isNaN(cur)) s.value[g] = v;
  },
  result: (s, g) => s.value[g]!,
};

export const minReducer: Reducer = {
  first(s, g, v) {
    s.value[g] = v;
  },
  add(s, g, v) {
    const cur = s.value[g]!;
    if (cur > v || Number.isNaN(cur)) s.value[g] = v;
  },
  result: (s, g) => s.value[g]!,
};
