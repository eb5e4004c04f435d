// Grafana's reduce calculations (reduceOptions.calcs, the reduce transformation's reducers, legend calcs): their ids
// and the names Grafana shows for them.
import type { Panel } from './model.js';

type Reduce = (values: number[]) => number;

const sum = (v: number[]): number => v.reduce((a, b) => a + b, 0);

export const REDUCERS: Record<string, { name: string; reduce: Reduce }> = {
  lastNotNull: { name: 'Last *', reduce: (v) => v.at(-1) ?? NaN },
  last: { name: 'Last', reduce: (v) => v.at(-1) ?? NaN },
  firstNotNull: { name: 'First *', reduce: (v) => v[0] ?? NaN },
  first: { name: 'First', reduce: (v) => v[0] ?? NaN },
  mean: { name: 'Mean', reduce: (v) => (v.length ? sum(v) / v.length : NaN) },
  sum: { name: 'Total', reduce: sum },
  max: { name: 'Max', reduce: (v) => (v.length ? Math.max(...v) : NaN) },
  min: { name: 'Min', reduce: (v) => (v.length ? Math.min(...v) : NaN) },
  count: { name: 'Count', reduce: (v) => v.length },
  range: { name: 'Range', reduce: (v) => (v.length ? Math.max(...v) - Math.min(...v) : NaN) },
  diff: { name: 'Difference', reduce: (v) => (v.length ? v.at(-1)! - v[0]! : NaN) },
  delta: { name: 'Delta', reduce: (v) => v.slice(1).reduce((a, x, i) => a + Math.max(0, x - v[i]!), 0) },
};

/**
 * The calculation that makes one value of a series for a panel: the first reducer of its `reduce` transformation
 * (a bar chart's usual series-to-rows), else the first of reduceOptions.calcs (Grafana's default: lastNotNull);
 * unknown ids fall back to it.
 */
export function reducerOf(panel: Panel): Reduce {
  const transform = panel.transformations?.find((t) => t.id === 'reduce' && !t.disabled);
  const calcs = (transform?.options?.reducers ?? (panel.options?.reduceOptions as { calcs?: string[] } | undefined)?.calcs) as string[] | undefined;
  return (REDUCERS[calcs?.[0] ?? 'lastNotNull'] ?? REDUCERS.lastNotNull!).reduce;
}
