// One panel's data, fetched as Grafana's Loki data source would: each visible target's expression (already
// interpolated) as a range query (time series, logs) or an instant query, then shaped for the panel type. A target
// of a Prometheus data source runs the same way against it, through Logi's data source proxy.
import { queryInstant, queryRange, type Labels, type MatrixResult, type QueryResponse, type StreamResult, type VectorResult } from '../api/loki.js';
import { promQuery, promQueryRange } from '../api/prometheus.js';
import { stepSeconds } from '../explore/interval.js';
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

/** Grafana's smallest step for Prometheus when its data source sets none: the usual scrape interval. */
export const PROMETHEUS_MIN_STEP_SEC = 15;

/** The uid of the Prometheus data source the target runs against (its own, else the panel's), if it is one. */
export function prometheusUid(panel: Panel, t: LokiTarget): string | undefined {
  const ref = (x: unknown): { type?: string; uid?: string } | undefined => (typeof x === 'object' && x !== null ? x : undefined);
  const own = ref(t.datasource);
  // 'datasource' is Grafana's mixed source: each target names its own
  const source = own?.type && own.type !== 'datasource' ? own : ref(panel.datasource);
  return source?.type === 'prometheus' ? source.uid ?? 'prometheus' : undefined;
}

const isInstant = (t: LokiTarget): boolean => t.queryType === 'instant' || t.instant === true;

/** A metric target's matrix over the range, from Loki (split as Explore splits) or from its Prometheus. */
async function matrixOf(panel: Panel, t: ReadyTarget, range: ResolvedRange, widthPx: number, signal: AbortSignal): Promise<MatrixResult[]> {
  const uid = prometheusUid(panel, t);
  let response: QueryResponse;
  if (uid !== undefined) {
    const step = Math.max(PROMETHEUS_MIN_STEP_SEC, stepSeconds(range.toMs - range.fromMs, widthPx));
    response = await slotted(['prometheus', uid, t.expr, range.fromMs, range.toMs, step], signal, (s) => promQueryRange(uid, t.expr, range.fromMs, range.toMs, step, s));
  } else {
    const result = await slotted(['run', t.expr, range.fromMs, range.toMs, widthPx], signal, (s) => runQuery(t.expr, range, widthPx, s));
    if (result.kind !== 'metric') return [];
    response = result.response;
  }
  return response.data.resultType === 'matrix' ? response.data.result as MatrixResult[] : [];
}

/** The series of one target: an instant sample each, or the range query's samples. */
async function targetSeries(panel: Panel, t: ReadyTarget, range: ResolvedRange, widthPx: number, signal: AbortSignal): Promise<NumberSeries[]> {
  const refId = t.refId ?? 'A';
  if (isInstant(t)) {
    const uid = prometheusUid(panel, t);
    const r = await slotted(['instant', uid, t.expr, range.toMs], signal, (s) => (uid === undefined ? queryInstant(t.expr, range.toMs, s) : promQuery(uid, t.expr, range.toMs, s)));
    if (r.data.resultType !== 'vector') return [];
    return (r.data.result as VectorResult[]).map((s) => ({ name: seriesName(s.metric, t.legendFormat), labels: s.metric, refId, values: [Number(s.value[1])] }));
  }
  return (await matrixOf(panel, t, range, widthPx, signal)).map((s) => ({
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
    const series = await Promise.all(targets.map((t) => targetSeries(panel, t, range, widthPx, signal)));
    return { kind: 'series', series: series.flat() };
  }
  const graphs = await Promise.all(targets.map((t) => matrixOf(panel, t, range, widthPx, signal)));
  // one graph for all targets: each target's series named by its own legendFormat
  return { kind: 'graph', graph: mergedGraph(graphs, targets) };
}

function mergedGraph(results: MatrixResult[][], targets: readonly ReadyTarget[]): Graph {
  if (results.length === 1) return metricGraph(results[0]!, targets[0]!.legendFormat);
  const named = results.flatMap((r, i) => r.map((s) => ({ ...s, metric: { __name: seriesName(s.metric, targets[i]!.legendFormat) } })));
  return metricGraph(named, '{{__name}}');
}
