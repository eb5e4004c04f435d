// What a dashboard's URL carries, as Grafana reads and writes it: from, to, timezone, refresh, viewPanel (one panel
// alone on the page) and var-<name> (repeated for several values); what the URL leaves out comes from the dashboard's own time, timezone and refresh.
import { AUTO_REFRESH, type AutoRefresh } from '../shell/refresh-picker.js';
import type { RawTimeRange } from '../shell/time-range.js';
import type { Dashboard } from './model.js';
import type { VariableValues } from './variables.js';

export interface DashboardView {
  range: RawTimeRange;
  utc: boolean;
  refresh: AutoRefresh;
  /** Grafana's viewPanel: a panel id, or 'panel-<id>' as Grafana 11 writes it */
  viewPanel?: string;
}

const asRefresh = (v: string | false | undefined): AutoRefresh => (AUTO_REFRESH as readonly string[]).includes(v || 'off') ? (v || 'off') as AutoRefresh : 'off';

export function viewOf(dashboard: Dashboard, search: URLSearchParams): DashboardView {
  return {
    range: { from: search.get('from') ?? dashboard.time?.from ?? 'now-6h', to: search.get('to') ?? dashboard.time?.to ?? 'now' },
    utc: (search.get('timezone') ?? dashboard.timezone) === 'utc',
    refresh: asRefresh(search.get('refresh') ?? dashboard.refresh),
    viewPanel: search.get('viewPanel') ?? undefined,
  };
}

/** The var-<name> values the URL gives for one variable. */
export const urlValues = (search: URLSearchParams, name: string): string[] => search.getAll(`var-${name}`);

/** Each selected value as a var-<name> parameter of `q` (All as 'All'). */
export function appendVariables(q: URLSearchParams, values: VariableValues): void {
  for (const [name, selected] of values) for (const v of selected) q.append(`var-${name}`, v === '$__all' ? 'All' : v);
}

export function viewSearch(view: DashboardView, values: VariableValues): string {
  const q = new URLSearchParams({ orgId: '1', from: view.range.from, to: view.range.to, timezone: view.utc ? 'utc' : 'browser' });
  appendVariables(q, values);
  if (view.refresh !== 'off') q.set('refresh', view.refresh);
  if (view.viewPanel) q.set('viewPanel', view.viewPanel);
  return `?${q}`;
}
