// The table panel's rows: one per series (its labels, then its value: the instant sample or the last one), or, with
// Grafana's `reduce` transformation, one per series with a column per calculation ("Field", "Max", "Mean"…); then
// Grafana's `organize` transformation hides, orders and renames the columns. Other transformations are named as not
// applied, so the panel can say so.
import type { Transformation } from './model.js';
import type { NumberSeries } from './panel-data.js';
import { REDUCERS } from './reducers.js';

export type Cell = string | number;

export interface Table { columns: string[]; rows: Cell[][]; notApplied: string[] }

function seriesTable(series: readonly NumberSeries[]): Omit<Table, 'notApplied'> {
  const labels = [...new Set(series.flatMap((s) => Object.keys(s.labels)))].sort();
  // several targets: a value column per query, as Grafana names them when it joins instant results
  const refIds = [...new Set(series.map((s) => s.refId))];
  const valueColumn = (refId: string): string => (refIds.length > 1 ? `Value #${refId}` : 'Value');
  return {
    columns: [...labels, ...refIds.map(valueColumn)],
    rows: series.map((s) => [...labels.map((l) => s.labels[l] ?? ''), ...refIds.map((r) => (r === s.refId ? s.values.at(-1) ?? NaN : ''))]),
  };
}

function reduceTable(series: readonly NumberSeries[], reducers: string[]): Omit<Table, 'notApplied'> {
  const known = reducers.filter((r) => REDUCERS[r]);
  return {
    columns: ['Field', ...known.map((r) => REDUCERS[r]!.name)],
    rows: series.map((s) => [s.name, ...known.map((r) => REDUCERS[r]!.reduce(s.values))]),
  };
}

interface Organize { excludeByName?: Record<string, boolean>; indexByName?: Record<string, number>; renameByName?: Record<string, string> }

function organize(table: Omit<Table, 'notApplied'>, o: Organize): Omit<Table, 'notApplied'> {
  const order = table.columns.map((c, i) => ({ c, i }))
    .filter(({ c }) => !o.excludeByName?.[c])
    // columns indexByName does not mention keep their place after the ones it orders, as Grafana's
    .sort((a, b) => (o.indexByName?.[a.c] ?? 1000 + a.i) - (o.indexByName?.[b.c] ?? 1000 + b.i));
  return {
    columns: order.map(({ c }) => o.renameByName?.[c] || c),
    rows: table.rows.map((r) => order.map(({ i }) => r[i]!)),
  };
}

export function tableOf(series: readonly NumberSeries[], transformations: readonly Transformation[] = []): Table {
  let table = seriesTable(series);
  const notApplied: string[] = [];
  for (const t of transformations.filter((x) => !x.disabled)) {
    if (t.id === 'reduce') table = reduceTable(series, (t.options?.reducers as string[] | undefined) ?? ['lastNotNull']);
    else if (t.id === 'organize') table = organize(table, (t.options ?? {}) as Organize);
    else notApplied.push(t.id);
  }
  return { ...table, notApplied };
}
