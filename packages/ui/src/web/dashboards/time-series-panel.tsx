// Grafana's time series panel: the graph of Explore with the panel's field config (series colours and names from
// overrides, unit and decimals on the axis, min/max, stacking 'normal' and 'percent', fillOpacity, drawStyle bars or
// lines) and options.legend (hidden, a list under the graph as uPlot draws it, or a table with its calcs, at the
// bottom or on the right).
import { useMemo } from 'preact/hooks';
import type { Graph } from '../graph/series.js';
import { TimeSeries, type Marker } from '../graph/time-series.js';
import type { ResolvedRange } from '../shell/time-range.js';
import { colorOf, fieldOf } from './field-config.js';
import { formatValue } from './format-value.js';
import { legendHidden, WithLegend, type LegendOptions } from './legend.js';
import type { Panel } from './model.js';
import { REDUCERS } from './reducers.js';

interface Props { panel: Panel; graph: Graph; range: ResolvedRange; utc: boolean; heightPx: number; onZoom(fromMs: number, toMs: number): void; annotations: readonly Marker[] }

const LEGEND_ROW_PX = 22;

export function TimeSeriesPanel({ panel, graph, range, utc, heightPx, onZoom, annotations }: Props) {
  const defaults = panel.fieldConfig?.defaults ?? {};
  const legend = (panel.options?.legend ?? {}) as LegendOptions & { calcs?: string[] };
  const stacking = defaults.custom?.stacking?.mode;
  const percent = stacking === 'percent';
  const series = useMemo(() => {
    const sums = percent ? graph.x.map((_, j) => graph.series.reduce((a, s) => a + (s.values[j] ?? 0), 0)) : [];
    return graph.series.map((s, i) => {
      const field = fieldOf(panel, s.label);
      const numbers = s.values.filter((v): v is number => v !== null);
      // 100% stacking draws each series' share of the step's total; the legend keeps the values themselves
      const values = percent ? s.values.map((v, j) => (v === null ? null : sums[j] ? v / sums[j]! : 0)) : s.values;
      return { ...s, values, label: field.displayName || s.label, color: colorOf(field, i, numbers.at(-1) ?? NaN, Math.max(0, ...numbers), 'palette-classic'), field, numbers };
    });
  }, [graph, panel.fieldConfig]);
  const unit = percent ? 'percentunit' : defaults.unit;
  const format = useMemo(() => (v: number) => formatValue(v, unit, defaults.decimals), [unit, defaults.decimals]);
  const ownLegend = !legendHidden(legend) && (legend.displayMode === 'table' || legend.placement === 'right' || (legend.calcs?.length ?? 0) > 0);
  const calcs = (legend.calcs ?? []).filter((c) => REDUCERS[c]);
  const items = series.map((s) => ({
    name: s.label, color: s.color,
    cells: calcs.map((c) => {
      const value = REDUCERS[c]!.reduce(s.numbers);
      return { text: formatValue(value, s.field.unit, s.field.decimals), value };
    }),
  }));
  // the graph leaves room for a legend below it: uPlot's one line, or a table row per series
  const below = legendHidden(legend) || legend.placement === 'right' ? 0 : ownLegend ? LEGEND_ROW_PX * (series.length + 1) : 36;
  const graphEl = (
    <TimeSeries x={graph.x} xRange={[range.fromMs / 1000, range.toMs / 1000]} series={series} height={Math.max(60, heightPx - below)} utc={utc} onZoom={onZoom}
      mode={`${stacking === 'normal' || percent ? 'stacked-' : ''}${defaults.custom?.drawStyle === 'bars' ? 'bars' : 'lines'}`} legend={!legendHidden(legend) && !ownLegend}
      yMin={percent ? 0 : defaults.min} yMax={percent ? 1 : defaults.max} fillOpacity={defaults.custom?.fillOpacity} format={format} markers={annotations} />
  );
  if (!ownLegend) return <div class="with-legend bottom" data-legend={legendHidden(legend) ? 'hidden' : 'list-bottom'} data-stacking={stacking ?? 'none'}>{graphEl}</div>;
  return (
    <WithLegend options={legend} headers={calcs.map((c) => REDUCERS[c]!.name)} items={items}>{graphEl}</WithLegend>
  );
}
