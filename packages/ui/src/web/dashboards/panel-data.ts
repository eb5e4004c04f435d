// One panel's data, fetched as Grafana's Loki data source would: each visible target's expression (already
// interpolated) as a range query (time series, logs) or an instant query, then shaped for the panel type.
import { queryInstant, queryRange, type MatrixResult, type StreamResult, type VectorResult } from '../api/loki.js';
import { runQuery, MAX_LINES } from '../explore/query-runner.js';
import { metricGraph, seriesName, type Graph } from '../graph/series.js';
import type { ResolvedRange } from '../shell/time-range.js';
import type { LokiTarget, Panel } from './model.js';
import { inQuerySlot } from './query-slots.js';

export interface NamedValue { name: string; value: number }

export type PanelData =
  | { kind: 'graph'; graph: Graph }
  | { kind: 'values'; values: NamedValue[] }
  /** expr: the first target's, which a row's filter button refines */
  | { kind: 'logs'; streams: StreamResult[]; expr: string };

/** A target ready to run: its expression with the variables filled in. */
export interface ReadyTarget extends LokiTarget { expr: string }

type Reducer = (values: number[]) => number | undefined;

/** Grafana's reduce calculations that apply to a series of numbers (reduceOptions.calcs). */
const REDUCERS: Record<string, Reducer> = {
  lastNotNull: (v) => v.at(-1), last: (v) => v.at(-1), firstNotNull: (v) => v[0], first: (v) => v[0],
  mean: (v) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : undefined),
  sum: (v) => v.reduce((a, b) => a + b, 0), max: (v) => (v.length ? Math.max(...v) : undefined),
  min: (v) => (v.length ? Math.min(...v) : undefined), count: (v) => v.length,
};

function reducerOf(panel: Panel): Reducer {
  const calcs = (panel.options?.reduceOptions as { calcs?: string[] } | undefined)?.calcs;
  return REDUCERS[calcs?.[0] ?? 'lastNotNull'] ?? REDUCERS.lastNotNull!;
}

/** The values panels type 'values' show: one per series, an instant sample or the series reduced. */
async function targetValues(panel: Panel, t: ReadyTarget, range: ResolvedRange, widthPx: number, signal: AbortSignal): Promise<NamedValue[]> {
  if (t.queryType === 'instant') {
    const r = await queryInstant(t.expr, range.toMs, signal);
    if (r.data.resultType !== 'vector') return [];
    return (r.data.result as VectorResult[]).map((s) => ({ name: seriesName(s.metric, t.legendFormat), value: Number(s.value[1]) }));
  }
  const result = await runQuery(t.expr, range, widthPx, signal);
  if (result.kind !== 'metric' || result.response.data.resultType !== 'matrix') return [];
  const reduce = reducerOf(panel);
  return (result.response.data.result as MatrixResult[]).map((s) => ({
    name: seriesName(s.metric, t.legendFormat),
    value: reduce(s.values.map(([, v]) => Number(v))) ?? NaN,
  }));
}

const VALUE_PANELS = new Set(['piechart', 'barchart', 'stat', 'gauge', 'bargauge']);

export async function loadPanelData(panel: Panel, targets: readonly ReadyTarget[], range: ResolvedRange, widthPx: number, signal: AbortSignal): Promise<PanelData> {
  const run = <T>(job: () => Promise<T>): Promise<T> => inQuerySlot(job);
  if (panel.type === 'logs') {
    const answers = await Promise.all(targets.map((t) => run(() =>
      queryRange({ query: t.expr, startMs: range.fromMs, endMs: range.toMs, limit: t.maxLines ?? MAX_LINES }, signal))));
    return { kind: 'logs', streams: answers.flatMap((a) => (a.data.resultType === 'streams' ? a.data.result : [])), expr: targets[0]?.expr ?? '' };
  }
  if (VALUE_PANELS.has(panel.type)) {
    const values = await Promise.all(targets.map((t) => run(() => targetValues(panel, t, range, widthPx, signal))));
    return { kind: 'values', values: values.flat() };
  }
  const graphs = await Promise.all(targets.map((t) => run(async () => {
    const result = await runQuery(t.expr, range, widthPx, signal);
    return result.kind === 'metric' && result.response.data.resultType === 'matrix' ? result.response.data.result as MatrixResult[] : [];
  })));
  // one graph for all targets: each target's series named by its own legendFormat
  return { kind: 'graph', graph: mergedGraph(graphs, targets) };
}

function mergedGraph(results: MatrixResult[][], targets: readonly ReadyTarget[]): Graph {
  if (results.length === 1) return metricGraph(results[0]!, targets[0]!.legendFormat);
  const named = results.flatMap((r, i) => r.map((s) => ({ ...s, metric: { __name: seriesName(s.metric, targets[i]!.legendFormat) } })));
  return metricGraph(named, '{{__name}}');
}
