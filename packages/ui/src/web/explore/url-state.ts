// Explore's whole state in the URL, in Grafana 12's format, so a copied link reopens the same view and a Grafana
// Explore link works with only the host changed:
//   /explore?schemaVersion=1&panes={"<id>":{"datasource":…,"queries":[{"refId":"A","expr":…,"queryType":"range"}],
//   "range":{"from":"now-1h","to":"now"}}}&orgId=1
import { DEFAULT_LOG_OPTIONS, logOptionsDiff, readLogOptions, type LogOptions } from '../logs/log-options.js';
import { DEFAULT_RANGE, type RawTimeRange } from '../shell/time-range.js';

export interface ExploreQuery {
  refId: string;
  expr: string;
  /** Grafana's legendFormat: '{{service}} {{level}}' names each series */
  legendFormat?: string;
}

export type MetricView = 'graph' | 'table';

export interface ExploreState {
  paneId: string;
  /** the data source as the link gave it (Grafana's uid), handed back unchanged */
  datasource: unknown;
  queries: ExploreQuery[];
  range: RawTimeRange;
  /** times in UTC rather than the browser's zone */
  utc: boolean;
  metricView: MetricView;
  logs: LogOptions;
}

const DATASOURCE = { type: 'loki', uid: 'logi' };

export function defaultState(): ExploreState {
  return { paneId: 'logi', datasource: DATASOURCE.uid, queries: [{ refId: 'A', expr: '' }], range: DEFAULT_RANGE, utc: false, metricView: 'graph', logs: DEFAULT_LOG_OPTIONS };
}

interface GrafanaPane {
  datasource?: unknown;
  queries?: Array<{ refId?: unknown; expr?: unknown; legendFormat?: unknown }>;
  range?: { from?: unknown; to?: unknown };
  logi?: { utc?: unknown; metricView?: unknown; logs?: unknown };
}

const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** Reads the first pane of `panes` (Grafana's split view has two; Logi shows one); anything unreadable falls back. */
export function readState(search: URLSearchParams): ExploreState {
  const state = defaultState();
  let panes: Record<string, GrafanaPane>;
  try {
    panes = JSON.parse(search.get('panes') ?? '{}') as Record<string, GrafanaPane>;
  } catch {
    return state;
  }
  const [paneId, pane] = Object.entries(panes ?? {})[0] ?? [];
  if (!paneId || !pane || typeof pane !== 'object') return state;
  state.paneId = paneId;
  state.datasource = pane.datasource ?? state.datasource;
  const queries = (pane.queries ?? []).map((q, i) => ({
    refId: asString(q.refId) ?? String.fromCharCode(65 + i),
    expr: asString(q.expr) ?? '',
    ...(asString(q.legendFormat) ? { legendFormat: asString(q.legendFormat) } : {}),
  }));
  if (queries.length > 0) state.queries = queries;
  const from = asString(pane.range?.from);
  const to = asString(pane.range?.to);
  if (from && to) state.range = { from, to };
  state.utc = pane.logi?.utc === true;
  state.metricView = pane.logi?.metricView === 'table' ? 'table' : 'graph';
  state.logs = readLogOptions(pane.logi?.logs);
  return state;
}

export function stateSearch(state: ExploreState): string {
  const logs = logOptionsDiff(state.logs);
  const logi = {
    ...(state.utc ? { utc: true } : {}), ...(state.metricView === 'table' ? { metricView: 'table' } : {}),
    ...(Object.keys(logs).length > 0 ? { logs } : {}),
  };
  const pane = {
    datasource: state.datasource,
    queries: state.queries.map((q) => ({
      refId: q.refId, expr: q.expr, queryType: 'range', datasource: DATASOURCE, editorMode: 'code',
      ...(q.legendFormat ? { legendFormat: q.legendFormat } : {}),
    })),
    range: state.range,
    ...(Object.keys(logi).length > 0 ? { logi } : {}),
  };
  const search = new URLSearchParams({ schemaVersion: '1', panes: JSON.stringify({ [state.paneId]: pane }), orgId: '1' });
  return `?${search}`;
}

/** The path of Explore running one query over the range: where other pages hand a query over to Explore. */
export function exploreHref(expr: string, time: { range: RawTimeRange; utc: boolean }): string {
  return `/explore${stateSearch({ ...defaultState(), queries: [{ refId: 'A', expr }], range: time.range, utc: time.utc })}`;
}
