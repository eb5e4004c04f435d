// One panel's data, fetched as Grafana's Loki data source would: each visible target's expression (already
// interpolated) as a range query (time series, logs) or an instant query, then shaped for the panel type.
import { queryInstant, queryRange, type Labels, type MatrixResult, type StreamResult, type VectorResult } from '../api/loki.js';
import { runQuery, MAX_LINES } from '../explore/query-runner.js';
import { metricGraph, seriesName, type Graph } from '../graph/series.js';
import type { ResolvedRange } from '../shell/time-range.js';
import type { LokiTarget, Panel } from './model.js';
import { VALUE_PANEL_TYPES } from './panel-types.js';
import { inQuerySlot } from './query-slots.js';
import { reducerOf } from './reducers.js';
import { sharedRequest } from './shared-requests.js';

export interface NamedValue { name: string; value: number }

/** One series of a target: its name (legendFormat applied), labels and numbers (one for an instant query). */
export interface NumberSeries { name: string; labels: Labels; refId: string; values: number[] }

export type PanelData =
  | { kind: 'graph'; graph: Graph }
  /** stat, gauge, bar gauge, pie, bar chart and table: reduced (or tabulated) when drawn, so options apply live */
  | { kind: 'series'; series: NumberSeries[] }
  /** expr: the first target's, which a row's filter button refines */
  | { kind: 'logs'; streams: StreamResult[]; expr: string };

/** A target ready to run: its expression with the variables filled in. */
export interface ReadyTarget extends LokiTarget { expr: string }

/** A request in one of the page's query slots, shared with the panels that make the same one at the same time. */
const slotted = <T>(key: unknown[], signal: AbortSignal, request: (signal: AbortSignal) => Promise<T>): Promise<T> =>
  sharedRequest(JSON.stringify(key), signal, (shared) => inQuerySlot(() => request(shared)));

const ranQuery = (expr: string, range: ResolvedRange, widthPx: number, signal: AbortSignal) =>
  slotted(['run', expr, range.fromMs, range.toMs, widthPx], signal, (s) => runQuery(expr, range, widthPx, s));

/** The series of one target: an instant sample each, or the range query's samples. */
async function targetSeries(t: ReadyTarget, range: ResolvedRange, widthPx: number, signal: AbortSignal): Promise<NumberSeries[]> {
  const refId = t.refId ?? 'A';
  if (t.queryType === 'instant') {
    const r = await slotted(['instant', t.expr, range.toMs], signal, (s) => queryInstant(t.expr, range.toMs, s));
    if (r.data.resultType !== 'vector') return [];
    return (r.data.result as VectorResult[]).map((s) => ({ name: seriesName(s.metric, t.legendFormat), labels: s.metric, refId, values: [Number(s.value[1])] }));
  }
  const result = await ranQuery(t.expr, range, widthPx, signal);
  if (result.kind !== 'metric' || result.response.data.resultType !== 'matrix') return [];
  return (result.response.data.result as MatrixResult[]).map((s) => ({
    name: seriesName(s.metric, t.legendFormat), labels: s.metric, refId, values: s.values.map(([, v]) => Number(v)),
  }));
}

/** Each series reduced to one value by the panel's calculation. */
export function reduced(series: readonly NumberSeries[], panel: Panel): NamedValue[] {
  const reduce = reducerOf(panel);
  return series.map((s) => ({ name: s.name, value: reduce(s.values) }));
}

export async function loadPanelData(panel: Panel, targets: readonly ReadyTarget[], range: ResolvedRange, widthPx: number, signal: AbortSignal): Promise<PanelData> {
  if (panel.type === 'logs') {
    const answers = await Promise.all(targets.map((t) => {
      const limit = t.maxLines ?? MAX_LINES;
      return slotted(['logs', t.expr, range.fromMs, range.toMs, limit], signal, (s) => queryRange({ query: t.expr, startMs: range.fromMs, endMs: range.toMs, limit }, s));
    }));
    return { kind: 'logs', streams: answers.flatMap((a) => (a.data.resultType === 'streams' ? a.data.result : [])), expr: targets[0]?.expr ?? '' };
  }
  if (VALUE_PANEL_TYPES.has(panel.type) || panel.type === 'table') {
    const series = await Promise.all(targets.map((t) => targetSeries(t, range, widthPx, signal)));
    return { kind: 'series', series: series.flat() };
  }
  const graphs = await Promise.all(targets.map(async (t) => {
    const result = await ranQuery(t.expr, range, widthPx, signal);
    return result.kind === 'metric' && result.response.data.resultType === 'matrix' ? result.response.data.result as MatrixResult[] : [];
  }));
  // one graph for all targets: each target's series named by its own legendFormat
  return { kind: 'graph', graph: mergedGraph(graphs, targets) };
}

function mergedGraph(results: MatrixResult[][], targets: readonly ReadyTarget[]): Graph {
  if (results.length === 1) return metricGraph(results[0]!, targets[0]!.legendFormat);
  const named = results.flatMap((r, i) => r.map((s) => ({ ...s, metric: { __name: seriesName(s.metric, targets[i]!.legendFormat) } })));
  return metricGraph(named, '{{__name}}');
}
